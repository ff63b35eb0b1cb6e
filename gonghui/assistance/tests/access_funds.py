"""Who may open each fund page and endpoint (run by ``core/tests/test_access.py``).

``prepare`` sets up, through the services with the system user, a warmth fund and a
budget line managed by station A, with a donation into the fund. Viewing needs
``assistance.view`` (station A's staff; the outsider is station B's); donations,
allocations, reversals and receipts need ``assistance.pay`` and setting a fund up
``assistance.manage``, both the federation's (the outsider is the federation role over
station B only)."""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.urls import reverse

from gonghui.assistance.tests.fixtures_funds import budget_line, donate, warmth_fund
from gonghui.core.testing import AccessCase, World

FUND_NAME = "甲站温暖专项基金"
DONOR = "捐赠人甲某"
DAY = date(2026, 3, 2)


def prepare(world: World) -> None:
    fund = warmth_fund(world, node=world.station_a, code="station-a-warmth", name=FUND_NAME)
    donation = donate(world, fund, "5000", DAY, donor_name=DONOR, receipt_number="A-001")
    line = budget_line(world, node=world.station_a, code="station-a-budget", opening="1000")
    world.extra.update(fund=fund, donation=donation, entry=donation.entry, line=line)
    world.hide("a", FUND_NAME, DONOR, "A-001", line.name)


def _url(name: str, key: str = "fund", suffix: str = "") -> Callable[[World], str]:
    return lambda w: reverse(name, args=[w.extra[key].pk]) + suffix


def _view(name: str, key: str = "fund", suffix: str = "", **kwargs: Any) -> AccessCase:
    """A page (or endpoint) about one record, for whoever may view station A's funds."""
    fields: dict[str, Any] = {
        "name": name,
        "url": _url(name, key, suffix),
        "allowed": "station_a_staff",
        "outsider": "station_b_staff",
        "prepare": prepare,
    }
    fields.update(kwargs)
    return AccessCase(**fields)


def _pay(name: str, key: str = "fund", **kwargs: Any) -> AccessCase:
    """A page (or endpoint) of the federation's clerks who pay and take money in."""
    return _view(name, key, allowed="fed_staff", outsider="fed_b_staff", **kwargs)


def _post(
    name: str, data: Callable[[World], dict[str, Any]], key: str = "fund", **kwargs: Any
) -> AccessCase:
    kwargs.setdefault("success", (302,))
    return _pay(name, key, method="post", data=data, **kwargs)


def _donation(world: World) -> dict[str, Any]:
    return {"donor_name": "新捐赠人", "amount": "300.00", "received_on": "2026-03-05"}


PAGES = [
    AccessCase(
        name="assistance:fund_list",
        url=lambda w: reverse("assistance:fund_list"),
        allowed="station_a_staff",
        outsider="station_b_staff",
        listing=True,
        hidden=lambda w: FUND_NAME,
        prepare=prepare,
    ),
    AccessCase(
        # the node is chosen by a type-ahead: the form lists no nodes
        name="assistance:fund_create",
        url=lambda w: reverse("assistance:fund_create"),
        outsider="fed_b_staff",
        static=True,
        prepare=prepare,
    ),
    AccessCase(
        name="assistance:fund_create",
        url=lambda w: reverse("assistance:fund_create"),
        method="post",
        data=lambda w: {
            "organization": w.station_a.pk,
            "code": "station-a-special",
            "name": "专项资金",
            "kind": "special",
            "started_on": "2026-01-01",
        },
        success=(302,),
        outsider="fed_b_staff",
        listing=True,  # the outsider cannot choose station A: the form is shown again
        hidden=lambda w: w.station_a.name,
        prepare=prepare,
        id="assistance:fund_create-post",
    ),
    _view("assistance:fund_detail"),
    _view("assistance:fund_detail", suffix="?format=xlsx", id="assistance:fund_detail-xlsx"),
    _pay("assistance:donation_record"),
    _post("assistance:donation_record", _donation),
    _pay("assistance:allocation_record", "line"),
    _post(
        "assistance:allocation_record",
        lambda w: {"amount": "200", "booked_on": "2026-03-05", "memo": "追加预算"},
        "line",
    ),
    _pay("assistance:entry_reverse", "entry"),
    _post("assistance:entry_reverse", lambda w: {"reason": "重复录入"}, "entry"),
    _view("assistance:fund_statement", suffix="?start=2026-01-01&end=2026-06-30"),
    _view("assistance:fund_statement_xlsx", suffix="?start=2026-01-01&end=2026-06-30"),
    _view("assistance:fund_statement_pdf"),
    _pay("assistance:donation_receipt", "donation"),
]

API = [
    AccessCase(
        name="api:assistance:fund-list",
        url=lambda w: reverse("api:assistance:fund-list"),
        api=True,
        allowed="station_a_staff",
        outsider="station_b_staff",
        listing=True,
        hidden=lambda w: FUND_NAME,
        prepare=prepare,
    ),
    _view("api:assistance:fund-detail", api=True),
    _view("api:assistance:fund-entries", api=True),
    _view("api:assistance:fund-statement", api=True, suffix="?start=2026-01-01"),
    _post("api:assistance:fund-donations", _donation, api=True, success=(201,)),
    _post(
        "api:assistance:entry-reverse",
        lambda w: {"reason": "重复录入"},
        "entry",
        api=True,
        success=(201,),
    ),
]

REPORTS = [
    # a report reads the user's whole scope: the outsider gets the page of its own scope,
    # and 404 for a node outside it
    AccessCase(
        name="reports:assistance_funds",
        url=lambda w: reverse("reports:assistance_funds"),
        allowed="station_a_staff",
        outsider="station_b_staff",
        listing=True,
        hidden=lambda w: w.station_a.name,
        prepare=prepare,
        id="reports:assistance_funds-scope",
    ),
    AccessCase(
        name="reports:assistance_funds",
        url=lambda w: reverse("reports:assistance_funds") + f"?node={w.station_a.pk}",
        allowed="station_a_staff",
        outsider="station_b_staff",
        prepare=prepare,
    ),
    AccessCase(
        name="reports:assistance_funds_export",
        url=lambda w: reverse("reports:assistance_funds_export") + f"?node={w.station_a.pk}",
        allowed="station_a_staff",
        outsider="station_b_staff",
        prepare=prepare,
    ),
    AccessCase(
        name="api:reports:assistance_funds",
        url=lambda w: reverse("api:reports:assistance_funds") + f"?node={w.station_a.pk}",
        allowed="station_a_staff",
        outsider="station_b_staff",
        api=True,
        prepare=prepare,
    ),
]

ACCESS_CASES = [*PAGES, *API, *REPORTS]
