"""The workflow of a hotline ticket: registered (or imported) at the unit that first
receives it → dispatched to a unit → the caller contacted → in progress ⇄ on hold →
completed with the answer → called back → closed. The unit may return (退回) it to the
dispatcher with a reason from the list, who dispatches it again or closes it (back to the
hotline platform). A ticket becomes a consultation or a mediation case by a step that
keeps its state."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import HOTLINE_DISPATCH, HOTLINE_HANDLE
from gonghui.core.workflow import Step, Workflow, register
from gonghui.hotline.choices import AT_UNIT
from gonghui.hotline.choices import TicketStatus as S
from gonghui.hotline.forms import steps as forms
from gonghui.hotline.models import Ticket
from gonghui.hotline.selectors.tickets import committees_for, handlers_at
from gonghui.hotline.services import tickets

URL = "hotline:ticket_step"
AFTER_CONTACT: set[str] = {S.IN_PROGRESS, S.ON_HOLD, S.COMPLETED, S.CALLED_BACK}


def _step(
    name: str, sources: set[str], target: str | None, action: str, label: Any, **kw: Any
) -> Step:
    return Step(name, frozenset(sources), target, action, label, url=URL, url_names_step=True, **kw)


TICKETS = register(
    Workflow(
        name="hotline_ticket",
        model=Ticket,
        noun=_("工单"),
        organization=lambda ticket: ticket.organization,
        steps=(
            Step("register", frozenset(), S.RECEIVED, HOTLINE_DISPATCH, _("登记")),
            _step(
                "dispatch",
                {S.RECEIVED, S.RETURNED},
                S.DISPATCHED,
                HOTLINE_DISPATCH,
                _("派单"),
                input=forms.DispatchForm,
                apply=tickets.dispatch,
            ),
            _step(
                "assign",
                set(AT_UNIT),
                None,
                HOTLINE_HANDLE,
                _("指定承办人"),
                input=forms.AssignForm,
                form_kwargs=lambda ticket: {"handlers": handlers_at(ticket.organization)},
                apply=tickets.assign,
            ),
            _step(
                "contact",
                {S.DISPATCHED},
                S.IN_PROGRESS,
                HOTLINE_HANDLE,
                _("联系来电人"),
                input=forms.ContactForm,
                apply=tickets.contact,
            ),
            _step(
                "hold",
                {S.IN_PROGRESS},
                S.ON_HOLD,
                HOTLINE_HANDLE,
                _("挂起"),
                input=forms.HoldForm,
                apply=tickets.hold,
            ),
            _step(
                "resume",
                {S.ON_HOLD},
                S.IN_PROGRESS,
                HOTLINE_HANDLE,
                _("恢复办理"),
                input=forms.ConfirmForm,
                apply=tickets.resume,
            ),
            _step(
                "complete",
                {S.IN_PROGRESS},
                S.COMPLETED,
                HOTLINE_HANDLE,
                _("办结"),
                input=forms.CompleteForm,
                apply=tickets.complete,
            ),
            _step(
                "callback",
                {S.COMPLETED},
                S.CALLED_BACK,
                HOTLINE_HANDLE,
                _("回访"),
                input=forms.CallbackForm,
                apply=tickets.callback,
            ),
            _step(
                "close",
                {S.CALLED_BACK, S.RETURNED},
                S.CLOSED,
                HOTLINE_DISPATCH,
                _("关闭"),
                input=forms.CloseForm,
                apply=tickets.close,
            ),
            _step(
                "return",
                set(AT_UNIT),
                S.RETURNED,
                HOTLINE_HANDLE,
                _("退回"),
                input=forms.ReturnForm,
                guard=tickets.may_return,
                apply=tickets.return_,
            ),
            _step(
                "to_consultation",
                AFTER_CONTACT,
                None,
                HOTLINE_HANDLE,
                _("转为咨询"),
                input=forms.ConsultationForm,
                guard=lambda ticket: tickets.may_convert(ticket, "consultation"),
                actor_guard=tickets.may_consult,
                apply=tickets.to_consultation,
            ),
            _step(
                "to_mediation",
                AFTER_CONTACT,
                None,
                HOTLINE_HANDLE,
                _("转为调解"),
                input=forms.MediationForm,
                form_kwargs=lambda ticket: {"committees": committees_for(ticket)},
                guard=lambda ticket: tickets.may_convert(ticket, "mediation_case"),
                actor_guard=tickets.may_mediate,
                apply=tickets.to_mediation,
            ),
        ),
    )
)
