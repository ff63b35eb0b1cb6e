"""The steps of the three levels, declared once for the hardship file and the aid
application (``services.levels``): the station checks (or sends back, or rejects), the
federation approves (or sends back, or rejects), the union files again what was sent
back. Each is served by the workflow's one step page (``url``)."""

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import ASSISTANCE_APPROVE, ASSISTANCE_CHECK, ASSISTANCE_FILE
from gonghui.assistance.forms.steps import OpinionForm, ReasonForm
from gonghui.assistance.services import levels
from gonghui.core.workflow import Step

APPROVED = _("总工会审批通过")


def level_steps(
    *,
    url: str,
    states: Any,
    documents: Callable[[Any], Any],
    approve: Callable[..., Any],
    approve_input: type[Any] = OpinionForm,
    approved_label: Any = APPROVED,
) -> tuple[Step, ...]:
    """``states``: the workflow's status choices (FILED, CHECKED, SENT_BACK, REJECTED and
    the state approval leads to as ``APPROVED`` or ``ACTIVE``)."""
    s = states
    approved = getattr(s, "APPROVED", None) or s.ACTIVE

    def step(name: str, source: str, target: str, action: str, label: Any, **kw: Any) -> Step:
        return Step(
            name, frozenset({source}), target, action, label, url=url, url_names_step=True, **kw
        )

    check_kw: dict[str, Any] = {"actor_guard": levels.not_the_filer}
    approve_kw: dict[str, Any] = {"actor_guard": levels.not_at_two_levels}
    return (
        step(
            "check",
            s.FILED,
            s.CHECKED,
            ASSISTANCE_CHECK,
            _("服务站审核通过"),
            guard=documents,
            input=OpinionForm,
            apply=levels.check,
            **check_kw,
        ),
        step(
            "check_send_back",
            s.FILED,
            s.SENT_BACK,
            ASSISTANCE_CHECK,
            _("服务站退回"),
            input=ReasonForm,
            apply=levels.send_back,
            **check_kw,
        ),
        step(
            "check_reject",
            s.FILED,
            s.REJECTED,
            ASSISTANCE_CHECK,
            _("服务站不予通过"),
            input=ReasonForm,
            apply=levels.reject,
            **check_kw,
        ),
        step(
            "approve",
            s.CHECKED,
            approved,
            ASSISTANCE_APPROVE,
            approved_label,
            guard=documents,
            input=approve_input,
            apply=approve,
            **approve_kw,
        ),
        step(
            "approve_send_back",
            s.CHECKED,
            s.SENT_BACK,
            ASSISTANCE_APPROVE,
            _("总工会退回"),
            input=ReasonForm,
            apply=levels.send_back,
            **approve_kw,
        ),
        step(
            "approve_reject",
            s.CHECKED,
            s.REJECTED,
            ASSISTANCE_APPROVE,
            _("总工会不予通过"),
            input=ReasonForm,
            apply=levels.reject,
            **approve_kw,
        ),
        step(
            "resubmit",
            s.SENT_BACK,
            s.FILED,
            ASSISTANCE_FILE,
            _("修改后重新报送"),
            input=OpinionForm,
            apply=levels.resubmit,
        ),
    )
