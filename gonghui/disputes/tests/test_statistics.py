"""Consultation and mediation statistics: every figure equals a recount in Python over a
data set generated through the services, for the district and a subtree; the queries do
not grow with the records; a group case counts each applicant."""

import random
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.core.testing import World, build_world
from gonghui.disputes import statistics
from gonghui.disputes.choices import CaseStatus, Channel, Outcome, Satisfaction, Topic
from gonghui.disputes.models import Consultation, MediationCase, MediationCommittee, Payment
from gonghui.disputes.services.agreements import agreement_record, agreement_sign, payment_record
from gonghui.disputes.services.cases import (
    case_accept,
    case_apply,
    case_close,
    case_decline,
    case_extend,
    case_transfer_up,
)
from gonghui.disputes.services.committees import committee_create
from gonghui.disputes.services.consultations import consultation_log
from gonghui.organizations.models import Organization

pytestmark = pytest.mark.django_db

START, END = date(2024, 3, 1), date(2024, 8, 31)
FIRST, LAST = date(2024, 1, 1), date(2024, 12, 31)
AT = date(2025, 1, 10)


def _committees(world: World) -> list[MediationCommittee]:
    return [
        committee_create(actor=world.system, organization=node, name=f"{node.name}调解委员会")
        for node in (world.federation, world.station_a, world.station_b, world.union_a)
    ]


def _day(rng: random.Random, first: date = FIRST, last: date = LAST) -> date:
    return first + timedelta(days=rng.randint(0, (last - first).days))


def _case(world: World, rng: random.Random, committee: MediationCommittee) -> None:  # noqa: C901 - test builder
    """One case through the services, in a random state."""
    system = world.system
    applied = _day(rng)
    size = 1 if rng.random() < 0.7 else rng.randint(2, 6)
    case = case_apply(
        actor=system,
        committee=committee,
        applicants=[{"name": f"申请人{n}"} for n in range(size)],
        facts="拖欠工资",
        claims=[{"kind": "wages", "amount": "50000"}],
        employer_name="某公司",
        applied_on=applied,
    )
    roll = rng.random()
    if roll < 0.1:
        case_decline(actor=system, case=case, reason="不属于调解范围", on=applied)
        return
    if roll < 0.18:
        return  # applied, not accepted
    accepted = applied + timedelta(days=rng.randint(0, 3))
    if committee.tier != "federation" and rng.random() < 0.15:
        if rng.random() < 0.5:
            case = case_accept(actor=system, case=case, on=accepted)
        case = case_transfer_up(actor=system, case=case, reason="移交", on=accepted)
        accepted += timedelta(days=1)
    case = case_accept(actor=system, case=case, on=accepted)
    if rng.random() < 0.1:
        case = case_extend(
            actor=system, case=case, until=accepted + timedelta(days=40), note="同意"
        )
    if rng.random() < 0.2:
        return  # still mediating (overdue or not)
    closed = accepted + timedelta(days=rng.randint(0, 20))
    outcome = rng.choice(
        [Outcome.AGREEMENT, Outcome.AGREEMENT, Outcome.FAILURE, Outcome.WITHDRAWAL]
    )
    agreement = None
    if outcome == Outcome.AGREEMENT:
        agreement = agreement_record(
            actor=system, case=case, terms="支付工资", amount=rng.randint(1, 50) * 1000
        )
        agreement = agreement_sign(
            actor=system,
            case=agreement.case,
            parties_signed_on=closed,
            mediator_signed_on=closed,
            sealed_on=closed,
        )
    case_close(actor=system, case=case, outcome=outcome, on=closed)
    if agreement is not None:
        left = agreement.amount
        for _n in range(rng.randint(0, 2)):
            part = min(left, Decimal(rng.randint(1, 30) * 1000))
            if part > 0:
                day = closed + timedelta(days=rng.randint(0, 60))
                payment_record(actor=system, case=agreement.case, paid_on=day, amount=part)
                left -= part


