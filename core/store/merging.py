"""Merging in the store: the stored mentions of one real event get one event_id
(core.store.merge decides, core.store.candidates says which are compared), and copies
of one story (core.store.copies) get their original's story_id and events."""
from __future__ import annotations

import hashlib

import pyarrow as pa

from core.store.candidates import CANDIDATES_SQL, MENTION_COLUMNS, mention_of
from core.store.connection import Connection
from core.store.copies import NUM_PERM, story_of
from core.store.merge import cluster, recluster

MERGE_ALL_SHARE = 0.3  # more new mentions than this share: cluster them all at once


class Merging(Connection):
    """Event ids across articles, and stories across copies."""

    def find_copies(self) -> int:
        """Group the stored articles into stories (core.store.copies.story_of): each article's
        `story_id` is its story's original (itself when it has no copy), earliest first;
        its events carry it too. Returns how many articles are copies of another."""
        with self.transaction():
            table = self._con.sql(
                "SELECT article_id, minhash FROM articles WHERE NOT coalesce(removed, FALSE) "
                f"AND len(minhash) = {NUM_PERM} ORDER BY published_start NULLS LAST, file, article_id"
            ).to_arrow_table()
            ids = table.column("article_id").to_pylist()
            values = (table.column("minhash").combine_chunks().flatten().to_numpy().reshape(-1, NUM_PERM)
                      if ids else [])
            story = story_of(dict(zip(ids, values)), ids)
            stories = pa.table({"article_id": list(story), "story_id": list(story.values())})
            with self._registered("stories", stories):
                self._run("UPDATE articles SET story_id = coalesce(s.story_id, articles.article_id) "
                                 "FROM articles a LEFT JOIN stories s ON s.article_id = a.article_id "
                                 "WHERE articles.article_id = a.article_id "
                          "AND articles.story_id IS DISTINCT FROM coalesce(s.story_id, a.article_id)")
            self._run("UPDATE events SET story_id = a.story_id FROM articles a "
                             "WHERE events.article_id = a.article_id AND events.story_id IS DISTINCT FROM a.story_id")
            self.link_copies()
            return int(self._value("SELECT count(*) FROM articles WHERE NOT coalesce(removed, FALSE) "
                                        "AND story_id <> article_id"))

    def merge(self, full: bool = False) -> int:
        """Give mentions of the same real event one event_id (see core.store.merge); returns how
        many events have several sources.

        Incremental: the new mentions and the rest of the events that lost a mention are
        clustered again, and compared with the stored mentions of their type whose dates
        come within reach (`core.store.merge.recluster`); this gives what clustering everything
        gives. Everything is clustered when asked, or when most mentions are new.
        """
        columns = ", ".join(MENTION_COLUMNS)
        with self.transaction():
            fresh, total = self._one("SELECT count(*) FILTER (WHERE NOT merged), count(*) FROM events "
                                     "WHERE NOT deleted") or (0, 0)
            pending = self._value("SELECT count(*) FROM merge_pending")
            if full or fresh > MERGE_ALL_SHARE * total:
                ids = cluster([mention_of(r) for r in
                               self._rows(f"SELECT {columns} FROM events WHERE NOT deleted")])
            elif fresh or pending:
                open_rows = self._rows(
                    f"SELECT {columns}, merged, event_id FROM events WHERE NOT deleted AND "
                    f"(NOT merged OR event_id IN (SELECT event_id FROM merge_pending))")
                open_ids = pa.table({"mention_id": [r[0] for r in open_rows]})
                with self._registered("open_ids", open_ids):
                    candidates = self._rows(
                        f"SELECT {columns}, event_id FROM events WHERE NOT deleted AND mention_id IN "
                        f"({CANDIDATES_SQL}) AND mention_id NOT IN (SELECT mention_id FROM open_ids)")

                def members_of(event_ids: set[str]) -> list[tuple[str, str, str | None]]:
                    if not event_ids:
                        return []
                    return self._rows(
                        "SELECT event_id, mention_id, known_event FROM events WHERE NOT deleted "
                        "AND event_id IN (SELECT unnest(?::VARCHAR[]))", [sorted(event_ids)])

                ids = recluster([mention_of(r) for r in open_rows if not r[-2]],
                                [(mention_of(r), r[-1]) for r in open_rows if r[-2]],
                                [(mention_of(r), r[-1]) for r in candidates], members_of)
            else:
                ids = {}
            if ids:
                merged = pa.table({"mention_id": list(ids), "event_id": list(ids.values())})
                self._update_from("merged_ids", merged, "UPDATE events SET event_id = m.event_id, merged = TRUE "
                                  "FROM merged_ids m WHERE events.mention_id = m.mention_id "
                                  "AND (events.event_id <> m.event_id OR NOT events.merged)")
            self._run("DELETE FROM merge_pending")
            self.link_copies()
            return self.events_with_several_sources()

    def link_copies(self) -> None:
        """A copy reports what its original reports, whatever date its own publication date
        gives it: the same sentence with the same trigger and type is the original's event
        (the merge, which needs compatible dates, would keep a reprint of a later day apart;
        the event then shows that its sources disagree on the date). The events so joined
        become one, named by what they hold (a known event's id, else a hash of their first
        mention), so that merging incrementally and merging everything give the same ids.
        Run after every merge."""
        pairs = self._rows("""
            SELECT c.event_id, arg_min(o.event_id, abs(o.char_start - c.char_start))
            FROM events c JOIN events o ON o.article_id = c.story_id AND o.sentence = c.sentence
                AND o.type = c.type AND o.trigger IS NOT DISTINCT FROM c.trigger
            WHERE c.story_id <> c.article_id AND NOT c.deleted AND NOT o.deleted
            GROUP BY c.mention_id, c.event_id""")
        if not pairs:
            return
        parent: dict[str, str] = {}

        def root(x: str) -> str:
            parent.setdefault(x, x)
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for first, second in pairs:
            a, b = root(first), root(second)
            if a != b:
                parent[max(a, b)] = min(a, b)
        rows = self._rows("SELECT event_id, min(mention_id) FROM events WHERE NOT deleted "
                                "AND event_id IN (SELECT unnest(?::VARCHAR[])) GROUP BY event_id",
                                [sorted(parent)])
        groups: dict[str, list[tuple[str, str]]] = {}
        for event_id, first_mention in rows:
            groups.setdefault(root(event_id), []).append((event_id, first_mention))
        renamed: dict[str, str] = {}
        for members in groups.values():
            known = sorted(e for e, _ in members if e.startswith("k:"))
            name = known[0] if known else "c:" + hashlib.sha1(min(m for _, m in members).encode()).hexdigest()[:16]
            renamed.update((e, name) for e, _ in members if e != name)
        if renamed:
            table = pa.table({"old": list(renamed), "new": list(renamed.values())})
            self._update_from("renamed", table, "UPDATE events SET event_id = r.new FROM renamed r "
                                                "WHERE events.event_id = r.old")

    def events_with_several_sources(self) -> int:
        """How many events more than one mention reports."""
        return int(self._value("SELECT count(*) FROM (SELECT event_id FROM events WHERE NOT deleted "
                                    "GROUP BY event_id HAVING count(*) > 1)"))
