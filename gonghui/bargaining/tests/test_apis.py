"""The bargaining API over HTTP: a congress built and a contract taken through the eight
steps; the issue's bad inputs answered 400 on the field they concern with nothing
written; proposals entered and answered by the union; lists scoped to the reader."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from gonghui.bargaining.choices import Group, ProposalStatus, Status
from gonghui.bargaining.models import (
    Congress,
    Contract,
    Negotiator,
    Proposal,
    Representative,
    Session,
    Term,
    Vote,
)
from gonghui.bargaining.services import congress as congresses
from gonghui.bargaining.tests import fixtures as f
from gonghui.core.models import AuditEntry, StatusChange
from gonghui.core.testing import World, build_world
from gonghui.core.workflow import take

pytestmark = pytest.mark.django_db

STAFF = "union_a_staff"


@pytest.fixture
def world() -> World:
    return build_world()


def _client(world: World, username: str = STAFF) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.user(username))
    return client


def _url(name: str, *args: Any) -> str:
    return reverse(f"api:bargaining:{name}", args=args or None)


def _post(client: APIClient, url: str, body: dict[str, Any], code: int = 200) -> Any:
    response = client.post(url, body, format="json")
    assert response.status_code == code, response.json()
    return response.json()


def _footprint() -> tuple[int, ...]:
    models = (Congress, Term, Representative, Session, Vote, Proposal, Contract, Negotiator)
    counts = [model.objects.count() for model in models]
    return (*counts, AuditEntry.objects.count(), StatusChange.objects.count())


def _refused(client: APIClient, url: str, body: dict[str, Any], field: str) -> list[str]:
    """The answer is 400 naming ``field``, and nothing is written."""
    before = _footprint()
    response = client.post(url, body, format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()["fields"], response.json()
    assert _footprint() == before
    return list(response.json()["fields"][field])


# --- the happy path ------------------------------------------------------------------------


def _congress_over_the_api(world: World, client: APIClient) -> dict[str, Any]:
    """A congress, its term, 50 representatives and a session held, 45 present."""
    body = {"organization": world.union_a.pk, "name": "甲公司职代会", "kind": "congress"}
    congress = _post(client, _url("congress-list"), {**body, "scope": "unit"}, 201)
    term = _post(
        client,
        _url("term-create", congress["id"]),
        {
            "number": 1,
            "starts_on": "2022-01-10",
            "ends_on": "2027-01-09",
            "entities": [world.entity_a.pk],
        },
        201,
    )
    rows: list[dict[str, Any]] = [
        {"name": f"代表{n:02d}", "group": group} for n, group in enumerate(f.SLATE)
    ]
    rows[0]["entity"] = world.entity_a.pk
    term = _post(
        client,
        _url("representative-elect", term["id"]),
        {"elected_on": "2022-01-10", "rows": rows},
        201,
    )
    assert len(term["representatives"]) == 50
    session = _post(
        client,
        _url("session-create", term["id"]),
        {
            "number": 1,
            "held_on": "2022-03-15",
            "proposals_open_on": "2022-02-10",
            "proposals_close_on": "2022-03-10",
        },
        201,
    )
    present = [rep["id"] for rep in term["representatives"][:45]]
    session = _post(client, _url("session-attendance", session["id"]), {"present_ids": present})
    assert (session["electorate"], session["present"], session["has_quorum"]) == (50, 45, True)
    return session


def test_a_contract_goes_through_the_eight_steps_over_the_api(world: World) -> None:
    client = _client(world)
    session = _congress_over_the_api(world, client)
    opened = _post(
        client,
        _url("contract-list"),
        {
            "organization": world.union_a.pk,
            "kind": "comprehensive",
            "title": "甲科技有限公司集体合同",
            "employer": "甲科技有限公司",
            "entities": [world.entity_a.pk],
            "opened_on": "2022-01-04",
        },
        201,
    )
    pk = opened["id"]
    assert opened["status"] == Status.OPENED
    assert {a["step"] for a in opened["actions"]} >= {"name_representatives", "abandon"}
    assert opened["step_bar"][0]["current"] is True

    def step(name: str, body: dict[str, Any]) -> dict[str, Any]:
        return _post(client, _url("contract-step", pk, name), body)

    negotiators = [{**row, "side": str(row["side"])} for row in f.NEGOTIATORS]
    named = step("name_representatives", {"negotiators": negotiators, "named_on": "2022-01-05"})
    assert named["workers_chief"] == "张主席" and len(named["negotiators"]) == 6
    offered = step(
        "offer", {"offered_by": "workers", "offer": "就工资增长协商", "offered_on": "2022-01-06"}
    )
    assert offered["answer_due_on"] == "2022-01-26" and offered["clocks"][0]["name"] == "answer"
    step("answer", {"answered_on": "2022-01-20"})
    step("prepare", {"preparation": "调研企业经营状况", "prepared_on": "2022-02-01"})
    step("meet", {"minutes": "双方就草案达成一致", "met_on": "2022-02-20"})

    vote = _post(
        client,
        _url("session-vote", session["id"]),
        {"item": "审议集体合同草案", "yes": 40, "no": 3, "abstain": 2, "contract": pk},
        201,
    )
    assert vote["passed"] is True
    adopted = step("adopt", {"vote": vote["id"]})
    assert adopted["adopted_by"] == vote["id"] and adopted["votes"][0]["id"] == vote["id"]
    step(
        "sign",
        {
            "signed_on": "2022-03-20",
            "term_start": "2022-04-01",
            "term_end": "2025-03-31",
            "sealed": True,
        },
    )
    step(
        "report",
        {
            "department": "区人力资源和社会保障局",
            "reported_on": "2022-03-25",
            "received_on": "2022-03-28",
        },
    )
    effective = step("take_effect", {"approved_on": "2022-04-10"})
    assert effective["effective_on"] == "2022-04-10"
    filed = step("publish", {"published_on": "2022-04-15", "filed_on": "2022-04-18"})

    assert filed["status"] == Status.FILED and filed["step_done"] == 8
    assert all(item["done"] for item in filed["step_bar"])
    assert [entry["step"] for entry in filed["timeline"]][-3:] == [
        "report",
        "take_effect",
        "publish",
    ]
    assert [(c["name"], c["met"]) for c in filed["clocks"]] == [("answer", True), ("report", True)]
    assert "renew" in {a["step"] for a in filed["actions"]}

    renewal = client.post(_url("contract-step", pk, "renew"), {}, format="json")
    assert renewal.status_code == 201, renewal.json()
    assert renewal.json()["replaces"] == filed["number"]
    assert renewal.json()["status"] == Status.OPENED


# --- the bad inputs ---------------------------------------------------------------------


def test_a_vote_without_a_quorum_is_refused(world: World) -> None:
    term = f.term(world)
    reps = f.elect(world, term)
    session = f.attended(world, f.session(world, term), reps, 30)  # 30 of 50: under 2/3

    messages = _refused(
        _client(world),
        _url("session-vote", session.pk),
        {"item": "审议集体合同草案", "yes": 28, "no": 1, "abstain": 1},
        "session",
    )
    assert "三分之二" in messages[0]


def test_an_adoption_by_a_failing_vote_is_refused(world: World) -> None:
    contract = f.negotiated(world)
    term = f.term(world)
    session = f.attended(world, f.session(world, term), f.elect(world, term), 45)
    failed = congresses.vote_record(
        world.system, session, item="审议草案", yes=20, no=20, abstain=5, contract=contract
    )
    # the failing vote sent the draft back to step 4; the meeting is held again
    assert Contract.objects.get(pk=contract.pk).status == Status.PREPARED
    take(world.system, contract, "meet", minutes="修改后的草案", met_on=session.held_on)

    messages = _refused(
        _client(world), _url("contract-step", contract.pk, "adopt"), {"vote": failed.pk}, "vote"
    )
    assert "未通过" in messages[0]
    assert Contract.objects.get(pk=contract.pk).status == Status.NEGOTIATED


def test_a_vote_on_another_contract_does_not_adopt(world: World) -> None:
    contract = f.negotiated(world)
    other = f.contract(world, title="另一份合同")
    vote = f.passing_vote(world, other)

    _refused(_client(world), _url("contract-step", contract.pk, "adopt"), {"vote": vote.pk}, "vote")


def test_a_signature_before_the_adoption_is_refused(world: World) -> None:
    contract = f.negotiated(world)
    body = {
        "signed_on": "2022-03-20",
        "term_start": "2022-04-01",
        "term_end": "2025-03-31",
        "sealed": True,
    }

    messages = _refused(_client(world), _url("contract-step", contract.pk, "sign"), body, "status")
    assert "审议通过后" in messages[0]


@pytest.mark.parametrize(
    ("term_start", "term_end", "words"),
    [("2022-04-01", "2026-03-31", "不超过 3 年"), ("2022-04-01", "2022-03-01", "晚于起始日期")],
    ids=["over-three-years", "ends-before-it-starts"],
)
def test_a_contract_term_over_three_years_or_ending_before_it_starts_is_refused(
    world: World, term_start: str, term_end: str, words: str
) -> None:
    contract = f.negotiated(world)
    client = _client(world)
    _post(
        client,
        _url("contract-step", contract.pk, "adopt"),
        {"vote": f.passing_vote(world, contract).pk},
    )
    body = {
        "signed_on": "2022-03-20",
        "term_start": term_start,
        "term_end": term_end,
        "sealed": True,
    }

    messages = _refused(client, _url("contract-step", contract.pk, "sign"), body, "term_end")
    assert words in messages[0]


def test_a_report_dated_before_the_signature_is_refused(world: World) -> None:
    contract = f.signed(world)  # signed on 2022-03-20

    messages = _refused(
        _client(world),
        _url("contract-step", contract.pk, "report"),
        {"department": "区人社局", "reported_on": "2022-03-18"},
        "reported_on",
    )
    assert "2022-03-20" in messages[0]


def test_a_congress_term_ending_before_it_starts_is_refused(world: World) -> None:
    congress = f.congress(world)
    too_big = {"number": 40_000, "starts_on": "2022-01-10", "ends_on": "2023-01-09"}
    _refused(_client(world), _url("term-create", congress.pk), too_big, "number")
    no_end = {"number": 1, "starts_on": "2022-01-10", "entities": [world.entity_a.pk]}
    _refused(_client(world), _url("term-create", congress.pk), no_end, "ends_on")

    _refused(
        _client(world),
        _url("term-create", congress.pk),
        {
            "number": 1,
            "starts_on": "2022-01-10",
            "ends_on": "2021-12-31",
            "entities": [world.entity_a.pk],
        },
        "ends_on",
    )


def test_managers_over_the_cap_are_refused(world: World) -> None:
    term = f.term(world)
    rows = [{"name": f"代表{n}", "group": Group.FRONT_LINE} for n in range(7)]
    rows += [{"name": f"经理{n}", "group": Group.MIDDLE_MANAGER} for n in range(3)]  # 30%

    messages = _refused(
        _client(world),
        _url("representative-elect", term.pk),
        {"elected_on": "2022-01-10", "rows": rows},
        "group",
    )
    assert "20" in messages[0]


def test_a_proposal_outside_the_window_is_refused(world: World) -> None:
    term = f.term(world)
    seat = f.elect(world, term)[0]
    session = f.session(world, term)  # its window closed in 2022

    messages = _refused(
        _client(world),
        _url("proposal-list"),
        {"session": session.pk, "representative": seat.pk, "title": "增设休息室", "content": "x"},
        "session",
    )
    assert "截止" in messages[0]
    on_paper = {
        "session": session.pk,
        "representative": seat.pk,
        "title": "增设休息室",
        "content": "车间缺少休息场所",
        "submitted_on": "2022-03-01",  # handed in on paper within the window
    }
    entered = _post(_client(world), _url("proposal-list"), on_paper, 201)
    assert entered["submitted_on"] == "2022-03-01"


def test_a_bad_row_is_named_by_its_path_and_unknown_fields_are_refused(world: World) -> None:
    term = f.term(world)
    client = _client(world)

    _refused(
        client,
        _url("representative-elect", term.pk),
        {"elected_on": "2022-01-10", "rows": [{"name": "代表甲", "group": "boss"}]},
        "rows.0.group",
    )
    _refused(
        client,
        _url("representative-elect", term.pk),
        {"elected_on": "2022-01-10", "rows": [{"name": "代表甲", "group": "front_line", "x": 1}]},
        "rows.0.x",
    )
    contract = f.contract(world)
    _refused(
        client,
        _url("contract-step", contract.pk, "offer"),
        {"offered_by": "workers", "offer": "x", "colour": "red"},
        "colour",
    )
    _refused(
        client,
        _url("contract-list"),
        {"organization": world.union_a.pk, "employer": 12},
        "employer",
    )


# --- proposals, scope ---------------------------------------------------------------------


def _open_term(world: World) -> tuple[Session, Representative]:
    today = timezone.localdate()
    term = congresses.term_create(
        world.system,
        congress=f.congress(world),
        number=1,
        starts_on=today - timedelta(days=200),
        ends_on=today + timedelta(days=900),
        entities=[world.entity_a],
    )
    seat = congresses.representatives_elect(
        world.system,
        term=term,
        elected_on=today - timedelta(days=200),
        rows=[{"name": f"代表{n}", "group": "front_line"} for n in range(10)],
    )[0]
    session = congresses.session_create(
        world.system,
        term=term,
        number=1,
        held_on=today + timedelta(days=10),
        proposals_open_on=today - timedelta(days=5),
        proposals_close_on=today + timedelta(days=5),
    )
    return session, seat


def test_the_union_enters_assigns_answers_and_records_a_rating(world: World) -> None:
    session, seat = _open_term(world)
    client = _client(world)
    body = {
        "session": session.pk,
        "representative": seat.pk,
        "title": "增设休息室",
        "content": "车间缺少休息场所",
    }

    proposal = _post(client, _url("proposal-list"), body, 201)
    assert proposal["status"] == ProposalStatus.SUBMITTED
    assert {a["step"] for a in proposal["actions"]} == {"assign", "decline"}
    pk = proposal["id"]
    _post(client, _url("proposal-step", pk, "assign"), {"department": "行政部"})
    answered = _post(client, _url("proposal-step", pk, "answer"), {"answer": "已设休息室"})
    assert answered["status"] == ProposalStatus.ANSWERED
    rated = _post(client, _url("proposal-step", pk, "record_rating"), {"satisfaction": "satisfied"})
    assert rated["satisfaction"] == "satisfied" and rated["actions"] == []
    assert client.post(_url("proposal-step", pk, "rate"), {}, format="json").status_code == 404

    listed = client.get(_url("proposal-list"), {"status": "answered"}).json()["results"]
    assert [row["id"] for row in listed] == [pk]
    other = _client(world, "union_b_staff")
    assert other.get(_url("proposal-list")).json()["results"] == []
    assert other.get(_url("proposal-detail", pk)).status_code == 404


def test_lists_filter_and_keep_to_the_readers_scope(world: World) -> None:
    signed = f.signed(world)
    f.contract(world, title="乙方案", employer="别的企业")
    client = _client(world)

    rows = client.get(_url("contract-list"), {"status": "signed"}).json()["results"]
    assert [row["number"] for row in rows] == [signed.number]
    assert len(client.get(_url("contract-list"), {"q": "甲科技"}).json()["results"]) == 1
    assert client.get(_url("contract-list"), {"status": "nonsense"}).status_code == 400
    congresses_listed = client.get(_url("congress-list"), {"kind": "congress"}).json()["results"]
    assert len(congresses_listed) == 1 and congresses_listed[0]["terms_count"] == 1

    other = _client(world, "union_b_staff")
    assert other.get(_url("contract-list")).json()["results"] == []
    assert other.get(_url("contract-detail", signed.pk)).status_code == 404
    refused = other.post(_url("contract-step", signed.pk, "report"), {}, format="json")
    assert refused.status_code == 404


def test_a_vote_names_only_a_contract_in_scope(world: World) -> None:
    term = f.term(world)
    session = f.attended(world, f.session(world, term), f.elect(world, term), 45)
    theirs = f.contract(
        world, organization=world.union_b, entities=[world.entity_b], employer="乙物流有限公司"
    )
    before = _footprint()

    response = _client(world).post(
        _url("session-vote", session.pk),
        {"item": "审议", "yes": 40, "no": 0, "abstain": 0, "contract": theirs.pk},
        format="json",
    )

    assert response.status_code == 404 and "contract" in response.json()["fields"]
    assert _footprint() == before


def test_a_representative_leaves_and_the_term_shows_it(world: World) -> None:
    term = f.term(world)
    seat = f.elect(world, term)[0]
    client = _client(world)

    left = _post(
        client,
        _url("representative-leave", seat.pk),
        {"left_on": str(date(2023, 5, 1)), "left_reason": "调离本单位"},
    )
    assert left["left_on"] == "2023-05-01"
    shown = client.get(_url("term-detail", term.pk)).json()
    assert shown["representatives"][-1]["id"] == seat.pk
    assert _client(world, "union_b_staff").get(_url("term-detail", term.pk)).status_code == 404


def test_a_step_without_its_input_names_the_missing_field(world: World) -> None:
    contract = f.negotiated(world)
    client = _client(world)

    assert _refused(client, _url("contract-step", contract.pk, "adopt"), {}, "vote")
    f.passing_vote(world, contract)
    adopt = {"vote": Vote.objects.get(contract=contract).pk}
    _post(client, _url("contract-step", contract.pk, "adopt"), adopt)
    sign = _url("contract-step", contract.pk, "sign")
    assert _refused(client, sign, {"sealed": True}, "term_end")
    assert client.post(sign, {}, format="json").json()["fields"].keys() >= {
        "term_start",
        "sealed",
    }
    unknown_step = client.post(
        _url("contract-step", contract.pk, "lapse_review"), {}, format="json"
    )
    assert unknown_step.status_code == 404
