"""The connection to the database: opening it (waiting while another process writes),
transactions, bulk inserts from Arrow tables, and turning DuckDB's errors into
StoreError. The only module that imports duckdb."""
from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

import duckdb
import pyarrow as pa

from core.store.errors import REBUILD_HINT, StoreBusy, StoreError, StoreReadOnly, read_error, storage_error

if TYPE_CHECKING:  # pandas is imported by DuckDB when a frame is asked for
    import pandas as pd

LOGGER = logging.getLogger(__name__)

DatabaseError = duckdb.Error  # what the engine raises (for the store's own modules)


def connect(path: Path | str, read_only: bool = False, retries: int = 20) -> duckdb.DuckDBPyConnection:
    """A connection; waits a little while another process writes, then raises StoreBusy."""
    path = Path(path)
    if read_only and not path.exists():
        raise FileNotFoundError(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise storage_error(exc, path) or StoreReadOnly(f"cannot create the folder of {path}: {exc}") from exc
    delay = 0.05
    for attempt in range(retries):
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.Error as exc:
            error = storage_error(exc, path) or StoreError(f"{path} cannot be opened ({str(exc)[:200]}); "
                                                           f"if it is damaged, {REBUILD_HINT}")
            if not isinstance(error, StoreBusy) or attempt == retries - 1:
                raise error from exc
            time.sleep(delay)
            delay = min(delay * 2, 1.0)
    raise StoreBusy(str(path))


class Connection:
    """One open database. Used as a context manager: a failure of DuckDB inside the
    `with` block leaves it as a StoreError (the named one where the storage failed)."""

    def __init__(self, path: Path | str, read_only: bool = False):
        self.path = Path(path)
        self._con = connect(self.path, read_only=read_only)

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()
        if isinstance(exc, duckdb.Error):
            raise read_error(exc, self.path) from exc

    # ------------------------------------------------------------------ running SQL
    def _rows(self, sql: str, params: Sequence[Any] | None = None) -> list[tuple[Any, ...]]:
        return self._con.execute(sql, params or []).fetchall()

    def _one(self, sql: str, params: Sequence[Any] | None = None) -> tuple[Any, ...] | None:
        return self._con.execute(sql, params or []).fetchone()

    def _value(self, sql: str, params: Sequence[Any] | None = None) -> Any:
        row = self._one(sql, params)
        return row[0] if row else None

    def _frame(self, sql: str, params: Sequence[Any] | None = None) -> pd.DataFrame:
        return self._con.execute(sql, params or []).df()

    def _run(self, sql: str, params: Sequence[Any] | None = None) -> None:
        self._con.execute(sql, params or [])

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction; a failure of the storage (disk full, damaged file) raises its
        named StoreError, anything else as it was raised."""
        self._con.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException as exc:
            try:
                self._con.execute("ROLLBACK")
            except duckdb.Error:
                LOGGER.debug("rollback after %s failed", type(exc).__name__)
            error = storage_error(exc, self.path) if isinstance(exc, duckdb.Error) else None
            if error is not None:
                raise error from exc
            raise
        try:
            self._con.execute("COMMIT")
        except duckdb.Error as exc:
            error = storage_error(exc, self.path)
            if error is not None:
                raise error from exc
            raise

    @contextmanager
    def _registered(self, name: str, table: pa.Table) -> Iterator[None]:
        """An Arrow table readable by SQL under `name` for the time of the block."""
        self._con.register(name, table)
        try:
            yield
        finally:
            self._con.unregister(name)

    def _update_from(self, name: str, table: pa.Table, sql: str) -> None:
        """Run an UPDATE that reads the Arrow `table` under `name`."""
        with self._registered(name, table):
            self._con.execute(sql)

    def _insert(self, name: str, table: pa.Table) -> None:
        """Append an Arrow table's rows to a table (columns by name)."""
        if not table.num_rows:
            return
        with self._registered("batch_rows", table):
            self._con.execute(f"INSERT INTO {name} ({', '.join(table.column_names)}) SELECT * FROM batch_rows")
