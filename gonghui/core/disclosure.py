"""Showing personal data: masked unless the actor holds ``core.view_personal_data`` on the
record's organisation; every unmasked view is written to the audit log.

Pages, exports and API responses all call ``policy_for`` and format values through it::

    policy = policy_for(actor, union)
    policy.phone(union.chair_phone)          # "138****5678" or "13812345678"
    policy.record(actor, [union], ["chair_phone"], purpose="union page")
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model
from django.utils.translation import gettext as _

from gonghui.accounts.roles import PII_VIEW
from gonghui.core import audit, pii
from gonghui.core.models import AuditAction


def can_see(actor: Any, organization: Any) -> bool:
    return bool(actor and actor.is_authenticated and actor.can(PII_VIEW, organization))


@dataclass(frozen=True)
class Policy:
    visible: bool

    def id_number(self, value: str | None) -> str:
        return (value or "") if self.visible else pii.mask_id_number(value)

    def phone(self, value: str | None) -> str:
        return pii.display_phone(value) if self.visible else pii.mask_phone(value)


def policy_for(actor: Any, organization: Any) -> Policy:
    return Policy(visible=can_see(actor, organization))


def record(*, actor: Any, objects: Iterable[Model], fields: Iterable[str], purpose: str) -> None:
    """Audit that ``fields`` of ``objects`` were shown unmasked to ``actor`` (one entry per
    object, written in one statement)."""
    names = sorted(fields)
    audit.record_many(
        audit.entry(
            actor=actor,
            action=AuditAction.VIEW_PERSONAL_DATA,
            obj=obj,
            changes={},
            message=_("查看个人信息（%(fields)s）：%(purpose)s")
            % {"fields": "、".join(names), "purpose": purpose},
        )
        for obj in objects
    )
