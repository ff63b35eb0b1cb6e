"""The workflow of a hardship file: filed by the union, checked by the station, approved
by the federation (each level may send it back or reject it with a reason); on file it
is reviewed every year; the worker leaves it (解困) and may return (返困), which goes
through the three levels again."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import ASSISTANCE_FILE
from gonghui.assistance.choices import FileStatus as S
from gonghui.assistance.forms.steps import LeaveForm, ReasonForm, ReviewForm
from gonghui.assistance.models import HardshipFile
from gonghui.assistance.services import files
from gonghui.assistance.workflows_levels import level_steps
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
            *level_steps(
                url=URL,
                states=S,
                documents=files.documents_guard,
                approve=files.approve,
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
