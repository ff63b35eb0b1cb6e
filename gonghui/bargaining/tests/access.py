"""Who may open each bargaining staff page (run by ``core/tests/test_access.py``): union
A's congress with a term, five representatives, a session held with its attendance and
one open to proposals today, a proposal and a contract; union A's staff work on them,
union B's staff are the outsiders and members are refused."""

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from gonghui.bargaining.choices import Group
from gonghui.bargaining.services import congress as congresses
from gonghui.bargaining.services import proposals
from gonghui.bargaining.tests import fixtures as f
from gonghui.core.testing import AccessCase, World

CONGRESS = "甲科技有限公司职工代表大会"
CONTRACT = "甲科技有限公司集体合同"
PROPOSAL = "甲公司食堂延长供餐时间"


def prepare(world: World) -> None:
    term = f.term(world)
    reps = f.elect(world, term, [Group.FRONT_LINE] * 5)
    held = f.attended(world, f.session(world, term), reps, 4)
    today = timezone.localdate()
    open_ = congresses.session_create(
        world.system,
        term=term,
        number=2,
        held_on=today + timedelta(days=10),
        proposals_open_on=today - timedelta(days=5),
        proposals_close_on=today + timedelta(days=5),
    )
    proposal = proposals.proposal_submit(
        world.system, session=open_, title=PROPOSAL, content="延长到 20 点", representative=reps[0]
    )
    contract = f.contract(world)
    world.extra.update(
        congress=term.congress,
        term=term,
        reps=reps,
        held=held,
        open=open_,
        proposal=proposal,
        contract=contract,
    )
    world.hide("a", CONGRESS, CONTRACT, PROPOSAL, contract.number, proposal.number)


def _url(name: str, key: str, *extra: Any) -> Any:
    return lambda w: reverse(f"bargaining:{name}", args=[w.extra[key].pk, *extra])


def _rep_url(w: World) -> str:
    return reverse("bargaining:representative_leave", args=[w.extra["reps"][1].pk])


def _page(name: str, url: Any, **kwargs: Any) -> AccessCase:
    return AccessCase(
        name=f"bargaining:{name}",
        url=url,
        allowed=kwargs.pop("allowed", "union_a_staff"),
        outsider=kwargs.pop("outsider", "union_b_staff"),
        prepare=kwargs.pop("prepare", prepare),
        **kwargs,
    )


def _post(name: str, url: Any, data: Any, **kwargs: Any) -> AccessCase:
    return _page(
        name, url, method="post", data=data, success=(302,), id=f"bargaining:{name}-post", **kwargs
    )


