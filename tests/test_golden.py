"""Golden tests: the parser against annotated articles.

- the seeds (tests/gold/seeds.yaml, a copy of the shared gold): F1 at least 0.90,
  no event from forbidden text, every publication date right;
- the project's golden set (tests/golden/): F1 at least 0.85;
- the holdout sets (holdout/, blind2/), each written and annotated before the parser
  saw it: F1 at least 0.80.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from core.cli.evaluate import load_gold, score
from core.cli.main import main
from core.ingest.run import ingest
from core.store import Store
from core.views.export import article_records, event_records
from tests.conftest import GOLDEN, SEEDS, SHARED, TESTS


def ingest_and_score(folder: Path, gold: Path, db: Path):
    summary = ingest([folder], db)
    assert not summary.refused or all(p.endswith("gold.yaml") for p, _ in summary.refused)
    with Store(db, read_only=True) as store:
        events, articles = event_records(store.events_frame()), article_records(store.articles_frame())
    return score(load_gold(gold), events, articles), events, articles


def test_seeds_golden(fresh_db: Path) -> None:
    result, _, _ = ingest_and_score(SEEDS, TESTS / "gold" / "seeds.yaml", fresh_db)
    report = result.report(verbose=True)
    assert "FORBIDDEN" not in report, report
    assert all(a.published_ok for a in result.articles), report
    assert result.f1 >= 0.90, report


def test_own_golden_set(fresh_db: Path) -> None:
    result, _, _ = ingest_and_score(GOLDEN / "articles", GOLDEN / "gold.yaml", fresh_db)
    report = result.report(verbose=True)
    assert "FORBIDDEN" not in report, report
    assert len(result.articles) >= 12
    assert all(a.published_ok for a in result.articles), report
    assert result.f1 >= 0.85, report


@pytest.mark.slow  # three more annotated sets
@pytest.mark.parametrize("folder", ["holdout", "blind2", "blind3"])
def test_holdout_sets(fresh_db: Path, folder: str) -> None:
    result, _, _ = ingest_and_score(GOLDEN / folder, GOLDEN / folder / "gold.yaml", fresh_db)
    assert all(a.published_ok for a in result.articles)
    assert result.f1 >= 0.80, result.report(verbose=True)


def test_seed_003_is_flagged_inferred(fresh_db: Path) -> None:
    _, _, articles = ingest_and_score(SEEDS, TESTS / "gold" / "seeds.yaml", fresh_db)
    by_file = {a["article_file"]: a for a in articles}
    assert by_file["003_cc52fa95362b068f.txt"]["published_basis"] == "inferred"
    assert by_file["000_791442e738a00ce8.txt"]["published_basis"] == "header"


@pytest.mark.slow  # the shared scorer in new processes
@pytest.mark.skipif(not (SHARED / "tools" / "score.py").exists(), reason="shared/ is not beside the project")
def test_evaluate_agrees_with_the_shared_scorer(fresh_db: Path, tmp_path: Path, capsys) -> None:
    """`python -m core evaluate` prints the precision and recall of shared/tools/score.py."""
    ingest([SEEDS, GOLDEN / "articles"], fresh_db)
    events, articles = tmp_path / "e.jsonl", tmp_path / "a.jsonl"
    for what, out in (("events", events), ("articles", articles)):
        assert main(["export", "--db", str(fresh_db), "--what", what, "--format", "jsonl", "-o", str(out)]) == 0
    for gold in (SHARED / "gold" / "seeds.yaml", GOLDEN / "gold.yaml"):
        shared = subprocess.run([sys.executable, str(SHARED / "tools" / "score.py"), "--gold", str(gold),
                                 "--events", str(events), "--articles", str(articles)],
                                capture_output=True, text=True, check=True).stdout
        capsys.readouterr()
        main(["evaluate", "--gold", str(gold), "--db", str(fresh_db)])
        ours = capsys.readouterr().out
        pick = lambda text: [l for l in text.splitlines() if l.startswith(("precision", "F1", "publication"))]
        assert pick(ours) == pick(shared)


def test_export_rows_carry_every_field(fresh_db: Path) -> None:
    from core.views.export import ARTICLE_FIELDS, EVENT_FIELDS
    _, events, articles = ingest_and_score(SEEDS, TESTS / "gold" / "seeds.yaml", fresh_db)
    assert events and all(set(EVENT_FIELDS) == set(e) for e in events)
    assert all(set(ARTICLE_FIELDS) == set(a) for a in articles)
    json.dumps(events)  # plain JSON, nothing left as a pandas or numpy value
    linked = [e for e in events if e["known_event"]]
    assert linked and all(e["event_id"] == f"k:{e['known_event']}" for e in linked)
