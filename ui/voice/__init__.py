"""Voice guidance and sound cues: prompts rendered once, offline, then played (ADR 0007)."""
