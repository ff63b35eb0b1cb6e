"""Group-purchase orders (placeholder)."""
