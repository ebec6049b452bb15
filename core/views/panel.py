"""The source panel in plain language: an event's card, its technical details, its
sources, the article's header and text, as HTML built by pure functions (the dashboard
only shows them).

Every piece of text from an article or the store goes through `shown.plain`: shown
as plain text, never read as HTML, Markdown or math.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from core.models import date_shown
from core.parse.themes import load_themes
from core.settings import FOCUS_ACTORS
from core.views.charts import TYPE_COLOURS
from core.views.shown import highlighted_html, plain
from core.views.sources import SourceGroup, Version, actor_versions, count_of, date_versions, sources_words

# How an event's date was found, in a briefer's words.
DATE_BASIS_WORDS = {
    "explicit": "the date given in the text",
    "relative": "counted from the article's publication date",
    "anchored": "counted from a known event",
    "inherited": "the date of the sentences before it",
    "publication": "no date in the text: the article's publication date",
    "linked": "the date of the known event it names",
    "user": "set by hand",
}
PUBLISHED_BASIS_WORDS = {
    "header": "",
    "metadata": "",
    "user": " (set by hand)",
    "inferred": " (guessed from the text)",
    "unknown": "",
}
MODALITY_WORDS = {
    "planned": "planned, not yet done",
    "considered": "considered, not decided",
    "alleged": "alleged by others",
    "denied": "denied",
}


def focus_words(names: Mapping[str, str]) -> str:
    """The focus actors (settings.FOCUS_ACTORS) by name: 'China and Russia'."""
    named = [names.get(code, code) for code in sorted(FOCUS_ACTORS)]
    return ", ".join(named[:-1]) + " and " + named[-1] if len(named) > 1 else "".join(named)


def _text(value: Any) -> str:
    """A value from a DataFrame row as text: missing values (None, NaN) as ''."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def _codes(value: Any) -> list[str]:
    if value is None or isinstance(value, (str, float)):
        return []
    return [str(v) for v in value]


def actor_codes(value: Any) -> list[str]:
    """A list of actor codes from a DataFrame row (an array, a list, or missing: none)."""
    return _codes(value)


# An event's corrected fields in words, for the correction form's title.
CORRECTED_WORDS = {"source_actors": "who acts", "target_actors": "acted on", "added": "added by hand"}


def corrected_words(fields: Any) -> str:
    """'type, who acts' for the corrected fields ['source_actors', 'type'] (in the form's
    order); '' for none."""
    order = ("added", "type", "date", "actors", "source_actors", "target_actors", "modality", "headline", "pinned")
    fields = sorted(set(_codes(fields)), key=lambda f: (order.index(f) if f in order else len(order), f))
    return ", ".join(CORRECTED_WORDS.get(f, f) for f in fields)


def readable_date(label: Any) -> str:
    """'2021-03-22' -> '22 Mar 2021'; '2021-03' -> 'March 2021'; '2021' -> '2021'."""
    text = _text(label)
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text).strftime("%-d %b %Y")
        if len(text) == 7:
            return dt.date.fromisoformat(text + "-01").strftime("%B %Y")
    except ValueError:
        pass
    return text or "undated"


def when_label(row: Mapping[str, Any]) -> str:
    """An event's date in words; a week or a season as its span ('15 Mar 2021 – 21 Mar 2021')."""
    start, end = row.get("date_start"), row.get("date_end")
    shown = date_shown(_text(row.get("date")) or None, row.get("granularity"),
                       start if _text(start) else None, end if _text(end) else None)
    if " – " in shown:
        first, last = shown.split(" – ", 1)
        return f"{readable_date(first)} – {readable_date(last)}"
    return readable_date(shown)


def _names(codes: Sequence[str], names: Mapping[str, str]) -> str:
    return ", ".join(plain(names.get(c, c)) for c in codes)


