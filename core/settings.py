"""Tunable constants, typed, in one place."""
from __future__ import annotations

from pathlib import Path
from typing import Final

PROJECT_DIR: Final[Path] = Path(__file__).resolve().parent.parent
DATA_DIR: Final[Path] = PROJECT_DIR / "data"
SEEDS_DIR: Final[Path] = PROJECT_DIR / "seeds"
ARTICLES_DIR: Final[Path] = DATA_DIR / "articles"
DEFAULT_DB: Final[Path] = DATA_DIR / "timeline.duckdb"

# Reading
READ_EXTENSIONS: Final[tuple[str, ...]] = (".txt", ".md", ".html", ".htm", ".json", ".jsonl")
MAX_FILE_BYTES: Final[int] = 25 * 1024 * 1024   # larger files are refused
MAX_ARTICLE_CHARS: Final[int] = 200_000          # longer text is cut (said in warnings)
MIN_ARTICLE_CHARS: Final[int] = 40               # shorter text is not an article
MAX_SENTENCE_CHARS: Final[int] = 2_000           # longer "sentences" are cut in pieces
MAX_DATE_CANDIDATES: Final[int] = 2_000          # per article; the rest are ignored
MAX_FIELD_CHARS: Final[int] = 500                # title, source, url, language of a file: cut to this
MAX_DATE_FIELD_CHARS: Final[int] = 100           # a metadata date longer than this is not a date
MAX_FRONT_MATTER_BYTES: Final[int] = 64 * 1024   # larger YAML front matter is ignored
MAX_LINE_PROBLEMS: Final[int] = 20               # bad .jsonl lines listed per file; the rest counted

# Limits per file: a file that takes longer to read and parse is refused (the rest go on)
FILE_SECONDS_BASE: Final[float] = 20.0           # every file gets this long ...
FILE_SECONDS_PER_100KB: Final[float] = 3.0       # ... and this much more per 100 KB
FILE_MEMORY_MB: Final[float] = 1_500.0           # memory one file may add to the process (Linux)

# Patterns
PATTERN_GAP_WORDS: Final[int] = 8                # what "..." in a pattern may skip

# Events
BACKGROUND_WINDOW_WORDS: Final[int] = 3          # "na een ontmoeting": marker this close
HEADING_MAX_WORDS: Final[int] = 20               # a line without a full stop, this short
RECENT_WINDOW_DAYS: Final[int] = 90              # "de recente herverkiezing": within this
FOCUS_ACTORS: Final[frozenset[str]] = frozenset({"CHN", "RUS"})

# Dashboard
MAX_TIMELINE_MARKERS: Final[int] = 20_000        # above this, the timeline shows counts per month
MAX_TABLE_ROWS: Final[int] = 5_000               # rows of the events and articles tables (the export has them all)
MAX_ARTICLE_OPTIONS: Final[int] = 2_000          # above this, articles are filtered by typed file names
WEBGL_FROM_MARKERS: Final[int] = 2_000           # WebGL markers from this many on
FOLDER_CHECK_SECONDS: Final[float] = 30.0        # the corpus folders are looked at this often per session
LANES: Final[tuple[str, ...]] = ("theme", "type", "actor")   # the timeline's lanes: one per theme, type or actor
DEFAULT_LANES: Final[str] = "theme"              # the dashboard's lanes, and `python -m core briefing`'s

# Languages
DEFAULT_LANGUAGE: Final[str] = "nl"

# Headlines and labels
HEADLINE_LANGUAGE: Final[str] = "en"             # "en", "nl"…, or "article": each event in its article's language
HEADLINE_MAX_CHARS: Final[int] = 60              # a headline is cut to this (a label must fit a chart)
