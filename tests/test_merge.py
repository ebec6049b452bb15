"""Merging: the pair test set (accuracy at least 0.9) and the seeds with the golden sets."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from core.ingest.run import ingest
from core.models import Period
from core.store import Store
from core.store.merge import Mention, same_event
from tests.conftest import GOLDEN, SEEDS

PAIRS = yaml.safe_load((GOLDEN / "pairs.yaml").read_text(encoding="utf-8"))["pairs"]


def mention(data: dict, name: str) -> Mention:
    period = Period.parse(str(data["date"]))
    return Mention(name, name, data["type"], frozenset(data["actors"]), period.start, period.end,
                   period.granularity.value, data["sentence"], data["language"], data.get("known_event"))


def test_pair_set_accuracy() -> None:
    right, wrong = 0, []
    for number, pair in enumerate(PAIRS):
        a = mention(pair["a"], f"a{number}")
        b = mention(pair["b"], f"a{number}" if pair.get("same_article") else f"b{number}")
        if same_event(a, b) == pair["same"] == same_event(b, a):
            right += 1
        else:
            wrong.append(pair["why"])
    accuracy = right / len(PAIRS)
    print(f"\npair set: {right}/{len(PAIRS)} right, accuracy {accuracy:.2f}")
    assert len(PAIRS) >= 20 and sum(p["same"] for p in PAIRS) >= 8
    assert accuracy >= 0.9, wrong


def test_the_partnership_is_one_event_with_all_its_sources(tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    summary = ingest([SEEDS, GOLDEN / "articles"], db)
    assert summary.merged >= 2
    with Store(db, read_only=True) as store:
        events = store.events_frame()
    partnership = events[events.known_event == "no_limits_partnership_2022"]
    assert partnership["event_id"].nunique() == 1
    assert set(partnership["article_file"]) >= {"003_cc52fa95362b068f.txt", "en_01_no_limits.txt", "nl_02_staatsbezoek.md"}
    from core.views.export import event_records
    rows = [r for r in event_records(events) if r["known_event"] == "no_limits_partnership_2022"]
    assert all(set(r["sources"]) == set(partnership["article_file"]) for r in rows)


def test_passing_mention_counts_for_the_known_event(tmp_path: Path) -> None:
    from core.store import reads
    db = tmp_path / "t.duckdb"
    ingest([SEEDS], db)
    passing = reads.passing_mentions(db, "invasion_ukraine_2022")
    assert len(passing) >= 1 and passing.sentence.str.contains("invasie").all()
    assert reads.known_event_counts(db)["invasion_ukraine_2022"] >= 1
    assert "putin_reelection_2018" not in reads.known_event_counts(db), "of namesakes, the one that fits"


@pytest.mark.slow  # ingests the golden sets twice
def test_incremental_merge_gives_what_merging_everything_gives(tmp_path: Path, monkeypatch) -> None:
    """Re-ingest with a few files changed: only the touched events are clustered again,
    and every mention ends with the event_id a full merge gives it."""
    import core.store.merging
    from core.cli.bench import write_corpus

    corpus = tmp_path / "corpus"
    write_corpus(80, corpus, seed=3)
    db = tmp_path / "t.duckdb"
    ingest([corpus], db)
    files = sorted(corpus.rglob("*.txt"))
    # three files move in time (their relative dates move with them), two take another's text
    for path in files[:3]:
        body = path.read_text(encoding="utf-8").split("\n", 1)[1]
        path.write_text("date: 2019-06-12\n" + body, encoding="utf-8")
    for path, other in ((files[10], files[40]), (files[11], files[41])):
        body = other.read_text(encoding="utf-8").split("\n", 1)[1]
        path.write_text("date: 2021-03-02\n" + body, encoding="utf-8")
    clustered: list[int] = []
    real_recluster = core.store.merging.recluster

    def counting(new, reopened, candidates, members_of):  # noqa: ANN001, ANN202
        clustered.append(len(new) + len(reopened) + len(candidates))
        return real_recluster(new, reopened, candidates, members_of)

    monkeypatch.setattr(core.store.merging, "recluster", counting)
    ingest([corpus], db)
    with Store(db) as store:
        total = store.counts()["events"]
        incremental = dict(store._con.execute("SELECT mention_id, event_id FROM events").fetchall())
        merged = store.merge(full=True)
        full = dict(store._con.execute("SELECT mention_id, event_id FROM events").fetchall())
    assert len(clustered) == 1 and 0 < clustered[0] < total / 2, "only what new mentions can touch is read"
    assert merged >= 5, "the corpus repeats sentences: several events have several sources"
    assert incremental == full


@pytest.mark.parametrize("seed", [5, 6, 7])
def test_grouped_clustering_equals_comparing_every_pair(seed: int) -> None:
    """cluster() compares identical mentions once; the events it makes are those of
    comparing every pair of mentions with same_event."""
    import datetime as dt
    import random

    from core.store.merge import cluster

    rng = random.Random(seed)
    sentences = ["Russia and China held joint naval exercises in the Sea of Japan",
                 "China and Russia signed an energy agreement on gas supplies",
                 "Rusland en China hielden een gezamenlijke marine-oefening", ""]
    mentions = []
    for number in range(400):
        day = dt.date(2022, 3, 1) + dt.timedelta(days=rng.randint(0, 6))
        end = day if rng.random() < 0.7 else day + dt.timedelta(days=30)
        mentions.append(Mention(
            f"m{number:03d}", f"a{rng.randint(0, 40)}", rng.choice(["EXERCISE", "AGREE"]),
            frozenset(rng.choice([("CHN", "RUS"), ("CHN", "RUS", "USA"), ("RUS",)])), day, end,
            "day" if end == day else "month", rng.choice(sentences), rng.choice(["en", "nl"]),
            "joint_exercise" if rng.random() < 0.05 else None))
    ids = cluster(mentions)
    parent = {m.mention_id: m.mention_id for m in mentions}

    def root(item: str) -> str:
        while parent[item] != item:
            item = parent[item]
        return item

    for i, a in enumerate(mentions):
        for b in mentions[i + 1:]:
            if same_event(a, b):
                parent[root(a.mention_id)] = root(b.mention_id)
    expected = {frozenset(m.mention_id for m in mentions if root(m.mention_id) == r) for r in set(map(root, parent))}
    got: dict[str, set[str]] = {}
    for mention_id, event_id in ids.items():
        got.setdefault(event_id, set()).add(mention_id)
    assert {frozenset(g) for g in got.values()} == expected
    assert len(expected) < len(mentions) / 2, "the set is built to merge a lot"


def test_the_candidate_rule_reads_the_same_in_sql_and_in_python(tmp_path: Path) -> None:
    """The store fetches the candidates of the mentions not merged yet with CANDIDATES_SQL;
    the clustering compares them with candidate_pairs. Both read the one rule of
    core.store.candidates: the SQL misses none of Python's candidates, and names no other
    stored mention than those of a known event in the new mention's own article (which
    Python leaves out: one article is never merged with itself)."""
    from core.cli.bench import write_corpus
    from core.store.candidates import CANDIDATES_SQL, MENTION_COLUMNS, candidate_pairs, mention_of

    corpus = tmp_path / "corpus"
    write_corpus(60, corpus, seed=4)
    db = tmp_path / "t.duckdb"
    ingest([corpus], db)
    with Store(db) as store:
        store._run("UPDATE events SET merged = (hash(mention_id) % 5 <> 0)")  # a fifth of the mentions are new
        rows = store._rows(f"SELECT {', '.join(MENTION_COLUMNS)}, merged FROM events WHERE NOT deleted")
        from_sql = {r[0] for r in store._rows(CANDIDATES_SQL)}
    new = [mention_of(r) for r in rows if not r[-1]]
    stored = [mention_of(r) for r in rows if r[-1]]
    from_python = {b.mention_id for _, b in candidate_pairs(new, stored)}
    assert new and len(from_python) > 10, "the corpus has new mentions with candidates"
    from_sql &= {m.mention_id for m in stored}
    assert from_python <= from_sql
    own_article = {(m.article_id, m.known_event) for m in new if m.known_event}
    assert all((m.article_id, m.known_event) in own_article for m in stored if m.mention_id in from_sql - from_python)
