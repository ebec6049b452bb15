"""What the user filters on, as one value: pushed down to SQL, mirrored in the URL,
named in a briefing's subtitle."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Mapping

from core.models import GRANULARITY_ORDER, EventType

PRECISIONS = ("day", "month", "year")  # the choices offered; weeks and seasons fall between them
TYPE_CODES = tuple(t.value for t in EventType)


@dataclass(frozen=True, slots=True)
class Filters:
    years: tuple[int, int] | None = None
    actors: tuple[str, ...] = ()
    together: bool = False          # China and Russia both among the actors
    types: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()
    min_precision: str = "year"     # keep events at least this precise
    search: str = ""

    # ------------------------------------------------------------------ SQL
    def where(self) -> tuple[str, list[Any]]:
        """A WHERE clause over the events table and its parameters."""
        clauses, params = ["TRUE"], []
        if self.years:
            # the year an event is filed under (its date's label; a span over years: its last year)
            clauses.append("date IS NOT NULL AND CAST(substr(date, 1, 4) AS INTEGER) BETWEEN ? AND ?")
            params += [int(self.years[0]), int(self.years[1])]
        if self.actors:
            clauses.append("list_has_any(actors, ?::VARCHAR[])")
            params.append(list(self.actors))
        if self.together:
            clauses.append("list_contains(actors, 'CHN') AND list_contains(actors, 'RUS')")
        if self.types:
            clauses.append("type IN (SELECT unnest(?::VARCHAR[]))")
            params.append(list(self.types))
        if self.languages:
            clauses.append("language IN (SELECT unnest(?::VARCHAR[]))")
            params.append(list(self.languages))
        if self.articles:
            clauses.append("article_file IN (SELECT unnest(?::VARCHAR[]))")
            params.append(list(self.articles))
        if self.min_precision in PRECISIONS and self.min_precision != "year":
            order = [g.value for g in GRANULARITY_ORDER]
            allowed = order[: order.index(self.min_precision) + 1]
            clauses.append("granularity IN (SELECT unnest(?::VARCHAR[]))")
            params.append(list(allowed))
        if self.search.strip():
            clauses.append("strpos(lower(sentence), lower(?)) > 0")
            params.append(self.search.strip())
        return " AND ".join(f"({c})" for c in clauses), params

    def zoomed(self, year: int, lane: str, lanes: str) -> Filters:
        """The filters of one circle of the dense timeline: its year, and its lane (an
        event type, or an actor added to the chosen ones)."""
        if lanes == "actor":
            return replace(self, years=(year, year), actors=tuple(dict.fromkeys(self.actors + (lane,))))
        return replace(self, years=(year, year), types=(lane,) if lane in TYPE_CODES else self.types)

    # ------------------------------------------------------------------ URL
    def to_query(self) -> dict[str, str]:
        """The filters as URL query parameters (only what differs from the default)."""
        out: dict[str, str] = {}
        if self.years:
            out["years"] = f"{self.years[0]}-{self.years[1]}"
        for key in ("actors", "types", "languages", "articles"):
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

        years = None
        raw = str(params.get("years", ""))
        if "-" in raw:
            try:
                first, last = (int(x) for x in raw.split("-", 1))
                if 1900 <= first <= last <= 2100:
                    years = (first, last)
            except ValueError:
                years = None
        precision = str(params.get("precision", "year"))
        return cls(
            years=years, actors=listed("actors"), together=str(params.get("together", "")) == "1",
            types=listed("types", TYPE_CODES), languages=listed("languages"), articles=listed("articles"),
            min_precision=precision if precision in PRECISIONS else "year",
            search=str(params.get("q", ""))[:200],
        )

    # ------------------------------------------------------------------ words
    def describe(self, actor_names: Mapping[str, str] | None = None) -> str:
        """The filters in words, for a briefing's subtitle."""
        names = actor_names or {}
        parts = []
        if self.years:
            parts.append(f"{self.years[0]}–{self.years[1]}" if self.years[0] != self.years[1] else str(self.years[0]))
        if self.together:
            parts.append("China and Russia together")
        if self.actors:
            parts.append("actors: " + ", ".join(names.get(a, a) for a in self.actors))
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

    def with_(self, **changes: Any) -> Filters:
        return replace(self, **changes)
