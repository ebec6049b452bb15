"""The fixed command line: every subcommand documents itself and does its job."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


from core.cli import build_parser, main
from tests.conftest import PROJECT, SEEDS

SUBCOMMANDS = ("ingest", "export", "evaluate", "bench", "briefing")


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
    assert csv.returncode == 0 and csv.stdout.splitlines()[0].startswith("article_file,title,language,published")


def test_ingest_fails_only_when_nothing_could_be_read(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    result = run("ingest", str(tmp_path), "--db", str(tmp_path / "t.duckdb"))
    assert result.returncode == 1 and "refused" in result.stdout and "empty file" in result.stdout


def test_export_without_database_says_what_to_do(tmp_path: Path) -> None:
    result = run("export", "--db", str(tmp_path / "none.duckdb"), "--what", "events", "--format", "jsonl")
    assert result.returncode == 2 and "ingest" in result.stderr


def test_csv_export_neutralises_formulas() -> None:
    from core.export import to_csv
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
