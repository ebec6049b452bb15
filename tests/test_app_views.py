"""The dashboard's views in streamlit.testing (no browser): people as actors, the view in
the URL, the source panel in plain language."""
from __future__ import annotations

import html
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core.store import reads
from core.store.filters import Filters
from tests.test_app import APP, app_env, events_metric, first_start_env, run_app  # noqa: F401  (fixtures)

pytestmark = pytest.mark.slow  # each test runs the whole page (AppTest)


def shown_text(at: AppTest) -> str:
    return html.unescape(" ".join(m.value for m in at.markdown))  # as the browser shows it


def test_people_are_in_the_actor_filter(app_env: Path) -> None:
    at = run_app()
    options = at.multiselect(key="actors").options
    assert any(o.startswith("Sergey Lavrov (") for o in options), options
    assert any(o.startswith("China (") for o in options)
    at.multiselect(key="actors").set_value(["person:Sergey Lavrov"]).run()
    assert not at.exception
    lavrov = reads.events(app_env, Filters(people=("Sergey Lavrov",)))
    assert 0 < events_metric(at) == len(lavrov) < len(reads.events(app_env, Filters()))
    assert at.query_params["people"] == "Sergey Lavrov"


def test_url_gives_lanes_colour_tab_and_filters(app_env: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in {"lanes": "actor", "colour": "type", "tab": "relations", "people": "Wang Yi",
                       "period": "M"}.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.radio(key="lanes").value == "actor" and at.radio(key="colour").value == "type"
    assert at.radio(key="freq").value == "M"
    assert [c.key for c in at.get("plotly_chart")] == ["relations"], "the Relations tab is open"
    assert at.multiselect(key="actors").value == ["person:Wang Yi"]
    # and the URL keeps saying so after a run
    params = {k: str(v) for k, v in at.query_params.items()}
    assert {"lanes": "actor", "colour": "type", "tab": "relations", "people": "Wang Yi", "period": "M"}.items() \
        <= params.items()
    at.radio(key="lanes").set_value("theme").run()
    assert "lanes" not in at.query_params, "the default lanes leave the URL"


def test_source_panel_speaks_plainly(app_env: Path) -> None:
    at = run_app()
    events = reads.events(app_env, Filters())
    linked = events[events.known_event == "no_limits_partnership_2022"].iloc[0]
    at.session_state["selected_mention"] = linked["mention_id"]
    at.run()
    details = next(e for e in at.expander if e.label == "Details")
    card = next(m.value for m in at.markdown if "<div class=\"event-card\"" in m.value)
    card_text = html.unescape(card)
    assert "partnership declared in Beijing" in card_text, "the known event by its name"
    assert "no_limits_partnership_2022" not in card_text and "confidence" not in card_text.lower()
    assert "quad" not in card_text.lower() and "inherited" not in card_text
    assert "no_limits_partnership_2022" in html.unescape(" ".join(m.value for m in details.markdown))
    article = reads.article(app_env, str(linked["article_id"]))
    head = next(m.value for m in at.markdown if "<div class=\"article-head\"" in m.value)
    assert article["file"] not in html.unescape(head)
    assert html.unescape(head).count(str(article["title"])[:30]) == 1
    assert "<mark>" in shown_text(at)


def test_export_expander_keeps_its_state(app_env: Path) -> None:
    at = run_app()
    assert not any(b.key == "prepare_images" for b in at.button), "closed: nothing built"
    at.session_state["briefing_export"] = True
    at.run()
    assert any(b.key == "prepare_images" for b in at.button)
    at.run()
    assert at.session_state["briefing_export"] is True


def test_relations_choices_survive_a_visit_to_another_tab(app_env: Path) -> None:
    at = run_app()
    at.session_state["view_tab"] = "Relations"
    at.run()
    at.multiselect(key="pairs").set_value(["CHN-USA"]).run()
    at.radio(key="freq").set_value("M").run()
    assert at.query_params["pairs"] == "CHN-USA" and at.query_params["period"] == "M"
    at.session_state["view_tab"] = "Timeline"
    at.run()
    assert at.query_params["pairs"] == "CHN-USA", "the URL keeps them while the tab is closed"
    at.session_state["view_tab"] = "Relations"
    at.run()
    assert at.multiselect(key="pairs").value == ["CHN-USA"] and at.radio(key="freq").value == "M"


def test_the_chosen_event_is_in_the_url(app_env: Path) -> None:
    at = run_app()
    assert "event" not in at.query_params, "the newest event, shown by default, needs no parameter"
    events = reads.events(app_env, Filters())
    row = events[events.sentence.str.startswith("Gisteren stelde de Europese Unie")].iloc[0]
    at.session_state["selected_mention"] = row["mention_id"]
    at.run()
    assert at.query_params["event"] == row["mention_id"]
    fresh = AppTest.from_file(APP, default_timeout=120)
    fresh.query_params["event"] = row["mention_id"]
    fresh.run()
    assert "<mark>Gisteren stelde de Europese Unie" in shown_text(fresh)
