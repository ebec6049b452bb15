"""What the views show of stored text: escaped for Markdown and HTML (`plain`), with one
passage marked (`highlighted_html`), or narrowed by what the user typed (`find_articles`).
An article is never code: every piece of article text on a page goes through here."""
from __future__ import annotations

import re

import pandas as pd


def find_articles(articles: pd.DataFrame, text: str) -> pd.DataFrame:
    """The articles whose file name or title holds `text` (case ignored); all for no text."""
    needle = text.strip().lower()
    if not needle:
        return articles
    held = articles["file"].str.lower().str.contains(needle, regex=False)
    held |= articles["title"].fillna("").str.lower().str.contains(needle, regex=False)
    return articles[held]


# Characters that Markdown (and Streamlit's math) would read as syntax: written as entities
# so that an article's "[x](javascript:…)", "![img](…)" or "$…$" stays plain text.
_MARKDOWN_ENTITIES = {ord(c): f"&#{ord(c)};" for c in "\\`*_{}[]()#+-.!|$~<>&\"':@"}


# GitHub-style autolinks ("www.x.org", "https://x.org", "a@x.org") are found in the text
# after entities are decoded, so entities do not stop them: an invisible word joiner
# (U+2060) inside "www.", before "://" and after "@" does.
_AUTOLINK = re.compile(r"(?i)(?<=www)(?=\.)|(?<=[a-z])(?=://)|(?<=@)")
_WORD_JOINER = "\u2060"


def plain(text: object) -> str:
    """Text from an article or a file name, safe in anything Streamlit renders as
    Markdown: st.markdown(..., unsafe_allow_html=True), messages (st.error, st.toast),
    progress texts and the options of st.radio. No HTML, no Markdown link, image or
    autolink ("https:" and "www." are broken by the entities), no math, no ":red[…]"
    directive; the entities show as the characters they stand for."""
    return _AUTOLINK.sub(_WORD_JOINER, str(text)).translate(_MARKDOWN_ENTITIES)


def highlighted_html(text: str, start: int, end: int) -> str:
    """An article's text, escaped, with one sentence in <mark>, paragraphs kept."""
    start, end = max(0, int(start)), min(len(text), int(end))
    pieces = [plain(text[:start]), "<mark>", plain(text[start:end]), "</mark>", plain(text[end:])]
    body = "".join(pieces)
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    return "".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in paragraphs)
