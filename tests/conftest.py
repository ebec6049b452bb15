"""Shared fixtures: a fresh database per test, the seeds' store once per session, paths to
the corpora."""
from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from core.models import Period

# The browser fixtures (browser, page) for the modules that drive Chromium.
pytest_plugins = ["tests.browser_support"]

# In CI the property tests use a fixed seed: a run is reproducible; locally they explore.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI") == "true":
    settings.load_profile("ci")

TESTS = Path(__file__).resolve().parent
PROJECT = TESTS.parent
SEEDS = PROJECT / "seeds"
GOLDEN = TESTS / "golden"
SHARED = PROJECT.parent / "shared"


@pytest.fixture
def fresh_db(tmp_path: Path) -> Path:
    """The path of a database that does not exist yet."""
    return tmp_path / "timeline.duckdb"


@pytest.fixture(scope="session")
def seeds_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds ingested once per session, as the dashboard ingests its folders. Shared:
    read it, or copy it before writing (tests.test_app.app_env does)."""
    from core.ingest.workspace import refresh

    folder = tmp_path_factory.mktemp("seeds-store")
    shutil.copytree(SEEDS, folder / "corpus")
    db = folder / "timeline.duckdb"
    refresh(db, [folder / "corpus"])
    return db


@pytest.fixture
def tuesday() -> Period:
    """Tuesday 23 March 2021, the day after the EU's Xinjiang sanctions."""
    return Period.day(dt.date(2021, 3, 23))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Browser tests run last (they start servers) and are slow; CI sets REQUIRE_BROWSER=1."""
    items.sort(key=lambda item: "browser" in item.keywords)
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(pytest.mark.slow)


def require_browser() -> bool:
    return os.environ.get("REQUIRE_BROWSER") == "1" or os.environ.get("CI") == "true"


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # noqa: ANN001
    """Timings measured in the browser tests: reported, not asserted."""
    from tests.timings import TIMINGS

    if TIMINGS:
        terminalreporter.section("browser timings (reported, not asserted)")
        for name, seconds in TIMINGS.items():
            terminalreporter.write_line(f"{name}: {seconds:.2f} s")
