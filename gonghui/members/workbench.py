"""The membership tiles on the staff workbench (``core.workbench``): join applications
waiting for review and roster imports that failed lately. Each count is the selector of
the list its link opens, with the same filters and scoping action."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import MEMBERS_IMPORT, MEMBERS_REVIEW, MEMBERS_VIEW
from gonghui.core.scoping import Actor
from gonghui.core.workbench import Tile, register
from gonghui.members.models import RosterImport
from gonghui.members.roster.listing import RECENT_DAYS, roster_imports
from gonghui.members.selectors import OPEN, application_list


def _since() -> str:
    return (timezone.localdate() - timedelta(days=RECENT_DAYS)).isoformat()


def _failed_imports(actor: Actor) -> int:
    scoped = RosterImport.objects.for_actor(actor, MEMBERS_IMPORT)
    return roster_imports(
        scoped,
        status=RosterImport.Status.FAILED,
        since=timezone.localdate() - timedelta(days=RECENT_DAYS),
    ).count()


register(
    Tile(
        key="applications_open",
        label=_("待办理的入会申请"),
        action=MEMBERS_REVIEW,
        count=lambda actor: application_list(actor=actor, status=OPEN, action=MEMBERS_VIEW).count(),
        url=lambda actor: f"{reverse('members:application_list')}?status={OPEN}",
        order=10,
    )
)
register(
    Tile(
        key="imports_failed",
        label=_("近30天导入失败的名册"),
        action=MEMBERS_IMPORT,
        count=_failed_imports,
        url=lambda actor: (
            reverse("members:roster_import_list")
            + "?"
            + urlencode({"status": RosterImport.Status.FAILED, "since": _since()})
        ),
        urgent=True,
        order=11,
    )
)
