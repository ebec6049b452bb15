"""The Streamlit app, driven by streamlit.testing (no browser)."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from core.ingest.run import ingest
from core.store import reads
from core.store.filters import Filters
from core.views import briefing
from tests.conftest import PROJECT, SEEDS, require_browser

APP = str(PROJECT / "dashboard.py")


pytestmark = pytest.mark.slow  # each test runs the whole page (AppTest)


@pytest.fixture
def first_start_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the seeds and no database yet: the app's first start."""
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    db = tmp_path / "timeline.duckdb"
    monkeypatch.setenv("TIMELINE_DB", str(db))
    monkeypatch.setenv("TIMELINE_CORPUS", str(corpus))
    monkeypatch.setenv("TIMELINE_ARTICLES", str(tmp_path / "articles"))
    return db


@pytest.fixture
def app_env(first_start_env: Path, seeds_store: Path) -> Path:
    """A copy of the seeds and of their database, ingested once per session: the app
    starts at once (copied after the folder, the database is newer than its files)."""
    shutil.copyfile(seeds_store, first_start_env)
    return first_start_env


def run_app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def events_metric(at: AppTest) -> int:
    return int(next(m.value for m in at.metric if m.label == "Events"))


def test_first_start_ingests_the_seeds(first_start_env: Path) -> None:
    assert not first_start_env.exists()
    at = run_app()
    assert first_start_env.exists()
    assert events_metric(at) >= 22
    assert next(m.value for m in at.metric if m.label == "Articles") == "3 of 3"
    assert [t.label for t in at.tabs] == ["Timeline", "Relations", "Events", "Changes", "Articles"]
    charts_shown = lambda: [c.key for c in at.get("plotly_chart")]  # noqa: E731
    assert charts_shown() == ["timeline"] and not at.dataframe, "only the open tab runs: the timeline"
    at.session_state["view_tab"] = "Relations"
    at.run()
    assert charts_shown() == ["relations"], "the relations chart, not the timeline"
    at.session_state["view_tab"] = "Events"
    at.run()
    assert at.dataframe and not charts_shown(), "the events table alone"


@pytest.mark.parametrize("action", [
    lambda at: at.slider(key="years").set_value((2023, 2023)),
    lambda at: at.toggle(key="together").set_value(True),
    lambda at: at.multiselect(key="actors").set_value(["USA"]),
    lambda at: at.multiselect(key="languages").set_value(["nl"]).run() and at.multiselect(key="articles").set_value(["001_61e57e3379c17ff2.txt"]),
    lambda at: at.select_slider(key="precision").set_value("month"),
    lambda at: at.text_input(key="search").set_value("sancties"),
], ids=["years", "together", "actors", "article", "precision", "search"])
def test_each_filter_changes_what_is_shown(app_env: Path, action) -> None:
    at = run_app()
    before = events_metric(at)
    action(at)
    at.run()
    assert not at.exception
    assert 0 < events_metric(at) < before


def test_type_pills_filter(app_env: Path) -> None:
    at = run_app()
    before = events_metric(at)
    pills = [w for w in at.get("button_group") if "Sanctions and pressure" in str(w.proto.label)]
    assert pills
    pills[0].set_value(["SANCTION"]).run()
    assert 0 < events_metric(at) < before


def open_event(app_env: Path, sentence_start: str) -> tuple[AppTest, pd.Series]:
    """The page with the event of the sentence that starts so chosen."""
    at = run_app()
    events = reads.events(app_env, Filters())
    row = events[events.sentence.str.startswith(sentence_start)].iloc[0]
    at.session_state["selected_mention"] = row["mention_id"]
    at.run()
    return at, row


def test_selection_shows_its_sentence_highlighted(app_env: Path) -> None:
    at, row = open_event(app_env, "Gisteren stelde de Europese Unie")
    import html
    shown = html.unescape(" ".join(m.value for m in at.markdown))  # as the browser shows it
    assert "<mark>Gisteren stelde de Europese Unie" in shown
    assert "Sanction" in shown and "2021-03" in shown