def _consultations(world: World, rng: random.Random, count: int) -> None:
    nodes = [world.federation, world.station_a, world.station_b, world.union_a, world.union_b]
    for _n in range(count):
        consultation_log(
            actor=world.system,
            organization=rng.choice(nodes),
            channel=rng.choice(Channel.values),
            topic=rng.choice(Topic.values),
            held_on=_day(rng),
            people=rng.choice([1, 1, 1, 2, 5]),
            satisfaction=rng.choice(Satisfaction.values),
        )


def _generate(world: World, cases: int, consultations: int = 0, seed: int = 1) -> None:
    rng = random.Random(seed)
    committees = _committees(world)
    for _n in range(cases):
        _case(world, rng, rng.choice(committees))
    _consultations(world, rng, consultations)


# --- the recount -----------------------------------------------------------------------


def _in(day: date | None, start: date, end: date) -> bool:
    return day is not None and start <= day <= end


def _recount_mediation(node: Organization | None, start: date, end: date) -> dict[str, Any]:
    cases = [
        c
        for c in MediationCase.objects.select_related("committee__organization").prefetch_related(
            "applicants"
        )
        if node is None or c.committee.organization.path.startswith(node.path)
    ]
    accepted = [
        c for c in cases if _in(c.accepted_on, start, end) and c.status != CaseStatus.TRANSFERRED
    ]
    closed = [
        c
        for c in accepted
        if c.status == CaseStatus.CLOSED and c.outcome and c.closed_on and c.closed_on <= end
    ]
    in_period = [
        c
        for c in cases
        if c.status == CaseStatus.CLOSED and c.outcome and _in(c.closed_on, start, end)
    ]
    ids = {c.pk for c in cases}
    payments = [
        p for p in Payment.objects.select_related("agreement") if p.agreement.case_id in ids
    ]
    days = [(c.closed_on - c.accepted_on).days for c in in_period if c.closed_on and c.accepted_on]
    return {
        "applicants_accepted": sum(c.applicants.count() for c in accepted),
        "applicants_closed": sum(c.applicants.count() for c in closed),
        "cases_accepted": len(accepted),
        "cases_closed": len(closed),
        "by_outcome": Counter(c.outcome for c in closed),
        "by_tier": Counter(c.committee.tier for c in accepted),
        "amount_agreed": sum(
            (c.agreement.amount for c in in_period if c.outcome == Outcome.AGREEMENT),
            Decimal("0"),
        ),
        "amount_fulfilled": sum(
            (p.amount for p in payments if _in(p.paid_on, start, end)), Decimal("0")
        ),
        "closed_in_period": len(in_period),
        "average_days": sum(days) / len(days) if days else None,
        "overdue": len(
            [
                c
                for c in cases
                if c.status == CaseStatus.MEDIATING and (c.extended_to or c.deadline or AT) < AT
            ]
        ),
    }


def _figures(m: statistics.Mediation) -> dict[str, Any]:
    return {
        "applicants_accepted": m.applicants_accepted,
        "applicants_closed": m.applicants_closed,
        "cases_accepted": m.cases_accepted,
        "cases_closed": m.cases_closed,
        "by_outcome": Counter({r.key: r.count for r in m.by_outcome if r.count}),
        "by_tier": Counter({r.key: r.cases_accepted for r in m.by_tier if r.cases_accepted}),
        "amount_agreed": m.amount_agreed,
        "amount_fulfilled": m.amount_fulfilled,
        "closed_in_period": m.closed_in_period,
        "average_days": m.average_days,
        "overdue": m.overdue,
    }


def _recount_consultations(node: Organization | None, start: date, end: date) -> dict[str, Any]:
    rows = [
        c
        for c in Consultation.objects.select_related("organization")
        if _in(c.held_on, start, end)
        and (node is None or c.organization.path.startswith(node.path))
    ]
    channels: Counter[str] = Counter()
    topics: Counter[str] = Counter()
    for c in rows:
        channels[c.channel] += c.people
        topics[c.topic] += c.people
    rated = [c for c in rows if c.satisfaction != Satisfaction.NOT_ASKED]
    satisfied = [
        c for c in rated if c.satisfaction in (Satisfaction.SATISFIED, Satisfaction.NEUTRAL)
    ]
    return {
        "total": sum(c.people for c in rows),
        "records": len(rows),
        "channels": channels,
        "topics": topics,
        "rated": sum(c.people for c in rated),
        "satisfied": sum(c.people for c in satisfied),
    }