ACCESS_CASES = [
    _page(
        "congress_list",
        lambda w: reverse("bargaining:congress_list"),
        listing=True,
        hidden=lambda w: CONGRESS,
    ),
    _page("congress_create", lambda w: reverse("bargaining:congress_create"), static=True),
    _post(
        "congress_create",
        lambda w: reverse("bargaining:congress_create"),
        lambda w: {
            "organization": w.union_a.pk,
            "name": "甲公司职代会",
            "kind": "congress",
            "scope": "unit",
        },
        listing=True,
        hidden=lambda w: CONGRESS,
    ),
    _page("congress_detail", _url("congress_detail", "congress")),
    _page("term_create", _url("term_create", "congress")),
    _post(
        "term_create",
        _url("term_create", "congress"),
        lambda w: {"number": "2", "starts_on": "2027-01-10", "ends_on": "2030-01-10"},
    ),
    _page("term_detail", _url("term_detail", "term")),
    _page("term_elect", _url("term_elect", "term")),
    _post(
        "term_elect",
        _url("term_elect", "term"),
        lambda w: {"rows": "补选代表，一线职工", "elected_on": "2023-01-05"},
    ),
    _page("representative_leave", _rep_url),
    _post("representative_leave", _rep_url, lambda w: {"left_on": "2023-02-01", "reason": "调离"}),
    _page("session_create", _url("session_create", "term")),
    _post(
        "session_create",
        _url("session_create", "term"),
        lambda w: {"number": "3", "held_on": "2023-03-01"},
    ),
    _page("session_detail", _url("session_detail", "held")),
    _page("session_attendance", _url("session_attendance", "open")),
    _page("session_vote", _url("session_vote", "held")),
    _post(
        "session_vote",
        _url("session_vote", "held"),
        lambda w: {"item": "审议食堂管理办法", "yes": "3", "no": "1", "abstain": "0"},
    ),
    _page(
        "contract_list",
        lambda w: reverse("bargaining:contract_list"),
        listing=True,
        hidden=lambda w: CONTRACT,
    ),
    _page("contract_create", lambda w: reverse("bargaining:contract_create"), static=True),
    _post(
        "contract_create",
        lambda w: reverse("bargaining:contract_create"),
        lambda w: {
            "organization": w.union_a.pk,
            "kind": "women",
            "title": "甲公司女职工专项集体合同",
            "employer_name": "甲科技有限公司",
            "opened_on": "2022-01-04",
        },
        listing=True,
        hidden=lambda w: CONTRACT,
    ),
    _page("contract_detail", _url("contract_detail", "contract")),
    _page("contract_step", _url("contract_step", "contract", "name_representatives")),
    _post(
        "contract_step",
        _url("contract_step", "contract", "name_representatives"),
        lambda w: {"workers": "甲\n乙\n丙", "employer": "丁\n戊\n己", "named_on": "2022-01-05"},
    ),
    _page(
        "proposal_list",
        lambda w: reverse("bargaining:proposal_list"),
        listing=True,
        hidden=lambda w: PROPOSAL,
    ),
    _page("proposal_detail", _url("proposal_detail", "proposal")),
    _page("proposal_step", _url("proposal_step", "proposal", "assign")),
    _post(
        "proposal_step",
        _url("proposal_step", "proposal", "assign"),
        lambda w: {"department": "行政部"},
    ),
    _page("proposal_create", _url("proposal_create", "open")),
    _post(
        "proposal_create",
        _url("proposal_create", "open"),
        lambda w: {
            "representative": w.extra["reps"][2].pk,
            "title": "增设停车位",
            "content": "电动车停车难",
        },
    ),
]


def _prepare_past(world: World) -> None:
    prepare(world)
    world.extra["past"] = congresses.session_create(
        world.system,
        term=world.extra["term"],
        number=4,
        held_on=world.extra["held"].held_on + timedelta(days=30),
    )


# the attendance, recorded once: posted on the session open to proposals (held later)
# would be refused as not yet held, so the post goes to a session held in the past
ACCESS_CASES.append(
    _post(
        "session_attendance",
        _url("session_attendance", "past"),
        lambda w: {"present_ids": [rep.pk for rep in w.extra["reps"][:4]]},
        prepare=_prepare_past,
    )
)

ACCESS_CASES += [
    AccessCase(
        name="bargaining:settings",
        url=lambda w: reverse("bargaining:settings"),
        allowed="fed_staff",
        outsider="fed_b_staff",  # holds the manage action below the root only
        unprivileged="station_a_staff",
    ),
    AccessCase(
        name="bargaining:policy_create",
        url=lambda w: reverse("bargaining:policy_create"),
        allowed="fed_staff",
        outsider="fed_b_staff",
        unprivileged="station_a_staff",
    ),
    AccessCase(
        name="bargaining:policy_create",
        url=lambda w: reverse("bargaining:policy_create"),
        method="post",
        data=lambda w: {
            "effective_from": "2026-01-01",
            "manager_cap": "25",
            "assembly_below": "100",
            "renewal_lead_days": "60",
            "basis": "试行规则",
        },
        success=(302,),
        allowed="fed_staff",
        outsider="fed_b_staff",
        unprivileged="station_a_staff",
        id="bargaining:policy_create-post",
    ),
]
