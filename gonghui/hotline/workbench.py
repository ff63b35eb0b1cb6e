"""The hotline's tiles on the staff workbench (``core.workbench``): tickets past a
service level, tickets waiting for me (mine, not yet completed) and tickets waiting to be
dispatched. Each count is the selector of the list its link opens, with the same filters."""

from typing import Any

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import HOTLINE_DISPATCH, HOTLINE_HANDLE, HOTLINE_VIEW
from gonghui.core.scoping import Actor
from gonghui.core.workbench import Tile, register
from gonghui.hotline.choices import TicketStatus
from gonghui.hotline.selectors.tickets import ticket_list


def _count(actor: Actor, **filters: Any) -> int:
    return ticket_list(actor=actor, **filters).count()


def _url(**filters: Any) -> str:
    return f"{reverse('hotline:ticket_list')}?{urlencode(filters)}"


register(
    Tile(
        key="hotline_overdue",
        label=_("已超时的热线工单"),
        action=HOTLINE_VIEW,
        count=lambda actor: _count(actor, overdue=True),
        url=lambda actor: _url(overdue="on"),
        urgent=True,
        order=30,
    )
)
register(
    Tile(
        key="hotline_mine",
        label=_("待我办理的热线工单"),
        action=HOTLINE_HANDLE,
        count=lambda actor: _count(actor, mine=True, waiting=True),
        url=lambda actor: _url(mine="on", waiting="on"),
        order=31,
    )
)
register(
    Tile(
        key="hotline_received",
        label=_("待派单的热线工单"),
        action=HOTLINE_DISPATCH,
        count=lambda actor: _count(actor, status=TicketStatus.RECEIVED),
        url=lambda actor: _url(status=TicketStatus.RECEIVED),
        order=32,
    )
)