def _consultation_figures(c: statistics.Consultations) -> dict[str, Any]:
    return {
        "total": c.total,
        "records": c.records,
        "channels": Counter({r.key: r.count for r in c.by_channel if r.count}),
        "topics": Counter({r.key: r.count for r in c.by_topic if r.count}),
        "rated": c.rated,
        "satisfied": c.satisfied,
    }


# --- tests -----------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [1, 2])
def test_figures_equal_a_recount_for_the_district_and_a_subtree(seed: int) -> None:
    world = build_world()
    _generate(world, cases=60, consultations=60, seed=seed)
    assert MediationCase.objects.filter(status=CaseStatus.TRANSFERRED).exists()
    for node in (None, world.federation, world.station_a, world.union_a, world.station_b):
        for start, end in ((START, END), (FIRST, LAST)):
            m = statistics.mediation(actor=world.system, start=start, end=end, node=node, at=AT)
            assert _figures(m) == _recount_mediation(node, start, end), (node, start)
            c = statistics.consultations(actor=world.system, start=start, end=end, node=node)
            assert _consultation_figures(c) == _recount_consultations(node, start, end), node


def test_the_actors_scope_limits_the_figures() -> None:
    world = build_world()
    _generate(world, cases=40, consultations=40)
    station = world.user("station_a_staff")
    m = statistics.mediation(actor=station, start=FIRST, end=LAST, at=AT)
    assert _figures(m) == _recount_mediation(world.station_a, FIRST, LAST)
    c = statistics.consultations(actor=station, start=FIRST, end=LAST)
    assert _consultation_figures(c) == _recount_consultations(world.station_a, FIRST, LAST)
    member = statistics.mediation(actor=world.user("member"), start=FIRST, end=LAST)
    assert member.applicants_accepted == 0 and member.cases_accepted == 0


def _queries(world: World) -> int:
    with CaptureQueriesContext(connection) as queries:
        statistics.mediation(actor=world.user("fed_staff"), start=START, end=END)
        statistics.consultations(actor=world.user("fed_staff"), start=START, end=END)
    return len(queries)


def test_the_queries_do_not_grow_with_the_records() -> None:
    world = build_world()
    _generate(world, cases=10, consultations=10, seed=3)
    world.user("fed_staff").forget_scope()
    few = _queries(world)
    _generate_more = random.Random(4)
    committees = list(MediationCommittee.objects.order_by("pk"))
    for _n in range(90):
        _case(world, _generate_more, _generate_more.choice(committees))
    _consultations(world, _generate_more, 90)
    assert MediationCase.objects.count() >= 100
    world.user("fed_staff").forget_scope()
    assert _queries(world) == few <= 8


def test_a_group_case_counts_each_applicant() -> None:
    world = build_world()
    committee = _committees(world)[0]
    day = date(2021, 8, 9)
    case = case_apply(
        actor=world.system,
        committee=committee,
        applicants=[{"name": "李某"}] + [{"name": f"职工{n}"} for n in range(23)],
        facts="李某等24名职工以拖欠工资为由申请调解",
        claims=[{"kind": "wages", "amount": "500000"}],
        employer_name="某公司",
        applied_on=day,
    )
    case = case_accept(actor=world.system, case=case, on=day)
    agreement = agreement_record(actor=world.system, case=case, terms="支付工资", amount="475200")
    agreement = agreement_sign(
        actor=world.system,
        case=agreement.case,
        parties_signed_on=day + timedelta(days=9),
        mediator_signed_on=day + timedelta(days=9),
        sealed_on=day + timedelta(days=9),
    )
    case_close(actor=world.system, case=case, outcome=Outcome.AGREEMENT, on=day + timedelta(days=9))
    payment_record(
        actor=world.system, case=agreement.case, paid_on=day + timedelta(days=16), amount="475200"
    )
    m = statistics.mediation(actor=world.system, start=date(2021, 1, 1), end=date(2021, 11, 30))
    assert (m.applicants_accepted, m.applicants_closed) == (24, 24)
    assert (m.cases_accepted, m.cases_closed) == (1, 1)
    assert m.closure_rate == 1.0
    assert m.amount_agreed == m.amount_fulfilled == Decimal("475200.00")
    assert m.average_days == 9
    # before the case was closed the applicants are accepted, not closed
    early = statistics.mediation(actor=world.system, start=date(2021, 1, 1), end=day)
    assert (early.applicants_accepted, early.applicants_closed) == (24, 0)
    assert statistics.rate_text(early.closure_rate) == "0.0%"


