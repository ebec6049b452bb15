"""Views over the store: figures, labels, headlines, briefings, exports."""
