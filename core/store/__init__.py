"""The store: the only code that speaks SQL (DuckDB). A newcomer's map:

    errors.py       what can go wrong with the storage, named, each with the fix
    connection.py   opening the database, transactions, bulk inserts; DuckDB's errors as StoreError
    schema.py       the tables and their migrations; the one list of the events' columns
    writes.py       what a batch of files gave, files gone, snapshots, known events
    corrections.py  storing the analyst's corrections and applying them after every write
    candidates.py   the merge-candidate rule, once, in Python and in SQL
    merge.py        which candidates are one event (pure Python)
    copies.py       copies of one story (MinHash, pure Python)
    merging.py      merging and copy detection run over the stored rows
    reads.py        what the views and the command line read, filters pushed down to SQL
    filters.py      what the user filters on, as one value
    database.py     Store: all of the above on one connection; `rebuild`
    synthetic.py    synthetic stores for the dashboard benchmark

Everything above the store imports it from here: `from core.store import Store, StoreError`.
"""
from core.store.database import Store, rebuild
from core.store.errors import (
    REBUILD_HINT,
    StoreBusy,
    StoreCorrupt,
    StoreError,
    StoreFull,
    StoreReadOnly,
    read_error,
    storage_error,
)
from core.store.schema import EVENT_COLUMNS
from core.store.writes import FileRecord

__all__ = ["EVENT_COLUMNS", "REBUILD_HINT", "FileRecord", "Store", "StoreBusy", "StoreCorrupt", "StoreError",
           "StoreFull", "StoreReadOnly", "read_error", "rebuild", "storage_error"]
