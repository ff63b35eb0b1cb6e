"""The statistics kit: the registry, the page (charts over a table, numbers with
separators), the workbook (numbers as numbers under a caption), the JSON endpoint (typed
values, in the schema) and the fixed number of queries of every report."""

from datetime import date
from decimal import Decimal
from io import BytesIO
from typing import Any

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.core.reports import registry
from gonghui.core.reports.declarations import Kind
from gonghui.core.reports.formats import display
from gonghui.core.testing import World, build_world
from gonghui.disputes.choices import Channel, Satisfaction, Topic
from gonghui.disputes.services.consultations import consultation_log
from gonghui.members.choices import MembershipSource
from gonghui.members.services.memberships import membership_start
from gonghui.members.services.people import clean_person_fields, person_get_or_create
from gonghui.members.tests.factories import id_number, phone
from gonghui.organizations import services as org_services
from gonghui.organizations.choices import UnionKind
from gonghui.organizations.models import Organization

pytestmark = pytest.mark.django_db

NAMES = ["coverage", "membership", "mediation"]
PERIOD = {"start": "2021-01-01", "end": "2021-12-31"}


def _client(world: World, user: str = "fed_staff") -> Client:
    client = Client()
    client.force_login(world.user(user))
    return client


def test_the_registry_lists_the_reports_and_those_a_user_may_read() -> None:
    world = build_world()

    names = [report.name for report in registry.all()]
    member = [report.name for report in registry.for_user(world.user("member"))]

    assert set(NAMES) <= set(names)
    assert registry.get("coverage").title == "覆盖统计"
    assert member == []
    with pytest.raises(registry.UnknownReport):
        registry.get("nothing")


def test_values_are_shown_with_separators_and_places() -> None:
    assert display(47307, Kind.COUNT) == "47,307"
    assert display(Decimal("3461000"), Kind.MONEY) == "3,461,000.00"
    assert display(0.98904, Kind.RATE) == "98.9%"
    assert display(None, Kind.RATE) == "—"
    assert display(9.25, Kind.NUMBER) == "9.2"
    assert display(date(2021, 10, 31), Kind.DATE) == "2021-10-31"


def test_the_page_draws_charts_over_tables_and_defines_its_figures() -> None:
    world = build_world()

    page = _client(world).get(reverse("reports:coverage"), PERIOD).content.decode()

    assert '<script id="chart-new_unions" type="application/json">' in page
    assert 'data-chart="chart-new_unions"' in page
    assert "/static/vendor/echarts.min.js" in page and "/static/js/reports.js" in page
    assert "<table" in page  # the fallback is always there
    assert "覆盖职工" in page and "指标说明" in page
    assert "2021-01-01 — 2021-12-31" in page


def test_the_workbook_has_a_caption_numbers_and_percentage_formats() -> None:
    world = build_world()
    _grow(world, 1, year=2020)  # a union founded a year earlier: a growth rate
    query: dict[str, Any] = {**PERIOD, "node": world.station_a.pk}

    answer = _client(world).get(reverse("reports:coverage_export"), query)

    book = openpyxl.load_workbook(BytesIO(answer.content))
    summary = book["概况"]
    caption = str(summary["A1"].value)
    assert "覆盖统计" in caption and world.station_a.name in caption
    assert "2021-01-01 — 2021-12-31" in caption and "生成于" in caption
    values = {row[0].value: row[1] for row in summary.iter_rows(min_row=3)}
    workers = values["覆盖职工"]  # union A's entity and the grown union's (15)
    assert (workers.value, workers.number_format) == (120 + 15, "#,##0")
    assert (values["同比增长"].value, values["同比增长"].number_format) == (0.0, "0.0%")
    rows = list(book["新建工会（按建会方式和规模）"].iter_rows(min_row=3, values_only=True))
    assert ("单独建会：百人以上", 1) in rows


def test_the_endpoint_types_its_values_and_is_in_the_schema() -> None:
    world = build_world()

    answer = _client(world).get(reverse("api:reports:mediation"), PERIOD).json()
    schema = Client().get(reverse("api:schema"), {"format": "json"}).json()

    figures = {f["key"]: f for f in answer["figures"]}
    assert figures["amount_agreed"] == {
        "key": "amount_agreed",
        "label": "协议金额（元）",
        "kind": "money",
        "value": "0.00",
    }
    assert figures["closure_rate"]["value"] is None
    assert figures["consultations"]["value"] == 0
    assert (answer["start"], answer["end"], answer["node"]) == ("2021-01-01", "2021-12-31", None)
    for name in NAMES:
        assert f"/api/v1/reports/{name}/" in schema["paths"]


# --- a fixed number of queries ---------------------------------------------------------


def _grow(world: World, size: int, year: int = 2021) -> None:
    """``size`` more unions, each with a legal entity, a member and a consultation."""
    system = world.system
    first = Organization.objects.count()
    for n in range(first, first + size):
        union = org_services.union_found(
            actor=system,
            parent=world.station_a if n % 2 else world.station_b,
            name=f"增量{n}公司工会",
            union_kind=UnionKind.STANDALONE,
            founded_on=date(year, 1 + n % 12, 1),
        )
        org_services.legal_entity_attach(
            actor=system,
            union=union,
            name=f"增量{n}有限公司",
            credit_code=_credit_code(n),
            headcount=10 + n,
            industry="C",
            covered_since=date(year, 1 + n % 12, 1),
        )
        fields = clean_person_fields(
            {
                "name": f"会员{n}",
                "id_number": id_number(),
                "phone": phone(),
                "employment_kind": "employee",
            }
        )
        person, _created = person_get_or_create(fields=fields)
        membership_start(
            actor=system,
            person=person,
            union=union,
            started_on=date(year, 1 + n % 12, 2),
            source=MembershipSource.IMPORT,
            notify=False,
        )
        consultation_log(
            actor=system,
            organization=union,
            channel=Channel.ON_SITE,
            topic=Topic.WAGES,
            held_on=date(year, 1 + n % 12, 3),
            people=1 + n % 3,
            satisfaction=Satisfaction.SATISFIED,
        )


def _credit_code(n: int) -> str:
    from stdnum.cn import uscc

    base = f"91110302MA{n:07d}"[:17]
    return base + uscc.calc_check_digit(base)


def _queries(world: World, url: str, query: dict[str, Any]) -> int:
    client = _client(world)
    with CaptureQueriesContext(connection) as queries:
        answer = client.get(url, query)
    assert answer.status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", NAMES)
def test_a_report_runs_the_same_queries_whatever_the_size_of_the_data(name: str) -> None:
    world = build_world()
    urls = [
        reverse(f"reports:{name}"),
        reverse(f"reports:{name}_export"),
        reverse(f"api:reports:{name}"),
    ]
    _grow(world, 3)
    few = [_queries(world, url, PERIOD) for url in urls]
    subtree = [_queries(world, url, {**PERIOD, "node": world.station_a.pk}) for url in urls]

    _grow(world, 30)
    many = [_queries(world, url, PERIOD) for url in urls]
    subtree_many = [_queries(world, url, {**PERIOD, "node": world.station_a.pk}) for url in urls]

    assert few == many
    assert subtree == subtree_many
