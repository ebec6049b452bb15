"""Reading and parsing: file -> text -> sentences -> dates, actors, events."""
