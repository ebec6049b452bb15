"""Themes are language data now read with the rest of it: core.parse.themes.
Re-exported here for the views that still import them from this module."""
from core.parse.themes import Theme, ThemeTable, load_themes

__all__ = ["Theme", "ThemeTable", "load_themes"]
