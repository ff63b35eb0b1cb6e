"""Runs every app's ACCESS_CASES (in ``tests/access*.py``) and fails when a URL pattern
has none."""

import importlib
import pkgutil
from collections.abc import Iterator

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gonghui.core.testing import REQUESTS, AccessCase, build_world, check_access

# Pages anyone may open (sign-in, health, API schema and docs, language switch) and the
# Django admin, which has its own superuser-only protection (tested in accounts).
PUBLIC_URL_NAMES = {
    "healthz",
    "favicon",  # the site icon (a redirect to the static file)
    "accounts:login",
    "accounts:logout",
    "accounts:language",
    "api:token",
    "api:schema",
    "api:docs",
    "portal:login",  # the member sign-in page
    "portal:code_request",  # sends a sign-in code (rate-limited per phone and address)
    "portal:logout",  # signing out, as accounts:logout
    "portal:join",  # anyone may apply to join, signed in or not
    "portal:consent",  # the consent text shown on the join form
    "portal:employer_search",  # public registry data: employer names and credit codes
    "api:portal:code-request",  # the mini-program's sign-in code (rate-limited)
    "api:portal:code-token",  # exchanges a code for a token (failures counted by axes)
    "api:portal:employer-search",  # public registry data, as portal:employer_search
    "api:portal:area-list",  # names of the service stations, for the join form
}
# Pages for every signed-in user whatever the role (each shows only the user's own data).
SIGNED_IN_URL_NAMES = {"core:home", "core:notices", "core:notices_unread"}
# Revoking the token a request carries, for any token holder (api/tests/test_tokens.py).
TOKEN_HOLDER_URL_NAMES = {"api:sign-out", "api:sign-out-everywhere"}
EXCLUDED_NAMESPACES = {"admin"}


def _all_cases() -> list[AccessCase]:
    cases: list[AccessCase] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("gonghui."):
            continue
        try:
            tests = importlib.import_module(f"{config.name}.tests")
        except ModuleNotFoundError:
            continue
        for info in pkgutil.iter_modules(tests.__path__):
            if info.name.startswith("access"):
                module = importlib.import_module(f"{tests.__name__}.{info.name}")
                cases.extend(module.ACCESS_CASES)
    return cases


def _url_names(resolver: URLResolver, prefix: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in EXCLUDED_NAMESPACES:
                continue
            space = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names |= _url_names(pattern, space)
        elif isinstance(pattern, URLPattern):
            names.add(f"{prefix}{pattern.name}" if pattern.name else f"<unnamed {pattern}>")
    return names


CASES = _all_cases()


@pytest.fixture(scope="module", autouse=True)
def _count_requests() -> Iterator[None]:
    """Prints how many requests the access test sent (``pytest -s``)."""
    REQUESTS["count"] = 0
    yield
    if REQUESTS["count"]:
        print(f"\naccess test: {REQUESTS['count']} requests for {len(CASES)} cases")


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=str)
def test_view_answers_each_kind_of_user(case: AccessCase) -> None:
    check_access(case, build_world())


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(SIGNED_IN_URL_NAMES))
def test_signed_in_pages_refuse_anonymous(client: Client, name: str) -> None:
    assert client.get(reverse(name)).status_code == 302
    client.force_login(build_world().user("member"))
    assert client.get(reverse(name)).status_code == 200


def test_every_url_pattern_has_an_access_case() -> None:
    covered = {case.name for case in CASES}
    uncovered = (
        _url_names(get_resolver())
        - covered
        - PUBLIC_URL_NAMES
        - SIGNED_IN_URL_NAMES
        - TOKEN_HOLDER_URL_NAMES
    )
    assert not uncovered, f"URL patterns without an access case: {sorted(uncovered)}"
