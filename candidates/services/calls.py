"""Writes for weekly intro calls. Being built (issue 5)."""

__all__: list[str] = []
