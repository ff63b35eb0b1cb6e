from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gonghui.accounts.roles import DISPUTES_MEDIATE
from gonghui.core.scoping import OutOfScope
from gonghui.disputes.models import MediationCase


def locked_case(actor: Any, case: MediationCase, status: str | None = None) -> MediationCase:
    """The case, locked, when the actor may handle it (else OutOfScope) and, when
    ``status`` is given, when the transition to it is allowed (else ValidationError)."""
    if not MediationCase.objects.for_actor(actor, DISPUTES_MEDIATE).filter(pk=case.pk).exists():
        raise OutOfScope(case.pk)
    case = MediationCase.objects.select_for_update().get(pk=case.pk)
    if status is not None and not case.can_transition(status):
        raise ValidationError(
            {
                "status": _("案件当前状态为“%(status)s”，不能办理此操作")
                % {"status": case.get_status_display()}
            }
        )
    return case
