"""The funds API: the funds in scope, a fund with its ledger total, its entries, its
statement, a donation (refused on its field, nothing written) and a reversal."""

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.assistance.models import FundEntry
from gonghui.assistance.tests.fixtures_funds import donate, grant, warmth_fund
from gonghui.core.testing import World, build_world

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 2)


@pytest.fixture
def world() -> World:
    return build_world()


def _client(world: World, key: str = "fed_staff") -> Client:
    client = Client()
    client.force_login(world.user(key))
    return client


def _post(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data=data, content_type="application/json")


def test_the_list_and_detail_show_balances_that_equal_the_ledger(world: World) -> None:
    fund = warmth_fund(world)
    donate(world, fund, "2500.50", DAY)
    warmth_fund(world, node=world.station_b, code="station-b", name="乙站基金")
    client = _client(world, "station_b_staff")

    listed = client.get(reverse("api:assistance:fund-list")).json()
    detail = _client(world).get(reverse("api:assistance:fund-detail", args=[fund.pk])).json()

    assert [row["name"] for row in listed["results"]] == ["乙站基金"]
    assert detail["balance"] == detail["ledger_total"] == "2500.50"
    assert detail["organization"]["name"] == world.federation.name


def test_the_entries_filter_by_kind_and_the_statement_adds_up(world: World) -> None:
    fund = warmth_fund(world)
    donate(world, fund, "9000", date(2025, 6, 1))
    donate(world, fund, "1000", DAY)
    grant(world, fund, "4000", DAY, cause="emergency")
    client = _client(world)

    entries = client.get(
        reverse("api:assistance:fund-entries", args=[fund.pk]), {"kind": "grant"}
    ).json()
    statement = client.get(
        reverse("api:assistance:fund-statement", args=[fund.pk]),
        {"start": "2026-01-01", "end": "2026-12-31"},
    ).json()
    backwards = client.get(
        reverse("api:assistance:fund-statement", args=[fund.pk]),
        {"start": "2026-05-01", "end": "2026-01-01"},
    )

    assert [(e["kind"], e["amount"], e["cause"]) for e in entries["results"]] == [
        ("grant", "-4000.00", "emergency")
    ]
    assert (statement["opening"], statement["closing"]) == ("9000.00", "6000.00")
    assert statement["by_cause"] == [
        {
            "cause": "emergency",
            "cause_label": "突发事件",
            "amount": "4000.00",
            "people": 1,
            "grants": 1,
        }
    ]
    assert backwards.status_code == 400
    assert "end" in backwards.json()["fields"]


def test_a_donation_is_recorded_and_a_bad_one_is_refused_on_its_fields(world: World) -> None:
    fund = warmth_fund(world)
    url = reverse("api:assistance:fund-donations", args=[fund.pk])
    client = _client(world)

    refused = _post(
        client,
        url,
        {"donor_name": "", "amount": "5.123", "received_on": "2099-01-01"},
    )
    unknown = _post(
        client, url, {"donor_name": "甲", "amount": "5", "received_on": "2026-03-01", "x": 1}
    )
    created = _post(
        client,
        url,
        {"donor_name": "赵先生", "amount": "5000", "received_on": "2026-03-01"},
    )

    assert refused.status_code == 400
    fields = refused.json()["fields"]
    assert set(fields) == {"donor_name", "amount", "received_on"}
    assert "最多保留两位小数" in fields["amount"][0]
    assert unknown.status_code == 400 and "x" in unknown.json()["fields"]
    assert created.status_code == 201
    body = created.json()
    assert (body["amount"], body["receipt_number"]) == ("5000.00", "JZ2026-00001")
    assert FundEntry.objects.count() == 1


def test_a_reversal_needs_a_reason_and_is_made_once(world: World) -> None:
    fund = warmth_fund(world)
    entry = donate(world, fund, "700", DAY).entry
    url = reverse("api:assistance:entry-reverse", args=[entry.pk])
    client = _client(world)

    blank = _post(client, url, {"reason": " "})
    done = _post(client, url, {"reason": "录错"})
    again = _post(client, url, {"reason": "再冲"})

    assert blank.status_code == 400 and "reason" in blank.json()["fields"]
    assert done.status_code == 201
    assert (done.json()["kind"], done.json()["amount"]) == ("reversal", "-700.00")
    assert again.status_code == 400 and "entry" in again.json()["fields"]
    assert FundEntry.objects.count() == 2


def test_the_fund_endpoints_are_in_the_schema(world: World) -> None:
    schema = Client().get(reverse("api:schema"), {"format": "json"}).json()

    paths = schema["paths"]
    for path in (
        "/api/v1/assistance/funds/",
        "/api/v1/assistance/funds/{id}/",
        "/api/v1/assistance/funds/{id}/entries/",
        "/api/v1/assistance/funds/{id}/statement/",
        "/api/v1/assistance/funds/{id}/donations/",
        "/api/v1/assistance/fund-entries/{id}/reverse/",
    ):
        assert path in paths, path
    assert "post" in paths["/api/v1/assistance/funds/{id}/donations/"]
