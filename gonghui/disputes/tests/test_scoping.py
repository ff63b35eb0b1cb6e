"""A mediator's role reaches the committees they sit on and the consultations they log,
not the subtree of the node their account is assigned to."""

from typing import Any

import pytest

from gonghui.accounts.roles import DISPUTES_VIEW, Role
from gonghui.core.testing import build_world, make_user
from gonghui.disputes.models import Consultation, MediationCase, MediationCommittee
from gonghui.disputes.services.committees import committee_seat
from gonghui.disputes.services.consultations import consultation_log
from gonghui.disputes.tests.access_api import apply, committee_at

pytestmark = pytest.mark.django_db


def test_a_mediator_sees_their_committees_cases_and_own_consultations_only() -> None:
    world = build_world()
    seated_on = committee_at(world, world.union_a)
    elsewhere = committee_at(world, world.union_b)
    apply(world, seated_on)
    apply(world, elsewhere)
    mediator = make_user("mediator_x", Role.MEDIATOR, world.federation)
    committee_seat(actor=world.system, committee=seated_on, user=mediator)
    consultation_log(actor=world.system, organization=world.union_b, channel="phone", topic="wages")
    own = consultation_log(
        actor=mediator, organization=world.union_a, channel="on_site", topic="wages"
    )

    cases = MediationCase.objects.for_actor(mediator, DISPUTES_VIEW)
    committees = MediationCommittee.objects.for_actor(mediator, DISPUTES_VIEW)
    consultations = Consultation.objects.for_actor(mediator, DISPUTES_VIEW)

    assert {c.committee_id for c in cases} == {seated_on.pk}
    assert list(committees) == [seated_on]
    assert list(consultations) == [own]
    # the staff of union B still see their own records
    staff_b = world.user("union_b_staff")
    assert {c.committee_id for c in MediationCase.objects.for_actor(staff_b, DISPUTES_VIEW)} == {
        elsewhere.pk
    }


def test_only_those_who_may_file_with_a_committee_can() -> None:
    from gonghui.core.scoping import OutOfScope
    from gonghui.disputes.services.cases import case_apply

    world = build_world()
    committee = committee_at(world, world.union_a)
    fields: dict[str, Any] = {
        "committee": committee,
        "applicants": [{"name": "王五"}],
        "facts": "拖欠工资",
        "claims": [],
        "employer_name": "甲科技有限公司",
    }
    with pytest.raises(OutOfScope):
        case_apply(actor=world.user("union_b_staff"), **fields)
    member = world.user("member")  # not a member of union A: not its enterprise committee
    with pytest.raises(OutOfScope):
        case_apply(actor=member, applicant_user=member, **fields)
    assert case_apply(actor=world.user("union_a_staff"), **fields).committee == committee
