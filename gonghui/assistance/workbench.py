"""The assistance tiles on the staff workbench (``core.workbench``): what waits for each
level (the union, the station, the federation), aid to publish and to pay, and yearly
reviews due. Each count is the selector of the list its link opens, with its filters."""

from typing import Any

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import (
    ASSISTANCE_APPROVE,
    ASSISTANCE_CHECK,
    ASSISTANCE_FILE,
    ASSISTANCE_PAY,
)
from gonghui.assistance.choices import AidStatus, FileStatus
from gonghui.assistance.selectors.aid import aid_list, payable
from gonghui.assistance.selectors.files import file_list
from gonghui.core.workbench import Tile, register


def _link(name: str, **filters: Any) -> str:
    return f"{reverse(name)}?{urlencode(filters)}"


def _files(status: str) -> Tile:
    return Tile(
        key=f"files_{status}",
        label=_("待服务站审核的困难职工档案")
        if status == FileStatus.FILED
        else _("待总工会审批的困难职工档案"),
        action=ASSISTANCE_CHECK if status == FileStatus.FILED else ASSISTANCE_APPROVE,
        count=lambda actor: file_list(actor=actor, status=status).count(),
        url=lambda actor: _link("assistance:file_list", status=status),
        order=31 if status == FileStatus.FILED else 32,
    )


def _aid(key: str, label: Any, action: str, status: str, order: int) -> Tile:
    return Tile(
        key=key,
        label=label,
        action=action,
        count=lambda actor: aid_list(actor=actor, status=status).count(),
        url=lambda actor: _link("assistance:aid_list", status=status),
        order=order,
    )


for tile in (
    _aid("aid_applied", _("会员网上申请的帮扶待受理"), ASSISTANCE_FILE, AidStatus.APPLIED, 30),
    _files(FileStatus.FILED),
    _files(FileStatus.CHECKED),
    _aid("aid_filed", _("待服务站审核的帮扶申请"), ASSISTANCE_CHECK, AidStatus.FILED, 33),
    _aid("aid_checked", _("待总工会审批的帮扶申请"), ASSISTANCE_APPROVE, AidStatus.CHECKED, 34),
    _aid("aid_approved", _("已批准待公示的帮扶"), ASSISTANCE_APPROVE, AidStatus.APPROVED, 35),
    Tile(
        key="aid_payable",
        label=_("公示期满待发放的帮扶"),
        action=ASSISTANCE_PAY,
        count=lambda actor: payable(actor=actor).count(),
        url=lambda actor: reverse("assistance:payment_list"),
        order=36,
    ),
    Tile(
        key="files_review_due",
        label=_("30 天内需年度复核的档案"),
        action=ASSISTANCE_FILE,
        count=lambda actor: file_list(actor=actor, review_due=True).count(),
        url=lambda actor: _link("assistance:file_list", review_due="on"),
        urgent=True,
        order=37,
    ),
):
    register(tile)
