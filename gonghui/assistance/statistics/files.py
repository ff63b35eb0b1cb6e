"""Figures of files (see docs/assistance.md)."""
