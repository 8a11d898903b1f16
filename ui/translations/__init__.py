"""Qt translation sources (.ts) and their build step."""
