"""The scoping rule is declared through its hooks (``subtree_condition``,
``assignee_condition``, ``owner_condition``), never by overriding the rule itself."""

import pytest
from django.apps import apps

from gonghui.accounts.models import User
from gonghui.core.scoping import ScopedQuerySet

THE_RULE = ("for_actor", "scope_condition", "for_owner")


def _subclasses(cls: type) -> list[type]:
    found: list[type] = []
    sub: type
    for sub in cls.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found


def test_the_scoped_querysets_of_every_model_are_seen() -> None:
    apps.get_models()  # every models module is imported
    names = {cls.__name__ for cls in _subclasses(ScopedQuerySet)}
    assert {"PersonQuerySet", "AuditEntryQuerySet", "MediationCaseQuerySet"} <= names


@pytest.mark.parametrize("name", THE_RULE)
def test_no_scoped_queryset_overrides_the_rule(name: str) -> None:
    overriding = [cls.__qualname__ for cls in _subclasses(ScopedQuerySet) if name in cls.__dict__]
    assert overriding == []


def test_there_is_no_second_way_to_ask_about_scope() -> None:
    # pages ask core.scoping.allows, services core.scoping.require: the same queryset
    assert not hasattr(User, "can")
