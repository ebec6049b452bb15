"""Screenshots of the dashboard on the seeds at three window sizes, into this folder.

    .venv/bin/python docs/screenshots/make.py

Starts `streamlit run dashboard.py` on a copy of seeds/ (as the browser tests do) and
saves, per window size, timeline-<width>x<height>.png (the page as it opens) and
source-<width>x<height>.png (after a click on the "gisteren" meeting of February 2023:
the source panel with its marked sentence); also the Relations tab at 1440×900.
"""
from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from playwright.sync_api import sync_playwright  # noqa: E402

from core.store import reads  # noqa: E402
from core.store.filters import Filters  # noqa: E402
from tests.browser_support import CHROMIUM, LAUNCH_ARGS, click_event, start_server, stop_server  # noqa: E402
from tests.conftest import SEEDS  # noqa: E402

SIZES = ((1440, 900), (1024, 768), (800, 900), (1920, 1080))


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="screenshots-"))
    corpus = folder / "corpus"
    shutil.copytree(SEEDS, corpus)
    server = start_server(folder, corpus)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
            for width, height in SIZES:
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(server["url"], timeout=90000)
                page.wait_for_selector(".js-plotly-plot .scatterlayer .point", timeout=90000)
                page.wait_for_timeout(1500)
                page.screenshot(path=str(HERE / f"timeline-{width}x{height}.png"))
                events = reads.events(server["db"], Filters())
                target = events[events.sentence.str.startswith("De twee ministers spraken elkaar gisteren")]
                if len(target):
                    click_event(page, target.iloc[0]["mention_id"])
                    page.locator(".article-text mark", has_text="De twee ministers").wait_for(timeout=30000)
                    page.mouse.move(0, height - 1)  # no hover label over the chart
                    page.wait_for_timeout(1500)
                    page.screenshot(path=str(HERE / f"source-{width}x{height}.png"))
                if width == 1440:
                    page.get_by_role("tab", name="Relations").click()
                    page.wait_for_selector(".st-key-relations .js-plotly-plot, [class*='relations'] .js-plotly-plot",
                                           timeout=60000)
                    page.wait_for_timeout(1500)
                    page.screenshot(path=str(HERE / f"relations-{width}x{height}.png"))
                page.close()
            browser.close()
    finally:
        stop_server(server)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