def test_url_restores_the_view(app_env: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["years"] = "2023-2023"
    at.query_params["types"] = "REJECT"
    at.run()
    assert not at.exception
    assert at.slider(key="years").value == (2023, 2023)
    assert events_metric(at) == len(reads.events(app_env, Filters(years=(2023, 2023), types=("REJECT",))))


def test_paste_adds_an_article(app_env: Path) -> None:
    at = run_app()
    before = events_metric(at)
    [area] = [w for w in at.text_area if w.label == "Article text"]
    area.set_value("Poetin en Xi Jinping ondertekenden gisteren in Moskou een nieuw handelsakkoord "
                              "over de levering van gas aan China.")
    inputs = [w for w in at.text_input if w.label.startswith("Publication date (optional)")]
    inputs[0].set_value("2023-03-22")
    at.button[[b.label for b in at.button].index("Add")].click().run()
    assert not at.exception
    assert events_metric(at) == before + 1


def test_upload_refuses_wrong_names_and_types(tmp_path: Path) -> None:
    from core.ingest.workspace import UploadRefused, safe_name, save_upload
    folder = tmp_path / "articles"
    assert safe_name("../../etc/passwd.txt") == "passwd.txt"
    assert safe_name("a\nb\x00c.txt") == "abc.txt"
    assert safe_name(".hidden.md") == "hidden.md"
    saved = save_upload("../../escape.txt", b"China en Rusland spraken gisteren over handel en energie.", folder)
    assert saved.parent == folder.resolve()
    with pytest.raises(UploadRefused, match="only"):
        save_upload("x.exe", b"MZ", folder)
    with pytest.raises(UploadRefused, match="limit"):
        save_upload("big.txt", b"a" * (11 * 1024 * 1024), folder)


def test_table_exports(app_env: Path) -> None:
    ingest([SEEDS], app_env)
    events = reads.events(app_env, Filters())
    csv = briefing.table_bytes(events, "csv").decode("utf-8")
    assert csv.startswith("\ufeffevent_id,article_file,sentence") and len(csv.splitlines()) > len(events)
    assert briefing.table_bytes(events, "xlsx")[:2] == b"PK"
    assert len(briefing.table_bytes(events, "jsonl").decode().splitlines()) == len(events)


def test_html_briefing_is_self_contained(app_env: Path) -> None:
    from core.views import charts
    ingest([SEEDS], app_env)
    events = reads.events(app_env, Filters())
    fig = charts.timeline_figure(events)
    page = briefing.html_briefing(fig, events, "Title <b>", "sub", "source")
    assert page.startswith("<!DOCTYPE html>") and "Title &lt;b&gt;" in page
    assert "<script src=" not in page and "Plotly.newPlot" in page
    assert "Gisteren stelde de Europese Unie" in page


def test_image_exports(app_env: Path) -> None:
    if briefing.browser_path() is None:
        if require_browser():
            pytest.fail("Chromium is required here (CI) for image export")
        pytest.skip("no Chromium on this machine")
    from core.views import charts
    ingest([SEEDS], app_env)
    fig = charts.timeline_figure(reads.events(app_env, Filters()),
                                 options=charts.TimelineOptions(title="China–Russia", subtitle="all", source_line="3 articles"))
    png, svg, pdf = (briefing.figure_image(fig, fmt) for fmt in ("png", "svg", "pdf"))
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20000
    assert b"<svg" in svg[:500] and pdf[:5] == b"%PDF-"
    import struct
    width, height = struct.unpack(">II", png[16:24])
    assert width == 2800, "2x scale"


def test_passing_mentions_are_listed_with_the_known_event(app_env: Path) -> None:
    corpus = Path(os.environ["TIMELINE_CORPUS"])
    (corpus / "passing.txt").write_text(
        "date: 2024-05-20\nSinds het partnerschap zonder grenzen is de handel tussen de twee landen verdubbeld, "
        "zeggen economen in Moskou.\n", encoding="utf-8")
    at = run_app()
    events = reads.events(app_env, Filters())
    linked = events[events.known_event == "no_limits_partnership_2022"].iloc[0]
    at.session_state["selected_mention"] = linked["mention_id"]
    at.run()
    assert any("Also named in passing in 1 sentence" in e.label for e in at.expander)


def test_headline_on_the_card_and_corrected_in_the_form(app_env: Path) -> None:
    at, row = open_event(app_env, "Gisteren stelde de Europese Unie")
    import html
    assert "EU sanctions China" in html.unescape(" ".join(m.value for m in at.markdown))
    next(t for t in at.text_input if t.label == "Headline").set_value("EU sanctions Chinese officials")
    next(b for b in at.button if b.label == "Save corrections").click().run()
    assert not at.exception
    stored = reads.events(app_env, Filters())
    assert stored.set_index("mention_id").loc[row["mention_id"], "headline"] == "EU sanctions Chinese officials"


def test_who_acts_is_corrected_in_the_form(app_env: Path) -> None:
    at, row = open_event(app_env, "Gisteren stelde de Europese Unie")
    source = next(m for m in at.multiselect if m.label == "Who acts (source actors)")
    target = next(m for m in at.multiselect if m.label == "Acted on (target actors)")
    assert (source.value, target.value) == (["EU"], ["CHN"])
    source.set_value(["CHN"])
    target.set_value(["EU"])
    next(b for b in at.button if b.label == "Save corrections").click().run()
    assert not at.exception and not at.error
    stored = reads.events(app_env, Filters()).set_index("mention_id").loc[row["mention_id"]]
    assert (list(stored["source_actors"]), list(stored["target_actors"])) == (["CHN"], ["EU"])
    import html
    shown = html.unescape(" ".join(m.value for m in at.markdown))
    assert "China → EU" in shown or "China → European Union" in shown, "the card shows the correction"
    assert any("corrected: who acts, acted on" in e.label for e in at.expander)
    # a role outside the actors is refused with the reason, nothing stored
    next(m for m in at.multiselect if m.label == "Acted on (target actors)").set_value(["EU", "USA"])
    next(b for b in at.button if b.label == "Save corrections").click().run()
    assert any("among the event's actors" in html.unescape(e.value) for e in at.error)
    stored = reads.events(app_env, Filters()).set_index("mention_id").loc[row["mention_id"]]
    assert list(stored["target_actors"]) == ["EU"]


def test_articles_are_chosen_by_title(app_env: Path) -> None:
    at = run_app()
    seed = "001_61e57e3379c17ff2.txt"
    facets = reads.facets(app_env)
    assert facets.article_titles[seed] == ("VS: ‘China overweegt wapens te leveren aan Rusland’", "2023-02")
    picker = at.multiselect(key="articles")
    shown = list(picker.options)  # the labels the user sees
    assert "VS: ‘China overweegt wapens te leveren aan Rusland’ · February 2023" in shown
    assert len(shown) == len(facets.articles) and not any(".txt" in o for o in shown), "no file name as a label"
    picker.set_value([seed]).run()  # the filter's value (and the URL's) stays the file name
    assert not at.exception
    assert set(reads.events(app_env, Filters(articles=(seed,)))["article_file"]) == {seed}
    assert at.metric[0].value.startswith("1 of")
    at.session_state["view_tab"] = "Articles"
    at.run()
    pub = at.selectbox(key="pub_article")
    assert pub.options and all(" · " in str(label) and ".txt" not in str(label) for label in pub.options)
    at.session_state["view_tab"] = "Events"
    at.run()
    table = at.dataframe[0].value
    assert set(table["article"]) == {"VS: ‘China overweegt wapens te leveren aan Rusland’ · February 2023"}
    assert list(table.columns)[-1] == "article_file" and set(table["article_file"]) == {seed}, "the file kept, last"
    assert all(" · " in str(label) and ".txt" not in str(label) for label in at.selectbox[0].options)


def test_briefing_title_states_the_point_and_can_be_written(app_env: Path) -> None:
    at = run_app()
    at.session_state["briefing_export"] = True  # the expander open: its content is built only then
    at.run()
    title = at.text_input(key="briefing_title")
    assert title.proto.placeholder.startswith("China–Russia relations: more")
    title.set_value("Moscow and Beijing close ranks").run()
    assert not at.exception
    assert at.radio(key="briefing_size").options == ["16:9 slide", "A4 landscape", "A4 portrait"]
