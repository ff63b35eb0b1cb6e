import pytest


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("postgres"):
        from django.db import connection

        if connection.vendor != "postgresql":
            pytest.skip(
                "needs PostgreSQL (row locks, concurrency): runs in make test's PostgreSQL pass"
            )


@pytest.fixture(autouse=True)
def _fresh_caches() -> None:
    """Login lockout counters and cached data must not leak between tests."""
    from django.core.cache import cache

    cache.clear()
