"""The workflow of a hardship file: filed by the union, checked by the station, approved
by the federation (each level may send it back or reject it with a reason); on file it
is reviewed every year; the worker leaves it (解困) and may return (返困), which goes
through the three levels again."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import ASSISTANCE_APPROVE, ASSISTANCE_CHECK, ASSISTANCE_FILE
from gonghui.assistance.choices import FileStatus as S
from gonghui.assistance.forms.steps import LeaveForm, OpinionForm, ReasonForm, ReviewForm
from gonghui.assistance.models import HardshipFile
from gonghui.assistance.services import files
from gonghui.core.workflow import Step, Workflow, register

URL = "assistance:file_step"


def _step(
    name: str, sources: set[str], target: str | None, action: str, label: Any, **kw: Any
) -> Step:
    return Step(name, frozenset(sources), target, action, label, url=URL, url_names_step=True, **kw)


FILES = register(
    Workflow(
        name="hardship_file",
        model=HardshipFile,
        noun=_("档案"),
        organization=lambda file: file.organization,
        steps=(
            Step("file", frozenset(), S.FILED, ASSISTANCE_FILE, _("建档")),
            _step(
                "check",
                {S.FILED},
                S.CHECKED,
                ASSISTANCE_CHECK,
                _("服务站审核通过"),
                guard=files.documents_guard,
                actor_guard=files.not_the_filer,
                input=OpinionForm,
                apply=files.check,
            ),
            _step(
                "check_send_back",
                {S.FILED},
                S.SENT_BACK,
                ASSISTANCE_CHECK,
                _("服务站退回"),
                actor_guard=files.not_the_filer,
                input=ReasonForm,
                apply=files.send_back,
            ),
            _step(
                "check_reject",
                {S.FILED},
                S.REJECTED,
                ASSISTANCE_CHECK,
                _("服务站不予通过"),
                actor_guard=files.not_the_filer,
                input=ReasonForm,
                apply=files.reject,
            ),
            _step(
                "approve",
                {S.CHECKED},
                S.ACTIVE,
                ASSISTANCE_APPROVE,
                _("总工会审批通过"),
                guard=files.documents_guard,
                actor_guard=files.not_at_two_levels,
                input=OpinionForm,
                apply=files.approve,
            ),
            _step(
                "approve_send_back",
                {S.CHECKED},
                S.SENT_BACK,
                ASSISTANCE_APPROVE,
                _("总工会退回"),
                actor_guard=files.not_at_two_levels,
                input=ReasonForm,
                apply=files.send_back,
            ),
            _step(
                "approve_reject",
                {S.CHECKED},
                S.REJECTED,
                ASSISTANCE_APPROVE,
                _("总工会不予通过"),
                actor_guard=files.not_at_two_levels,
                input=ReasonForm,
                apply=files.reject,
            ),
            _step(
                "resubmit",
                {S.SENT_BACK},
                S.FILED,
                ASSISTANCE_FILE,
                _("修改后重新报送"),
                input=OpinionForm,
                apply=files.resubmit,
            ),
            _step(
                "review",
                {S.ACTIVE},
                None,
                ASSISTANCE_FILE,
                _("年度复核"),
                input=ReviewForm,
                apply=files.review,
                wrong_state=_("在档的困难职工才需年度复核"),
            ),
            _step(
                "leave",
                {S.ACTIVE},
                S.LEFT,
                ASSISTANCE_FILE,
                _("解困"),
                input=LeaveForm,
                apply=files.leave,
            ),
            _step(
                "come_back",
                {S.LEFT},
                S.FILED,
                ASSISTANCE_FILE,
                _("返困"),
                input=ReasonForm,
                apply=files.come_back,
            ),
        ),
    )
)
