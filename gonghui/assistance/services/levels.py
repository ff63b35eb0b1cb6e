"""The three levels a hardship file and an aid application pass alike: the union files,
the service station checks, the federation approves. Each level records its opinion; a
return or a rejection needs a reason; nobody passes what they filed or at two levels
(the steps' actor guards). The steps are declared by ``workflows_levels.level_steps``."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gonghui.core.models import StatusChange
from gonghui.core.scoping import Actor
from gonghui.core.workflow import Done


def not_the_filer(actor: Actor | None, record: Any) -> Any:
    if actor is not None and actor.pk == record.filed_by_id:
        return _("不能审核本人经办的申请或档案")
    return None


FILED_STEPS = ("file", "accept", "resubmit", "come_back")
CHECKED_STEPS = ("check",)


def not_at_two_levels(actor: Actor | None, record: Any) -> Any:
    """The approver filed or checked nothing of this record, now or in an earlier round
    (a record sent back and filed again keeps who took each level in its history)."""
    if actor is None:
        return None
    if actor.pk in (record.filed_by_id, record.checked_by_id) or _took(
        actor, record, (*FILED_STEPS, *CHECKED_STEPS)
    ):
        return _("同一人不能在两个层级审批，也不能审批本人经办的申请或档案")
    return None


def _took(actor: Actor, record: Any, steps: tuple[str, ...]) -> bool:
    return StatusChange.objects.filter(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        actor_id=actor.pk,
        step__in=steps,
    ).exists()


def text(value: Any, field: str, label: Any, *, required: bool = False) -> str:
    """What the user wrote, stripped; ``required``: refused on ``field`` when blank."""
    written = str(value or "").strip()
    if required and not written:
        raise ValidationError({field: _("请填写%(label)s") % {"label": label}})
    return written


def check(actor: Actor, record: Any, *, opinion: str = "") -> Done:
    record.checked_by_id = actor.pk
    record.check_opinion = text(opinion, "opinion", _("审核意见")) or _("同意")
    return Done(note=record.check_opinion)


def send_back(actor: Actor, record: Any, *, reason: str = "") -> Done:
    written = text(reason, "reason", _("退回理由"), required=True)
    return Done(message=_("退回：%(reason)s") % {"reason": written}, note=written)


def reject(actor: Actor, record: Any, *, reason: str = "") -> Done:
    written = text(reason, "reason", _("不予通过的理由"), required=True)
    return Done(message=_("不予通过：%(reason)s") % {"reason": written}, note=written)


def resubmit(actor: Actor, record: Any, *, opinion: str = "") -> Done:
    """Sent back, corrected and filed again by ``actor``: the checks start over."""
    record.filed_by_id = actor.pk
    record.filing_opinion = text(opinion, "opinion", "") or record.filing_opinion
    record.checked_by_id, record.check_opinion = None, ""
    return Done(note=record.filing_opinion)
