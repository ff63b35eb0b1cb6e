"""The request id in the audit log is the server's: a client's ``X-Request-ID`` is kept
apart as ``client_request_id`` (untrusted), unless a trusted proxy's header is configured."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from gonghui.core.models import AuditAction, AuditEntry
from gonghui.core.testing import PASSWORD, build_world

pytestmark = pytest.mark.django_db

CHOSEN = "chosen-by-client-0001"


def _sign_in(client: Client, **headers: str) -> AuditEntry:
    client.post(
        reverse("accounts:login"),
        {"username": "union_a_staff", "password": PASSWORD},
        headers=headers,
    )
    return AuditEntry.objects.filter(action=AuditAction.LOGIN).latest("id")


def test_a_client_cannot_set_the_request_id_of_its_audit_entry() -> None:
    build_world()

    entry = _sign_in(Client(), **{"X-Request-ID": CHOSEN})

    assert entry.request_id != CHOSEN
    assert len(entry.request_id) == 32
    assert entry.client_request_id == CHOSEN


def test_two_requests_with_the_same_client_id_get_different_request_ids() -> None:
    build_world()

    first = _sign_in(Client(), **{"X-Request-ID": CHOSEN})
    second = _sign_in(Client(), **{"X-Request-ID": CHOSEN})

    assert first.request_id != second.request_id


def test_the_response_carries_the_servers_id_not_the_clients() -> None:
    response = Client().get("/healthz", headers={"X-Request-ID": CHOSEN})

    assert response["X-Request-ID"] != CHOSEN
    assert len(response["X-Request-ID"]) == 32


def test_a_malformed_client_id_is_not_kept() -> None:
    build_world()

    entry = _sign_in(Client(), **{"X-Request-ID": "bad id\n<script>"})

    assert entry.client_request_id == ""


@override_settings(TRUSTED_REQUEST_ID_HEADER="X-Proxy-Request-ID")
def test_the_id_of_a_configured_proxy_header_is_trusted() -> None:
    build_world()

    entry = _sign_in(Client(), **{"X-Proxy-Request-ID": "proxy-0123456789", "X-Request-ID": CHOSEN})

    assert entry.request_id == "proxy-0123456789"
    assert entry.client_request_id == CHOSEN
