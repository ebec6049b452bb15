"""The README starts with the two commands of a fresh machine, and documents the CLI."""
from __future__ import annotations

import os
import re

from core.cli.main import build_parser
from tests.conftest import PROJECT

README = (PROJECT / "README.md").read_text(encoding="utf-8")


def test_readme_starts_with_the_two_commands() -> None:
    first_block = re.search(r"```bash\n(.*?)```", README, re.S)
    assert first_block and README.index("```bash") < 60
    lines = [l for l in first_block.group(1).splitlines() if l.strip()]
    assert len(lines) == 2
    assert "pip install -r requirements.txt" in lines[0] and lines[0].endswith("streamlit run dashboard.py")
    assert lines[1] == "bash .ci/run"
    assert os.access(PROJECT / ".ci" / "run", os.X_OK)


def test_every_documented_subcommand_exists() -> None:
    documented = set(re.findall(r"python -m core (\w+)", README))
    choices = set(build_parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
    assert documented and documented <= choices
    assert choices <= documented, "every subcommand is in the README"


def test_readme_screenshot_is_committed() -> None:
    assert (PROJECT / "docs" / "screenshot.png").stat().st_size > 50_000
