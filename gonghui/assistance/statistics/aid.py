"""Figures of aid (see docs/assistance.md)."""
