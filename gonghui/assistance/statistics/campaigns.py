"""Figures of campaigns (see docs/assistance.md)."""
