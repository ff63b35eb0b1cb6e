import pytest


@pytest.fixture(autouse=True)
def _fresh_caches() -> None:
    """Login lockout counters and cached data must not leak between tests."""
    from django.core.cache import cache

    cache.clear()
