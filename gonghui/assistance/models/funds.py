"""Funds and their ledgers: the warmth fund (温暖专项基金), special funds with a budget (the 2020
epidemic fund), and the budget lines campaigns spend from.

A fund's balance is the sum of its entries: the money available. A hold (预留) sets money
aside for a purpose and lowers the balance; its release (释放预留) gives the whole of it back
when the purpose is settled, and what was really spent is booked then as spending naming
the same hold. A hold is released once (a unique constraint). The database keeps it too:
``Fund.balance`` and every entry's ``balance_after`` are checked not negative, and the
one service that posts an entry (``services.ledger.entry_post``) locks the fund's row, so
two grants racing for the last yuan are serialised and the second is refused. Entries are
never changed or deleted; a mistake is corrected by a reversing entry with its reason."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import ASSISTANCE_PAY, ASSISTANCE_VIEW
from gonghui.assistance.choices import Cause, EntryKind, FundKind
from gonghui.core.attachments.rules import AttachmentRules
from gonghui.core.models import TimeStampedModel
from gonghui.core.scoping import ScopedQuerySet


class Fund(TimeStampedModel):
    code = models.SlugField(_("代码"), max_length=30, unique=True)
    name = models.CharField(_("名称"), max_length=60)
    kind = models.CharField(_("类别"), max_length=8, choices=FundKind.choices)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("管理单位"),
        on_delete=models.PROTECT,
        related_name="funds",
    )
    started_on = models.DateField(_("设立日期"))
    balance = models.DecimalField(
        _("余额（元）"), max_digits=14, decimal_places=2, default=Decimal("0")
    )
    active = models.BooleanField(_("启用"), default=True)
    description = models.TextField(_("说明"), blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("资金")
        verbose_name_plural = _("资金")
        ordering = ["kind", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(balance__gte=0), name="fund_balance_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name


class FundEntryQuerySet(ScopedQuerySet):
    scope_path_field = "fund__organization__path"


class FundEntry(models.Model):
    """One movement of a fund: ``amount`` is positive into the fund, negative out of it."""

    fund = models.ForeignKey(
        Fund, verbose_name=_("资金"), on_delete=models.PROTECT, related_name="entries"
    )
    kind = models.CharField(_("类别"), max_length=10, choices=EntryKind.choices)
    amount = models.DecimalField(_("金额（元）"), max_digits=14, decimal_places=2)
    balance_after = models.DecimalField(_("余额（元）"), max_digits=14, decimal_places=2)
    booked_on = models.DateField(_("记账日期"), db_index=True)
    cause = models.CharField(_("救助原因"), max_length=20, choices=Cause.choices, blank=True)
    memo = models.CharField(_("摘要"), max_length=200)
    application = models.ForeignKey(
        "assistance.AidApplication",
        verbose_name=_("帮扶申请"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fund_entries",
    )
    line = models.ForeignKey(
        "assistance.DistributionLine",
        verbose_name=_("发放明细"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fund_entries",
    )
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("冲正的分录"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
    )
    # a release, or the spending booked when a hold is settled, names the hold
    hold = models.ForeignKey(
        "self",
        verbose_name=_("预留分录"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="settlements",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    objects = FundEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("资金分录")
        verbose_name_plural = _("资金分录")
        ordering = ["fund", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="fund_entry_not_zero"),
            models.CheckConstraint(
                condition=Q(balance_after__gte=0), name="fund_entry_balance_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(kind=EntryKind.REVERSAL, reverses__isnull=False)
                | (~Q(kind=EntryKind.REVERSAL) & Q(reverses__isnull=True)),
                name="fund_entry_reversal_names_its_entry",
            ),
            models.CheckConstraint(
                condition=Q(kind=EntryKind.RELEASE, hold__isnull=False)
                | Q(kind=EntryKind.SPENDING)
                | (~Q(kind__in=[EntryKind.RELEASE, EntryKind.SPENDING]) & Q(hold__isnull=True)),
                name="fund_entry_release_names_its_hold",
            ),
            models.UniqueConstraint(
                fields=["hold"],
                condition=Q(kind=EntryKind.RELEASE),
                name="fund_entry_hold_released_once",
            ),
        ]
        indexes = [models.Index(fields=["fund", "booked_on"], name="fund_entry_day_idx")]

    def __str__(self) -> str:
        return f"{self.fund_id} {self.booked_on} {self.amount}"


class DonationQuerySet(ScopedQuerySet):
    scope_path_field = "fund__organization__path"


class Donation(TimeStampedModel):
    """A donation into a fund, with the receipt number the donor is given."""

    fund = models.ForeignKey(
        Fund, verbose_name=_("资金"), on_delete=models.PROTECT, related_name="donations"
    )
    receipt_number = models.CharField(_("收据编号"), max_length=30, unique=True)
    donor_name = models.CharField(_("捐赠人"), max_length=60)
    donor_unit = models.CharField(_("捐赠单位"), max_length=120, blank=True)
    amount = models.DecimalField(_("金额（元）"), max_digits=14, decimal_places=2)
    received_on = models.DateField(_("到账日期"))
    note = models.CharField(_("备注"), max_length=200, blank=True)
    entry = models.OneToOneField(
        FundEntry,
        verbose_name=_("资金分录"),
        on_delete=models.PROTECT,
        related_name="donation",
    )

    objects = DonationQuerySet.as_manager()

    attachment_rules = AttachmentRules(
        view_action=ASSISTANCE_VIEW,
        upload_action=ASSISTANCE_PAY,
        kinds=(("voucher", _("到账凭证")), ("other", _("其他材料"))),
        organization=lambda donation: donation.fund.organization,
    )

    class Meta:
        verbose_name = _("捐赠")
        verbose_name_plural = _("捐赠")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="donation_is_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.receipt_number} {self.donor_name}"
