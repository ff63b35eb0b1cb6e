"""Campaigns published before the ledger had holds booked their reserve as spending
(慰问支出, the campaign's ``reserve_entry``) and, when they ended, the unspent part back as
an allocation (拨入 "结余退回", its ``refund_entry``, absent when everything was redeemed).
They are converted to what publishing and settling book now (docs/benefits.md):

- the reserve becomes the HOLD (same amount, same day);
- for an ended campaign (closed or cancelled), the refund becomes the RELEASE of the whole
  hold, and the SPENDING of what was spent (the hold less the refund, i.e. the face value
  redeemed at the time) is added on the same day, naming the hold; when there was no
  refund, both are added on the day the campaign ended. The campaign's ``refund_entry`` is
  cleared (the settlement is reached through the hold).

Each campaign's money is found through its two links only, so no other spending or
allocation is touched. A fund's balance and the sum of its entries do not change (release
+ spending = the old refund); each added entry carries the balance the fund had at its
place in the day's sequence, though its id is later than the entries posted after it.
Data only (the schema is ``assistance.0003_entry_holds``); reversible: the pair merges
back into the allocation, the hold becomes spending again."""

from decimal import Decimal
from typing import Any

from django.db import migrations
from django.utils import timezone

ENDED = ("closed", "cancelled")


def _spending(FundEntry: Any, hold: Any, amount: Decimal, day: Any, after: Decimal) -> None:
    FundEntry.objects.create(
        fund_id=hold.fund_id,
        kind="spending",
        amount=-amount,
        balance_after=after,
        booked_on=day,
        memo=hold.memo.replace("预留", "核销支出")[:200],
        hold=hold,
        created_by_id=hold.created_by_id,
    )


def _settle(FundEntry: Any, campaign: Any, hold: Any) -> None:
    value = -hold.amount
    refund = campaign.refund_entry
    if refund is not None:
        spent = value - refund.amount
        after = refund.balance_after
        FundEntry.objects.filter(pk=refund.pk).update(
            kind="release", amount=value, balance_after=after + spent, hold=hold
        )
        if spent > 0:
            _spending(FundEntry, hold, spent, refund.booked_on, after)
        return
    day = timezone.localdate(campaign.closed_at or campaign.updated_at)
    last = (
        FundEntry.objects.filter(fund_id=hold.fund_id, booked_on__lte=day)
        .order_by("-booked_on", "-id")
        .first()
    )
    before = last.balance_after if last is not None else Decimal("0.00")
    FundEntry.objects.create(
        fund_id=hold.fund_id,
        kind="release",
        amount=value,
        balance_after=before + value,
        booked_on=day,
        memo=hold.memo.replace("预留", "释放预留")[:200],
        hold=hold,
        created_by_id=hold.created_by_id,
    )
    _spending(FundEntry, hold, value, day, before)


def convert(apps: Any, schema_editor: Any) -> None:
    Campaign = apps.get_model("benefits", "Campaign")
    FundEntry = apps.get_model("assistance", "FundEntry")
    campaigns = Campaign.objects.filter(
        reserve_entry__isnull=False, reserve_entry__kind="spending"
    ).select_related("reserve_entry", "refund_entry")
    for campaign in campaigns.order_by("pk"):
        hold = campaign.reserve_entry
        FundEntry.objects.filter(pk=hold.pk).update(kind="hold")
        hold.kind = "hold"
        if campaign.status in ENDED:
            _settle(FundEntry, campaign, hold)
            Campaign.objects.filter(pk=campaign.pk).update(refund_entry=None)


def restore(apps: Any, schema_editor: Any) -> None:
    Campaign = apps.get_model("benefits", "Campaign")
    FundEntry = apps.get_model("assistance", "FundEntry")
    campaigns = Campaign.objects.filter(reserve_entry__kind="hold").select_related(
        "reserve_entry"
    )
    for campaign in campaigns.order_by("pk"):
        hold = campaign.reserve_entry
        release = FundEntry.objects.filter(hold=hold, kind="release").first()
        spending = FundEntry.objects.filter(hold=hold, kind="spending").first()
        if release is not None:
            spent = -spending.amount if spending is not None else Decimal("0.00")
            if spending is not None:
                spending.delete()
            if release.amount == spent:
                release.delete()
            else:
                FundEntry.objects.filter(pk=release.pk).update(
                    kind="allocation",
                    amount=release.amount - spent,
                    balance_after=release.balance_after - spent,
                    hold=None,
                )
                Campaign.objects.filter(pk=campaign.pk).update(refund_entry=release.pk)
        FundEntry.objects.filter(pk=hold.pk).update(kind="spending")


class Migration(migrations.Migration):
    dependencies = [
        ("benefits", "0005_order_dates"),
        ("assistance", "0003_entry_holds"),
    ]

    operations = [migrations.RunPython(convert, restore)]
