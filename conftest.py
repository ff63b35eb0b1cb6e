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


@pytest.fixture(autouse=True)
def _default_language() -> None:
    """Each test starts in the site's language: a request served in English (the user's
    choice) leaves English active in the thread, and a service called directly by the
    next test would answer in it."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
