"""The campaign workflow (planning, distributing, closed), declared in the one engine."""
