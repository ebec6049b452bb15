"""Since the last briefing, in Chromium: the seeds are read, marked as briefed; two
articles come in (one reporting a new event, one a reprint of a seed's story published
later, so that its relative dates move); the Changes tab lists what changed, the card
counts articles and independent sources and shows where they disagree."""
from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from core.store import reads
from core.store.filters import Filters
from tests.browser_support import click_event, open_dashboard, start_server, stop_server
from tests.conftest import SEEDS

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
ORIGINAL = "000_791442e738a00ce8.txt"
NEW_ARTICLE = ("date 2024-05-16\nPoetin en Xi tekenen verklaring in Peking\n\n"
               "Poetin en Xi Jinping hebben donderdag in Peking een gezamenlijke verklaring ondertekend over een "
               "nieuw tijdperk van samenwerking tussen Rusland en China.\n")


def reprint() -> str:
    """The first seed as another site carries it: ten days later, another headline, page noise."""
    body = (SEEDS / ORIGINAL).read_text(encoding="utf-8").split("\n", 1)[1]
    return ("date 2021-04-02\nOvergenomen: Peking en Moskou halen hard uit naar het Westen\n\n"
            "Deel dit artikel: Share App Mail Tweet Pin\n\n" + body + "\n\nMeer nieuws\n")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser-changes")
    corpus = folder / "corpus"
    shutil.copytree(SEEDS, corpus)
    running = start_server(folder, corpus)
    yield running
    stop_server(running)


def test_marked_as_briefed_then_two_articles(page, server, tmp_path: Path) -> None:
    open_dashboard(page, server)
    before = reads.events(server["db"], Filters())
    seed_event = before[(before["article_file"] == ORIGINAL) & (before["headline"] == "EU sanctions China")].iloc[0]
    assert seed_event["n_sources"] == 1

    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_label("Name").fill("Monday briefing")
    sidebar.get_by_role("button", name="Mark as briefed").click()
    page.get_by_text("Marked as briefed: Monday briefing").wait_for(timeout=30000)
    assert list(reads.snapshots(server["db"])["name"]) == ["Monday briefing"]

    new_file, copy_file = tmp_path / "xi_putin_may.txt", tmp_path / "reprint_sanctions.txt"
    new_file.write_text(NEW_ARTICLE, encoding="utf-8")
    copy_file.write_text(reprint(), encoding="utf-8")
    page.locator('[data-testid="stFileUploader"] input[type=file]').set_input_files([str(new_file), str(copy_file)])
    page.get_by_text("Added 2 article(s)").wait_for(timeout=90000)

    # what the store now says, independently of the view: the reprint adds no event of its own
    # (events are followed by their mentions: joining a copy renames an event)
    after = reads.events(server["db"], Filters())
    known_keys = set(before["mention_key"])
    keys_of = after.groupby("event_id")["mention_key"].agg(set)
    new_ids = {event for event, keys in keys_of.items() if not keys & known_keys}
    assert new_ids and set(after[after["event_id"].isin(new_ids)]["article_file"]) == {new_file.name}
    from_copy = after[after["article_file"] == copy_file.name]
    assert len(from_copy) >= 5 and all(keys_of[e] & known_keys for e in from_copy["event_id"])
    assert (from_copy["n_sources"] == 2).all() and (from_copy["n_independent"] == 1).all()
    seed_now = after[after["mention_key"] == seed_event["mention_key"]].iloc[0]

    page.get_by_role("tab", name="Changes").click()
    page.get_by_role("button", name="Download CSV").wait_for(timeout=30000)  # the tab drawn to its end
    metrics = page.locator('[data-testid="stMetric"]')
    shown = {m.locator('[data-testid="stMetricLabel"]').inner_text().strip():
             m.locator('[data-testid="stMetricValue"]').inner_text().strip() for m in metrics.all()}
    assert shown["New events"] == str(len(new_ids))
    assert shown["More sources"] == str(from_copy["event_id"].nunique())
    assert shown["Gone"] == "0" and shown["Changed"] == "0"
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    assert {r["event_id"] for r in rows if r["change"] == "new"} == new_ids
    gained = [r for r in rows if r["change"] == "more sources"]
    assert {r["new_sources"] for r in gained} == {copy_file.name}
    assert seed_now["event_id"] in {r["event_id"] for r in gained}
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "changes-tab.png"), full_page=False)

    page.get_by_role("tab", name="Timeline").click()
    page.wait_for_selector(".js-plotly-plot .scatterlayer .point", timeout=60000)
    page.locator(".js-plotly-plot").first.screenshot(path=str(ARTIFACTS / "changes-timeline.png"))
    traces = page.evaluate("() => document.querySelector('.js-plotly-plot').data.map(t => [t.name, (t.x || []).length])")
    named = dict((n, k) for n, k in traces if n)
    assert named.get("New since the briefing") == len(after[after["event_id"].isin(new_ids)
                                                            & after["date_start"].notna()]["event_id"].unique())
    assert named.get("Sources disagree", 0) >= 1
    click_event(page, str(seed_event["mention_id"]))
    panel = page.locator(".st-key-source_panel")
    panel.get_by_text("2 articles, 1 independent source").first.wait_for(timeout=30000)
    panel.locator("mark", has_text="Gisteren stelde de Europese Unie").wait_for(timeout=30000)
    text = panel.inner_text()
    assert "Sources disagree on the date" in text
    assert "March 2021" in text and "1 Apr 2021" in text  # "gisteren" in March, and in the reprint of 2 April
    assert "↳ copy:" in text and "Overgenomen" in text  # the reprint, under the original
    page.screenshot(path=str(ARTIFACTS / "changes-card.png"), full_page=False)
