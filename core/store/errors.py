"""What can go wrong with the storage itself, named, each with the fix."""
from __future__ import annotations

from pathlib import Path


class StoreError(RuntimeError):
    """The database cannot be used; the message says why and what to do."""


class StoreBusy(StoreError):
    """Another process holds the database for writing."""


class StoreCorrupt(StoreError):
    """The database file is damaged or not a database."""


class StoreReadOnly(StoreError):
    """The database (or its folder) cannot be written."""


class StoreFull(StoreError):
    """The disk holding the database is full."""


REBUILD_HINT = "rebuild it with `python -m core ingest --rebuild PATH...` (readable corrections are kept)"


def storage_error(exc: BaseException, path: Path | str) -> StoreError | None:
    """The named error for a failure of the storage itself, with the fix; None when the
    failure is not the storage's (bad data in a row, a programmer's error)."""
    text = str(exc)
    lower = text.lower()
    short = text.splitlines()[0][:200] if text else type(exc).__name__
    if "lock" in lower and ("conflicting" in lower or "could not set" in lower):
        return StoreBusy(f"{path} is in use by another process: wait for it to finish ({short})")
    if "no space left" in lower or "disk full" in lower or "not enough space" in lower:
        return StoreFull(f"the disk holding {path} is full: free disk space, then run again ({short})")
    if "read-only" in lower or "read only file" in lower or "permission denied" in lower:
        return StoreReadOnly(f"{path} cannot be written (read-only or no permission): check its permissions "
                             f"and its folder's, or use --db with another file ({short})")
    if any(w in lower for w in ("not a valid duckdb", "corrupt", "checksum", "could not read enough bytes",
                                "serializ", "invalid block", "internal error")):
        return StoreCorrupt(f"{path} is damaged ({short}): {REBUILD_HINT}")
    return None


def read_error(exc: BaseException, path: Path | str) -> StoreError:
    """A failure while using the database, as a StoreError: the named one when the storage
    failed, else a plain one that says the file could not be read (damage that only shows
    while reading, such as a checksum that does not match)."""
    return storage_error(exc, path) or StoreError(f"{path} cannot be read ({str(exc)[:200]}); "
                                                  f"if it is damaged, {REBUILD_HINT}")
