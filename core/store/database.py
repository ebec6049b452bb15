"""The store of one timeline: the connection with its reads, writes, corrections and
merging (each in its own module), brought up to date with the schema's migrations when
opened for writing; and `rebuild`, which starts a damaged database afresh."""
from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

import pyarrow as pa

from core.store.connection import DatabaseError, connect
from core.store.errors import StoreError, StoreReadOnly, storage_error
from core.store.merging import Merging
from core.store.reads import Reads
from core.store.schema import CORRECTION_COLUMNS, MIGRATIONS
from core.store.writes import Writes

LOGGER = logging.getLogger(__name__)


class Store(Writes, Merging, Reads):
    """The database of one timeline."""

    def __init__(self, path: Path | str, read_only: bool = False):
        super().__init__(path, read_only=read_only)
        if not read_only:
            try:
                self.migrate()
            except DatabaseError as exc:
                self.close()
                error = storage_error(exc, self.path)
                if error is not None:
                    raise error from exc
                raise

    def migrate(self) -> None:
        """Apply the named migrations not yet applied (with what fills their new columns)."""
        self._run("CREATE TABLE IF NOT EXISTS migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP)")
        done = {r[0] for r in self._rows("SELECT name FROM migrations")}
        for name, sql in MIGRATIONS:
            if name in done:
                continue
            with self.transaction():
                self._run(sql)
                self._run("INSERT INTO migrations VALUES (?, ?)", [name, dt.datetime.now()])
                if name == "004_headline":
                    self.fill_headlines()
                if name == "006_stories_and_snapshots":
                    self.fill_signatures()
        self.sync_known_events()

    def restore(self, corrections: list[tuple[Any, ...]], snapshots: dict[str, pa.Table]) -> None:
        """Corrections (rows of CORRECTION_COLUMNS) and briefing snapshots carried over from another file."""
        if corrections:
            with self.transaction():
                self._con.executemany(
                    f"INSERT INTO corrections ({', '.join(CORRECTION_COLUMNS)}) VALUES "
                    f"({', '.join('?' for _ in CORRECTION_COLUMNS)})", [list(r) for r in corrections])
        if snapshots:
            with self.transaction():
                for name, table in snapshots.items():
                    self._insert(name, table)


def _readable_parts(path: Path) -> tuple[list[tuple[Any, ...]], dict[str, pa.Table]]:
    """The corrections and briefing snapshots of a database file, as far as they can be read."""
    kept: list[tuple[Any, ...]] = []
    snapshots: dict[str, pa.Table] = {}
    try:
        con = connect(path, read_only=True, retries=1)
        try:
            have = {r[0] for r in con.execute("SELECT column_name FROM information_schema.columns "
                                              "WHERE table_name = 'corrections'").fetchall()}
            columns = [c if c in have else f"NULL AS {c}" for c in CORRECTION_COLUMNS]
            kept = con.execute(f"SELECT {', '.join(columns)} FROM corrections ORDER BY id").fetchall()
            tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
            if {"snapshots", "snapshot_mentions"} <= tables:  # the briefings are kept too
                snapshots = {name: con.sql(f"SELECT * FROM {name}").to_arrow_table()
                             for name in ("snapshots", "snapshot_mentions")}
        finally:
            con.close()
    except (StoreError, DatabaseError, OSError) as exc:  # damaged past reading: the corrections are in the kept file
        LOGGER.warning("corrections of %s could not be read: %s", path, exc)
    return kept, snapshots


def rebuild(path: Path) -> tuple[int, Path | None]:
    """Start the database afresh (for `ingest --rebuild`): the corrections are read from
    the old file where it can still be read (and the briefing snapshots), the old file is
    kept aside (renamed), and a new one is made with those corrections. Returns (corrections
    kept, where the old file went)."""
    path = Path(path)
    kept: list[tuple[Any, ...]] = []
    snapshots: dict[str, pa.Table] = {}
    aside = None
    if path.exists():
        kept, snapshots = _readable_parts(path)
        aside = path.with_name(f"{path.name}.old-{dt.datetime.now():%Y%m%d-%H%M%S}")
        try:
            path.rename(aside)
            wal = path.with_name(path.name + ".wal")
            if wal.exists():
                wal.rename(aside.with_name(aside.name + ".wal"))
        except OSError as exc:
            raise storage_error(exc, path) or StoreReadOnly(f"{path} cannot be moved aside: {exc}") from exc
    with Store(path) as store:
        store.restore(kept, snapshots)
    return len(kept), aside
