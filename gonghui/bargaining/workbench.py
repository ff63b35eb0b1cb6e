"""The bargaining tiles on the staff workbench (``core.workbench``): processes past a
statutory deadline, contracts due for renewal, and proposals waiting for the union. Each
count is the selector of the list its link opens, with its filters."""

from typing import Any

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import BARGAINING_CONGRESS, BARGAINING_NEGOTIATE
from gonghui.bargaining.choices import ProposalStatus
from gonghui.bargaining.selectors.congress import proposal_list
from gonghui.bargaining.selectors.contracts import contract_list
from gonghui.core.workbench import Tile, register


def _link(name: str, **filters: Any) -> str:
    return f"{reverse(name)}?{urlencode(filters)}"


for tile in (
    Tile(
        key="bargaining_overdue",
        label=_("逾期未办的集体协商"),
        action=BARGAINING_NEGOTIATE,
        count=lambda actor: contract_list(actor=actor, overdue=True).count(),
        url=lambda actor: _link("bargaining:contract_list", overdue="on"),
        urgent=True,
        order=60,
    ),
    Tile(
        key="bargaining_renewal",
        label=_("待续签的集体合同"),
        action=BARGAINING_NEGOTIATE,
        count=lambda actor: contract_list(actor=actor, expiring=True).count(),
        url=lambda actor: _link("bargaining:contract_list", expiring="on"),
        order=61,
    ),
    Tile(
        key="bargaining_proposals",
        label=_("待交办的职代会提案"),
        action=BARGAINING_CONGRESS,
        count=lambda actor: proposal_list(actor=actor, status=ProposalStatus.SUBMITTED).count(),
        url=lambda actor: _link("bargaining:proposal_list", status=ProposalStatus.SUBMITTED),
        order=62,
    ),
    Tile(
        key="bargaining_answers",
        label=_("待答复的职代会提案"),
        action=BARGAINING_CONGRESS,
        count=lambda actor: proposal_list(actor=actor, status=ProposalStatus.ASSIGNED).count(),
        url=lambda actor: _link("bargaining:proposal_list", status=ProposalStatus.ASSIGNED),
        order=63,
    ),
):
    register(tile)
