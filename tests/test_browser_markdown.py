"""Nothing from an article or a file name is rendered as Markdown or HTML (issue 14):
file names, titles, sources and sentences full of Markdown links, images, autolinks and
HTML, shown in the timeline's source list (radio labels), the article panel, the tables
and the sidebar's messages. The page fails on any request leaving 127.0.0.1 (the guard
of tests/browser_support.py) and on any live link or image that points off the host."""
from __future__ import annotations

import shutil

import pytest

from core.store import reads
from core.store.filters import Filters
from tests.browser_support import ARTIFACTS, click_event, open_dashboard, start_server, stop_server
from tests.conftest import SEEDS

pytestmark = pytest.mark.browser

EVIL_NAMES = ("n_![x](https:evil.example).txt", "[link](https:evil.example) https:evil.example www.evil.example.txt")
MEETING = "De Chinese minister Wang Yi heeft gisteren in Peking zijn Russische collega Lavrov ontmoet."
SENTENCES = ("Zie ![img](https://evil.example/i.png) en <https://evil.example/auto> of www.evil.example "
             "en [klik](https://evil.example/k) <img src=https://evil.example/h.png> :red[rood] $x$.")
TITLED = f"""---
title: "![t](https://evil.example/t.png) **vet** https://evil.example/title"
source: "[bron](https://evil.example/s) www.evil.example"
url: "https://evil.example/u"
date: 2021-03-23
---
{MEETING} Beide landen beloofden de samenwerking te versterken. {SENTENCES}
"""
LIVE_OFF_HOST = """() => [...document.querySelectorAll('img, a, iframe, source, link, script')]
  .map(e => e.getAttribute('src') || e.getAttribute('href') || '')
  .filter(u => u.includes('evil') && !u.startsWith('#'))"""  # a heading's own anchor (#slug) stays on the page


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("markdown")
    corpus = folder / "corpus"
    shutil.copytree(SEEDS, corpus)
    for number, name in enumerate(EVIL_NAMES):
        (corpus / name).write_text(f"date: 2021-03-23\n{MEETING} Bericht {number}. {SENTENCES}", encoding="utf-8")
    (corpus / "titled.md").write_text(TITLED, encoding="utf-8")
    running = start_server(folder, corpus)
    yield running
    stop_server(running)


def assert_inert(page) -> None:
    assert page.evaluate(LIVE_OFF_HOST) == []
    assert page.locator(".katex, math").count() == 0


def test_file_names_titles_and_sentences_stay_text(page, server) -> None:
    open_dashboard(page, server)
    events = reads.events(server["db"], Filters())
    merged = events[(events["n_sources"] >= 2) & events["article_file"].isin(EVIL_NAMES)]
    assert len(merged), "the hostile files report one merged event"
    click_event(page, merged.iloc[0]["mention_id"])
    # sources are listed by title (the file name where there is none)
    radio = page.locator('[data-testid="stMain"] [data-testid="stRadio"]').filter(has_text="evil.example/title")
    radio.wait_for(timeout=60000)
    labels = radio.inner_text().replace("\u2060", "")  # the invisible joiner that stops autolinks
    assert "![t](https://evil.example/t.png) **vet**" in labels and "www.evil.example" in labels, labels
    assert_inert(page)
    # the article with a hostile title and source: choose it among the sources
    radio.get_by_text("evil.example/title").click()
    page.locator(".article-text").filter(has_text="evil.example/auto").wait_for(timeout=60000)
    page.wait_for_function("""() => document.querySelector('[data-testid="stMain"]').innerText
        .replaceAll('\u2060', '').includes('![t](https://evil.example/t.png) **vet** https://evil.example/title')""",
                           timeout=30000)
    assert_inert(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "hostile-markdown.png"), full_page=False)
    for tab in ("Events", "Articles"):
        page.get_by_role("tab", name=tab).click()
        page.wait_for_timeout(3000)
        assert_inert(page)
    page.wait_for_timeout(1000)  # any image request would have gone by now; the page fixture checks


def test_an_uploaded_file_name_in_the_sidebar_message_stays_text(page, server) -> None:
    open_dashboard(page, server)
    name = "n_![x](https:evil.example) [a](https:evil.example).txt"
    page.locator('[data-testid="stFileUploader"] input[type=file]').set_input_files(
        files=[{"name": name, "mimeType": "text/plain", "buffer": b"   "}])
    alert = page.locator('[data-testid="stSidebar"] [data-testid="stAlert"]').filter(has_text="empty")
    alert.wait_for(timeout=60000)
    assert "![x](https:evil.example)" in alert.inner_text()
    assert_inert(page)
    alert.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "hostile-upload-message.png"), full_page=False)
