"""Headlines of events now live with the event they belong to: core.parse.headlines.
Re-exported here for the views that still import them from this module."""
from core.parse.headlines import HeadlineFacts, actor_name, headline, headline_language, headline_of, headlines_of

__all__ = ["HeadlineFacts", "actor_name", "headline", "headline_language", "headline_of", "headlines_of"]
