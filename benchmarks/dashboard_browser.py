"""The dashboard in a real browser on a large store: time to first chart, time per
filter change, and the server's memory.

    .venv/bin/python benchmarks/dashboard_browser.py --events 100000 1000000 [--out bench-out]

For each size, a store of synthetic events is built (`core.store.synthetic.synthetic_store`),
`streamlit run dashboard.py` is started on it and Chromium (Playwright, Debian's
/usr/bin/chromium) opens the page. Figures are printed, not asserted.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from core.cli.bench import tree_rss_mb  # noqa: E402
from tests.browser_support import CHROMIUM, LAUNCH_ARGS, start_synthetic_server, stop_server  # noqa: E402

# what the chart shows: the number of points drawn and the first x, to see when it changed
CHART_SIGNATURE_JS = """() => {
  const plot = document.querySelector('.js-plotly-plot');
  if (!plot || !plot.data || !plot.data.length) return null;
  let n = 0; for (const t of plot.data) n += (t.x || []).length;
  return n + ':' + String((plot.data[0].x || [])[0]);
}"""


def peak_rss_mb(pid: int) -> float:
    """The high-water mark of a process's resident memory (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def measure(n_events: int, folder: Path) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    server = start_synthetic_server(folder / f"browser_{n_events}", n_events)
    url = server["url"]
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            started = time.perf_counter()
            page.goto(url, timeout=120000)
            page.wait_for_function(f"({CHART_SIGNATURE_JS})() !== null", timeout=120000)
            first_chart = time.perf_counter() - started
            changes = []
            # the first year thumb one step to the right, three times; then back to the left once
            thumb = page.locator('[data-testid="stSlider"] input[type="range"]').nth(0)
            for key in ("ArrowRight", "ArrowRight", "ArrowRight", "ArrowLeft"):
                before = page.evaluate(CHART_SIGNATURE_JS)
                thumb.focus()
                started = time.perf_counter()
                page.keyboard.press(key)
                page.wait_for_function(f"(() => {{ const s = ({CHART_SIGNATURE_JS})(); "
                                       f"return s !== null && s !== {before!r}; }})", timeout=120000)
                changes.append(time.perf_counter() - started)
            browser.close()
        pid = server["process"].pid
        figures = {"events": n_events, "first_chart_s": first_chart,
                   "filter_change_s": sum(changes) / len(changes), "slowest_change_s": max(changes),
                   "server_rss_mb": tree_rss_mb(pid), "server_peak_mb": peak_rss_mb(pid)}
    finally:
        stop_server(server)
    print(f"{n_events:,} events: first chart {figures['first_chart_s']:.2f} s; filter change "
          f"{figures['filter_change_s']:.2f} s (mean of {len(changes)}, slowest {figures['slowest_change_s']:.2f} s); "
          f"server memory {figures['server_rss_mb']:.0f} MB (peak {figures['server_peak_mb']:.0f} MB)")
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--out", type=Path, help="folder for the stores (default: a temporary folder)")
    args = parser.parse_args()
    if CHROMIUM is None:
        print("Chromium is needed (apt-get install chromium)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.out or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for n in args.events:
            measure(n, folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
