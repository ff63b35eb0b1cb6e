"""The legal-aid tiles on the staff workbench (``core.workbench``): applications to review
(and those past the 7-working-day deadline), accepted cases waiting for a lawyer, and a
lawyer's own cases. Each count is the selector of the list its link opens, with its
filters."""

from typing import Any

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import LEGALAID_DECIDE, LEGALAID_RECEIVE, LEGALAID_REPRESENT
from gonghui.core.workbench import Tile, register
from gonghui.legalaid.choices import Status
from gonghui.legalaid.selectors.cases import case_list


def _link(**filters: Any) -> str:
    return f"{reverse('legalaid:case_list')}?{urlencode(filters)}"


for tile in (
    Tile(
        key="legalaid_received",
        label=_("待审查的法律援助申请"),
        action=LEGALAID_RECEIVE,
        count=lambda actor: case_list(actor=actor, status=Status.RECEIVED).count(),
        url=lambda actor: _link(status=Status.RECEIVED),
        order=40,
    ),
    Tile(
        key="legalaid_overdue",
        label=_("审查超期的法律援助申请"),
        action=LEGALAID_RECEIVE,
        count=lambda actor: case_list(actor=actor, overdue=True).count(),
        url=lambda actor: _link(overdue="on"),
        urgent=True,
        order=41,
    ),
    Tile(
        key="legalaid_accepted",
        label=_("已受理待指派律师的案件"),
        action=LEGALAID_DECIDE,
        count=lambda actor: case_list(actor=actor, status=Status.ACCEPTED).count(),
        url=lambda actor: _link(status=Status.ACCEPTED),
        order=42,
    ),
    Tile(
        key="legalaid_mine",
        label=_("我承办的法律援助案件"),
        action=LEGALAID_REPRESENT,
        count=lambda actor: case_list(actor=actor, status=Status.ACTING, mine=True).count(),
        url=lambda actor: _link(status=Status.ACTING, mine="on"),
        order=43,
        shown=lambda actor: case_list(actor=actor, mine=True).exists(),
    ),
):
    register(tile)
