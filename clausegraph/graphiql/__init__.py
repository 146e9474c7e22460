"""GraphiQL served from local files, so the IDE works offline."""