def who_did_what(row: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """'China → Russia', 'China' (no target), or the actors when no one is named as acting."""
    source, target = _codes(row.get("source_actors")), _codes(row.get("target_actors"))
    if source and target:
        return f"{_names(source, names)} → {_names(target, names)}"
    if source:
        return _names(source, names)
    return _names(_codes(row.get("actors")), names)


def event_card_html(row: Mapping[str, Any], names: Mapping[str, str], known_names: Mapping[str, str],
                    colour: str, n_sources: int = 1, n_independent: int | None = None) -> str:
    """An event in plain words: theme and kind, the sentence, when, who, people, a known
    event by its name. No codes, no jargon (they are in `event_details_html`)."""
    themes = load_themes()
    event_type = _text(row.get("type"))
    theme = themes.by_id(themes.theme_of.get(event_type, ""))
    kind = themes.type_label(event_type)
    words = _text(row.get("date_text")).strip()
    when = f"<b>{plain(when_label(row))}</b>"
    if words:
        when = f"“{plain(words)}” → {when}"
    basis = DATE_BASIS_WORDS.get(_text(row.get("date_basis")), "")
    involved = [c for c in _codes(row.get("actors"))
                if c not in _codes(row.get("source_actors")) + _codes(row.get("target_actors"))]
    parts = [
        f'<div class="event-card"><span class="chip" style="background:{colour}">'
        f'{plain(theme.name() if theme else event_type.title())}</span> <span class="kind">{plain(kind)}</span>',
        (f'<div class="headline">{plain(_text(row.get("headline")))}</div>' if _text(row.get("headline")) else ""),
        f'<blockquote style="border-left-color:{colour}">“{plain(_text(row.get("sentence")))}”</blockquote><dl>',
        f"<dt>When</dt><dd>{when}" + (f' <span class="quiet">({plain(basis)})</span>' if basis else "") + "</dd>",
        f"<dt>Who</dt><dd>{who_did_what(row, names)}</dd>",
    ]
    if involved and (_codes(row.get("source_actors")) or _codes(row.get("target_actors"))):
        parts.append(f"<dt>Also named</dt><dd>{_names(involved, names)}</dd>")
    people = _codes(row.get("people"))
    if people:
        parts.append(f"<dt>People</dt><dd>{', '.join(plain(p) for p in people)}</dd>")
    modality = _text(row.get("modality"))
    if modality in MODALITY_WORDS:
        parts.append(f"<dt>Reported as</dt><dd>{plain(MODALITY_WORDS[modality])}</dd>")
    known = _text(row.get("known_event"))
    if known:
        parts.append(f"<dt>Known event</dt><dd>{plain(known_names.get(known, known.replace('_', ' ')))}</dd>")
    if n_sources > 1:
        parts.append(f"<dt>Reported by</dt><dd>{plain(sources_words(n_sources, n_independent))}</dd>")
    parts.append("</dl></div>")
    return "".join(parts)


def event_details_html(row: Mapping[str, Any], article_file: str | None = None) -> str:
    """The technical fields of an event, for the details toggle."""
    score, confidence = _text(row.get("score")), _text(row.get("confidence"))
    items = [
        ("PLOVER type", _text(row.get("type"))),
        ("Quad class", _text(row.get("quad"))),
        ("Score (−10 conflict … +10 cooperation)", f"{float(score):+.1f}" if score else ""),
        ("Date basis", _text(row.get("date_basis"))),
        ("Date precision", _text(row.get("granularity"))),
        ("Date span", f"{_text(row.get('date_start'))[:10]} – {_text(row.get('date_end'))[:10]}"),
        ("Source actors", ", ".join(_codes(row.get("source_actors")))),
        ("Target actors", ", ".join(_codes(row.get("target_actors")))),
        ("Modality", _text(row.get("modality"))),
        ("Confidence", f"{float(confidence):.2f}" if confidence else ""),
        ("Trigger", _text(row.get("trigger"))),
        ("Known event id", _text(row.get("known_event"))),
        ("Event id", _text(row.get("event_id"))),
        ("Article file", _text(article_file if article_file is not None else row.get("article_file"))),
    ]
    rows = "".join(f"<tr><th>{plain(k)}</th><td>{plain(v)}</td></tr>" for k, v in items if v.strip(" –"))
    return f'<table class="details">{rows}</table>'


def article_header_html(article: Mapping[str, Any]) -> str:
    """An article's title, outlet and publication date (its file name is in the details)."""
    title = _text(article.get("title")).strip() or "Untitled article"
    meta = []
    outlet = _text(article.get("source")).strip()
    if outlet:
        meta.append(plain(outlet))
    published = _text(article.get("published"))
    basis = _text(article.get("published_basis"))
    if published:
        meta.append(f"published {plain(readable_date(published))}{PUBLISHED_BASIS_WORDS.get(basis, '')}")
    else:
        meta.append("publication date unknown")
    return (f'<div class="article-head"><div class="article-title">{plain(title)}</div>'
            f'<div class="quiet">{" · ".join(meta)}</div></div>')


def source_label(title: Any, outlet: Any, date: Any, untitled: str = "Untitled article") -> str:
    """One source of an event, for a choice: 'Title · Outlet · March 2021' (plain text);
    `untitled` (say, the file name) stands in for a missing title."""
    parts = [_text(title).strip() or untitled, _text(outlet).strip(), readable_date(date)]
    return " · ".join(p for p in parts if p)


def article_label(title: Any, published: Any, file: Any) -> str:
    """An article for a choice or a table: 'Title · 22 Mar 2021' (plain text, for widgets
    that show text as it is); its file name where it has no title."""
    name = _text(title).strip() or _text(file).strip() or "Untitled article"
    return f"{name} · {readable_date(published)}"


def article_labels(articles: Any, key: str = "article_id", file_column: str = "file") -> dict[Any, str]:
    """`key` -> `article_label` for every article of a frame (columns title, published and
    `file_column`); two articles that would read alike are told apart by their file names."""
    if not len(articles):
        return {}
    keys, files = articles[key].tolist(), articles[file_column].tolist()
    titles = articles["title"].tolist() if "title" in articles else [None] * len(keys)
    published = articles["published"].tolist() if "published" in articles else [None] * len(keys)
    labels = [article_label(t, d, f) for t, d, f in zip(titles, published, files)]
    seen: dict[str, int] = {}
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
    return {k: (f"{label} · {_text(f)}" if seen[label] > 1 and _text(f) not in label else label)
            for k, label, f in zip(keys, labels, files)}


def labels_by_file(titles: Mapping[str, tuple[Any, Any]]) -> dict[str, str]:
    """file -> `article_label`, from file -> (title, published) (reads.Facets.article_titles)."""
    import pandas as pd

    frame = pd.DataFrame([(f, t, d) for f, (t, d) in titles.items()], columns=["file", "title", "published"])
    return article_labels(frame, key="file")


def disagreement_html(mentions: Any, labels: Sequence[str], names: Mapping[str, str]) -> str:
    """Where an event's sources disagree (its date beyond their precision, its actors):
    each version with the sources that give it; empty when they agree. `labels` names
    each mention's source (a title or file), in the mentions' order."""
    blocks = []
    for what, versions, shown in (("date", date_versions(mentions), readable_date),
                                  ("actors", actor_versions(mentions), None)):
        if not versions:
            continue
        items = "".join(f"<li><b>{plain(_version_words(v, shown, names))}</b>: "
                        f"{', '.join(plain(labels[r]) for r in v.rows)}</li>" for v in versions)
        blocks.append(f'<div class="disagree"><b>Sources disagree on the {what}</b><ul>{items}</ul></div>')
    return "".join(blocks)


def _version_words(version: Version, shown: Any, names: Mapping[str, str]) -> str:
    if shown is not None:
        return str(shown(version.value)) if version.value != "undated" else "undated"
    codes = [c for c in version.value.split(", ") if c and version.value != "none named"]
    return ", ".join(names.get(c, c) for c in codes) or "none named"


def event_card(row: Mapping[str, Any], names: Mapping[str, str], known_names: Mapping[str, str]) -> str:
    """The card of an event as the source panel shows it: coloured by its type, with the
    number of articles (and of independent stories) that report it."""
    colour = TYPE_COLOURS.get(_text(row.get("type")), "#666")
    n_sources = count_of(row.get("n_sources"))
    n_independent = count_of(row.get("n_independent", n_sources))
    return event_card_html(row, names, known_names, colour, n_sources, n_independent)


def passing_html(title: Any, outlet: Any, published: Any, sentence: Any) -> str:
    """A sentence that names a known event in passing, under its source."""
    return f"<small>{plain(source_label(title, outlet, published))}</small><br>“{plain(_text(sentence))}”"


def quote_html(sentence: Any) -> str:
    """The sentence of the chosen source, quoted."""
    return f"<blockquote style='font-size:14px'>“{plain(_text(sentence))}”</blockquote>"


def article_text_html(text: Any, start: int | None = None, end: int | None = None) -> str:
    """An article's whole text in its scrolling box, with the sentence from `start` to
    `end` marked (none when they are not given)."""
    body = highlighted_html(_text(text), start or 0, end if start is not None and end is not None else 0)
    return f"<div class='article-text'>{body}</div>"


def quiet_html(*texts: Any) -> str:
    """Texts in small grey type (a briefing's subtitle and source line)."""
    return f"<span style='color:#7B8794;font-size:13px'>{' '.join(plain(_text(t)) for t in texts)}</span>"


def source_titles(mentions: Any, articles: Any) -> list[str]:
    """One label per mention of an event: its article's title, outlet and date, or its
    file name and date when the article is gone. `articles` is indexed by article_id."""
    return [source_label(articles.at[m.article_id, "title"], articles.at[m.article_id, "source"], m.date,
                         untitled=str(m.article_file))
            if m.article_id in articles.index else f"{m.article_file} · {_text(m.date) or 'undated'}"
            for m in mentions.itertuples()]


def source_choices(groups: Sequence[SourceGroup], titles: Sequence[str]) -> dict[int, str]:
    """The sources of an event as the options of a choice, in order: each story's original,
    then its copies under it ("↳ copy: …"). Plain text: the options are read as Markdown."""
    copies = {i for group in groups for i in group.copies}
    return {i: ("↳ copy: " if i in copies else "") + plain(titles[i])
            for group in groups for i in (group.original, *group.copies)}
