"""Themes: the plain lanes of the timeline (diplomacy, statements, economy and energy,
military, sanctions and pressure), read from data/themes.yaml by the one loader."""
from __future__ import annotations

import functools
from dataclasses import dataclass

from core.models import EventType
from core.parse.lexicon import DataFileError, read_yaml
from core.settings import DATA_DIR

THEMES_FILE = DATA_DIR / "themes.yaml"
FALLBACK_LANGUAGE = "en"


@dataclass(frozen=True, slots=True)
class Theme:
    id: str
    names: dict[str, str]
    types: tuple[str, ...]

    def name(self, language: str = FALLBACK_LANGUAGE) -> str:
        return self.names.get(language) or self.names[FALLBACK_LANGUAGE]


@dataclass(frozen=True, slots=True)
class ThemeTable:
    themes: tuple[Theme, ...]
    labels: dict[str, dict[str, str]]   # language -> type -> plain phrase

    @property
    def theme_of(self) -> dict[str, str]:
        """PLOVER type -> theme id."""
        return {t: theme.id for theme in self.themes for t in theme.types}

    def by_id(self, theme_id: str) -> Theme | None:
        return next((t for t in self.themes if t.id == theme_id), None)

    def type_label(self, event_type: str, language: str = FALLBACK_LANGUAGE) -> str:
        """A plain phrase for a PLOVER type ("meeting, visit or talks"); the type itself if none."""
        for lang in (language, FALLBACK_LANGUAGE):
            label = self.labels.get(lang, {}).get(event_type)
            if label:
                return label
        return event_type.title()


@functools.cache
def load_themes() -> ThemeTable:
    """data/themes.yaml; every PLOVER type must be in exactly one theme."""
    data = read_yaml(THEMES_FILE)
    themes = tuple(Theme(id=str(row["id"]), names={str(k): str(v) for k, v in row["names"].items()},
                         types=tuple(str(t) for t in row["types"])) for row in data["themes"])
    placed = [t for theme in themes for t in theme.types]
    known = {t.value for t in EventType}
    problems = sorted({t for t in placed if placed.count(t) > 1}) + sorted(set(placed) - known)
    missing = sorted(known - set(placed))
    if problems or missing or any(FALLBACK_LANGUAGE not in t.names for t in themes):
        raise DataFileError(f"{THEMES_FILE.name}: types twice or unknown {problems}, types without a theme "
                            f"{missing}, or a theme without an English name")
    labels = {str(lang): {str(k): str(v) for k, v in rows.items()} for lang, rows in (data.get("labels") or {}).items()}
    return ThemeTable(themes=themes, labels=labels)
