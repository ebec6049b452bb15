"""What the user filters on, as one value: pushed down to SQL (core.store.reads.where_clause),
mirrored in the URL, named in a briefing's subtitle."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from core.models import EventType
from core.parse.themes import load_themes
from core.settings import DEFAULT_LANES, LANES

PRECISIONS = ("day", "month", "year")  # the choices offered; weeks and seasons fall between them
PERSON_PREFIX = "person:"  # a person among the actor choices (states and organisations are codes)
TYPE_CODES = tuple(t.value for t in EventType)
QUERY_KEYS = ("years", "actors", "people", "together", "types", "languages", "articles", "precision", "q")


def _years(raw: str) -> tuple[int, int] | None:
    """"2021-2023" or "2023" as a range of years; None for anything else."""
    first, _, last = raw.strip().partition("-")
    try:
        years = (int(first), int(last or first))
    except ValueError:
        return None
    return years if 1900 <= years[0] <= years[1] <= 2100 else None


@dataclass(frozen=True, slots=True)
class Filters:
    years: tuple[int, int] | None = None
    actors: tuple[str, ...] = ()
    people: tuple[str, ...] = ()    # people by name, as the events' `people` column holds them
    together: bool = False          # the focus actors (settings.FOCUS_ACTORS) all among the actors
    types: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()
    min_precision: str = "year"     # keep events at least this precise
    search: str = ""

    def zoomed(self, year: int, lane: str, lanes: str) -> Filters:
        """The filters of one circle of the dense timeline: its year, and its lane (an
        event type, a theme's types, or an actor added to the chosen ones)."""
        if lanes == "actor":
            return replace(self, years=(year, year), actors=tuple(dict.fromkeys((*self.actors, lane))))
        if lanes == "theme":
            theme = load_themes().by_id(lane)
            if theme is not None:
                chosen = tuple(t for t in theme.types if not self.types or t in self.types)
                return replace(self, years=(year, year), types=chosen or theme.types)
        return replace(self, years=(year, year), types=(lane,) if lane in TYPE_CODES else self.types)

    # ------------------------------------------------------------------ URL
    def to_query(self) -> dict[str, str]:
        """The filters as URL query parameters (only what differs from the default)."""
        out: dict[str, str] = {}
        if self.years:
            out["years"] = f"{self.years[0]}-{self.years[1]}"
        for key in ("actors", "people", "types", "languages", "articles"):
            value = getattr(self, key)
            if value:
                out[key] = ",".join(value)
        if self.together:
            out["together"] = "1"
        if self.min_precision != "year":
            out["precision"] = self.min_precision
        if self.search:
            out["q"] = self.search
        return out

    @classmethod
    def from_query(cls, params: Mapping[str, str]) -> Filters:
        """Filters from URL query parameters; anything malformed is ignored."""
        def listed(key: str, allowed: tuple[str, ...] | None = None) -> tuple[str, ...]:
            items = [p.strip() for p in str(params.get(key, "")).split(",") if p.strip()]
            return tuple(p for p in items if allowed is None or p in allowed)[:200]

        years = _years(str(params.get("years", "")))
        precision = str(params.get("precision", "year"))
        return cls(
            years=years, actors=listed("actors"), people=listed("people"),
            together=str(params.get("together", "")) == "1",
            types=listed("types", TYPE_CODES), languages=listed("languages"), articles=listed("articles"),
            min_precision=precision if precision in PRECISIONS else "year",
            search=str(params.get("q", ""))[:200],
        )

    @classmethod
    def problems(cls, params: Mapping[str, str]) -> list[str]:
        """What `from_query` would ignore in `params`, said plainly (for the command line,
        where a filter that is dropped in silence would give an unfiltered briefing)."""
        said = [f"unknown filter {key!r} (known: {', '.join(QUERY_KEYS)})" for key in params if key not in QUERY_KEYS]
        if params.get("years") and _years(str(params["years"])) is None:
            said.append(f"years={params['years']!r}: write a year or a range, such as 2023 or 2021-2023")
        wrong = [t for t in str(params.get("types", "")).split(",") if t.strip() and t.strip() not in TYPE_CODES]
        if wrong:
            said.append(f"types: unknown {', '.join(wrong)} (PLOVER codes: {', '.join(TYPE_CODES)})")
        if params.get("precision") and params["precision"] not in PRECISIONS:
            said.append(f"precision={params['precision']!r}: one of {', '.join(PRECISIONS)}")
        if params.get("together", "1") not in ("0", "1"):
            said.append(f"together={params['together']!r}: 1 or 0")
        return said

    # ------------------------------------------------------------------ words
    def describe(self, actor_names: Mapping[str, str] | None = None) -> str:
        """The filters in words, for a briefing's subtitle."""
        names = actor_names or {}
        parts = []
        if self.years:
            parts.append(f"{self.years[0]}–{self.years[1]}" if self.years[0] != self.years[1] else str(self.years[0]))
        if self.together:
            parts.append("China and Russia together")
        if self.actors or self.people:
            parts.append("actors: " + ", ".join([names.get(a, a) for a in self.actors] + list(self.people)))
        if self.types:
            parts.append("types: " + ", ".join(t.title() for t in self.types))
        if self.languages:
            parts.append("languages: " + ", ".join(self.languages))
        if self.articles:
            parts.append(f"{len(self.articles)} article(s)")
        if self.min_precision != "year":
            parts.append(f"dated to the {self.min_precision} or better")
        if self.search:
            parts.append(f"sentences with “{self.search}”")
        return "; ".join(parts) if parts else "all events"

    # ------------------------------------------------------------------ the actor choice
    @property
    def actor_choices(self) -> tuple[str, ...]:
        """States, organisations and people as one choice: codes, and "person:<name>"."""
        return self.actors + tuple(PERSON_PREFIX + p for p in self.people)

    def with_actor_choices(self, choices: list[str] | tuple[str, ...]) -> Filters:
        """The filters with the actors and people of one choice (see `actor_choices`)."""
        people = tuple(c[len(PERSON_PREFIX):] for c in choices if c.startswith(PERSON_PREFIX))
        return replace(self, actors=tuple(c for c in choices if not c.startswith(PERSON_PREFIX)), people=people)


COLOURS = ("quad", "type")
TABS = ("Timeline", "Relations", "Events", "Changes", "Articles")
PERIODS = ("Q", "M")
EVENT_ID = re.compile(r"[\w:.\-]{1,120}")  # a mention id, or "article:<id>"


@dataclass(frozen=True, slots=True)
class View:
    """How the filtered events are shown: lanes, colour, reference lines, the open tab,
    the relations' pairs and period. Mirrored in the URL with the filters."""

    lanes: str = DEFAULT_LANES
    colour: str = "quad"
    show_known: bool = True
    tab: str = "Timeline"
    pairs: tuple[str, ...] | None = None   # "CHN-RUS"; None: the default pairs
    period: str = "Q"
    event: str | None = None               # the mention shown in the source panel

    def to_query(self) -> dict[str, str]:
        """The view as URL query parameters (only what differs from the default)."""
        fields = (  # (parameter, value, differs from the default)
            ("lanes", self.lanes, self.lanes != DEFAULT_LANES),
            ("colour", self.colour, self.colour != "quad"),
            ("known", "0", not self.show_known),
            ("tab", self.tab.lower(), self.tab != "Timeline"),
            ("pairs", ",".join(self.pairs or ()) or "none", self.pairs is not None),
            ("period", self.period, self.period != "Q"),
            ("event", self.event or "", bool(self.event)),
        )
        return {key: value for key, value, differs in fields if differs}

    @classmethod
    def from_query(cls, params: Mapping[str, str]) -> View:
        """A view from URL query parameters; anything malformed gives the default."""
        def one_of(key: str, allowed: tuple[str, ...], default: str) -> str:
            value = str(params.get(key, default))
            return next((a for a in allowed if a.lower() == value.lower()), default)

        pairs: tuple[str, ...] | None = None
        if "pairs" in params:
            raw = [p.strip().upper() for p in str(params["pairs"]).split(",")]
            pairs = tuple(p for p in raw if p.count("-") == 1 and all(p.split("-")) and len(p) <= 40)[:20]
        event = str(params.get("event", ""))
        return cls(lanes=one_of("lanes", LANES, DEFAULT_LANES), colour=one_of("colour", COLOURS, "quad"),
                   show_known=str(params.get("known", "1")) != "0", tab=one_of("tab", TABS, "Timeline"),
                   pairs=pairs, period=one_of("period", PERIODS, "Q"),
                   event=event if EVENT_ID.fullmatch(event) else None)
