"""An id the user may not use gets one answer, whether it exists elsewhere or not at all,
and the answer names nothing: in forms, in API bodies, in ``scoping.pick``."""

import pytest
from django import forms

from gonghui.accounts.roles import ORG_VIEW
from gonghui.core.forms import ScopedModelChoiceField, ScopedModelMultipleChoiceField
from gonghui.core.scoping import NOT_FOUND, NotAmongChoices, pick
from gonghui.core.testing import build_world
from gonghui.organizations.models import Organization

pytestmark = pytest.mark.django_db

UNKNOWN = 999999


def _errors(field: forms.Field, value: object) -> list[str]:
    form_class = type("ChoiceForm", (forms.Form,), {"node": field})
    form = form_class(data={"node": value})
    assert not form.is_valid()
    return [str(error) for error in form.errors["node"]]


def test_a_choice_out_of_scope_is_refused_as_an_unknown_one_naming_nothing() -> None:
    # given union A's staff choosing among the nodes they serve
    world = build_world()
    nodes = Organization.objects.for_actor(world.user("union_a_staff"), ORG_VIEW)

    # when they send union B's id, and an id nobody has
    elsewhere = _errors(ScopedModelChoiceField(queryset=nodes), world.union_b.pk)
    unknown = _errors(ScopedModelChoiceField(queryset=nodes), UNKNOWN)
    several = _errors(ScopedModelMultipleChoiceField(queryset=nodes), [world.union_b.pk])
    unknown_several = _errors(ScopedModelMultipleChoiceField(queryset=nodes), [UNKNOWN])

    # then each answer is the same one, without the id or the name
    assert elsewhere == unknown == several == unknown_several == [str(NOT_FOUND)]


def test_pick_returns_the_chosen_rows_in_order_or_refuses_alike() -> None:
    world = build_world()
    nodes = Organization.objects.for_actor(world.user("station_a_staff"), ORG_VIEW)

    assert pick(nodes, [world.union_a.pk, str(world.station_a.pk)]) == [
        world.union_a,
        world.station_a,
    ]
    for wrong in ([world.union_b.pk], [UNKNOWN], ["x"], [None], [True]):
        with pytest.raises(NotAmongChoices):
            pick(nodes, wrong)
