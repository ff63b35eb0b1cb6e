"""Figures of funds (see docs/assistance.md)."""
