"""Files to the store: the ingest run, the upload folder, per-file limits."""
