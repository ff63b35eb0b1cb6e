"""Claim campaigns (placeholder)."""