def test_a_transferred_case_counts_once_where_it_is_finally_accepted() -> None:
    world = build_world()
    committees = _committees(world)
    enterprise = committees[3]
    day = date(2024, 5, 6)
    case = case_apply(
        actor=world.system,
        committee=enterprise,
        applicants=[{"name": "王某"}, {"name": "赵某"}],
        facts="加班费",
        claims=[{"kind": "overtime", "amount": "8000"}],
        employer_name="甲科技有限公司",
        applied_on=day,
    )
    case = case_accept(actor=world.system, case=case, on=day)
    new = case_transfer_up(actor=world.system, case=case, reason="移交", on=day + timedelta(days=2))
    case_accept(actor=world.system, case=new, on=day + timedelta(days=3))
    district = statistics.mediation(actor=world.system, start=START, end=END)
    assert (district.applicants_accepted, district.cases_accepted) == (2, 1)
    firm = statistics.mediation(actor=world.system, start=START, end=END, node=world.union_a)
    assert firm.applicants_accepted == 0
    station = statistics.mediation(actor=world.system, start=START, end=END, node=world.station_a)
    assert station.applicants_accepted == 2
    assert {r.key: r.applicants_accepted for r in station.by_tier}["station"] == 2


def test_satisfaction_leaves_out_the_unrated_and_counts_person_times() -> None:
    world = build_world()
    for satisfaction, people in (
        (Satisfaction.SATISFIED, 3),
        (Satisfaction.NEUTRAL, 1),
        (Satisfaction.DISSATISFIED, 1),
        (Satisfaction.NOT_ASKED, 5),
    ):
        consultation_log(
            actor=world.system,
            organization=world.station_a,
            channel=Channel.ON_SITE,
            topic=Topic.WAGES,
            held_on=START,
            people=people,
            satisfaction=satisfaction,
        )
    c = statistics.consultations(actor=world.system, start=START, end=END)
    assert (c.total, c.records, c.rated, c.satisfied) == (10, 4, 5, 4)
    assert c.channel(Channel.ON_SITE) == 10
    assert statistics.rate_text(c.satisfaction_rate) == "80.0%"
    empty = statistics.consultations(actor=world.system, start=FIRST, end=FIRST)
    assert empty.satisfaction_rate is None and statistics.rate_text(None) == "—"


# --- the page --------------------------------------------------------------------------


def test_the_page_shows_the_figures_and_downloads_them(client: Client) -> None:
    world = build_world()
    _generate(world, cases=30, consultations=20)
    client.force_login(world.user("fed_staff"))
    query: dict[str, Any] = {"start": "2024-01-01", "end": "2024-12-31", "node": world.station_a.pk}
    response = client.get(reverse("reports:mediation"), query)
    assert response.status_code == 200
    m = response.context["figures"].mediation
    assert (
        _figures(m)["applicants_accepted"]
        == _recount_mediation(world.station_a, FIRST, LAST)["applicants_accepted"]
    )
    assert "受理人数" in response.content.decode()
    export = client.get(reverse("reports:mediation_export"), query)
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    outside = client.get(reverse("reports:mediation"), {"node": 10**6})
    assert outside.status_code == 404
    client.force_login(world.user("station_b_staff"))
    assert client.get(reverse("reports:mediation"), query).status_code == 404


def test_the_page_shows_the_period_as_dates_not_numbers(client) -> None:  # type: ignore[no-untyped-def]
    from gonghui.core.testing import build_world

    world = build_world()
    client.force_login(world.user("fed_staff"))
    page = client.get("/reports/mediation/?start=2026-01-01&end=2026-02-01").content.decode()
    assert "2026-01-01 — 2026-02-01" in page
    assert "2,026" not in page
