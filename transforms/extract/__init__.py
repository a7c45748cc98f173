"""Extract: parsed articles to entities, quotes, events and amounts."""
