"""What the scheduler does every day for collective contracts: a contract whose review
ended without the department's objection takes effect (the workflow's ``lapse_review``
step, taken by the system), and the union is reminded of the contracts whose renewal is
due (once per contract and term: ``renewal_reminded_on``)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from gonghui.accounts.roles import BARGAINING_NEGOTIATE
from gonghui.accounts.selectors import holders
from gonghui.bargaining.choices import Status
from gonghui.bargaining.models import Contract
from gonghui.bargaining.selectors.contracts import renewal_due_q
from gonghui.bargaining.services.contracts import contract_url
from gonghui.bargaining.workflows import CONTRACTS
from gonghui.core.models import NoticeKind
from gonghui.core.notices import Text, notice_send
from gonghui.core.workflow import take


def reviews_lapse(today: date | None = None) -> int:
    """Take effect: the contracts reported whose review ended before today. Returns how
    many."""
    today = today or timezone.localdate()
    due = Contract.objects.filter(status=Status.REPORTED, review_ends_on__lt=today)
    taken = 0
    for pk in due.values_list("pk", flat=True):
        try:
            take(None, pk, "lapse_review", workflow=CONTRACTS)  # type: ignore[arg-type]
        except ValidationError:
            continue  # taken meanwhile (by staff, or another run): the engine refused
        taken += 1
    return taken


def renewal_reminders_send(today: date | None = None) -> int:
    """Remind the union's negotiators of each contract whose term ends within the lead
    time of the rule in force and whose renewal is not open; once per contract. Returns
    the notices sent."""
    today = today or timezone.localdate()
    sent = 0
    due = Contract.objects.filter(renewal_due_q(today), renewal_reminded_on__isnull=True)
    for contract in due.select_related("organization").order_by("term_end", "pk"):
        with transaction.atomic():
            claimed = Contract.objects.filter(pk=contract.pk, renewal_reminded_on__isnull=True)
            if not claimed.update(renewal_reminded_on=today):
                continue  # another run reminded of it
            title = Text(
                gettext_lazy("集体合同 %(number)s 将于 %(day)s 到期，请启动续签"),
                number=contract.number,
                day=contract.term_end,
            )
            body = Text(
                gettext_lazy("%(title)s（%(union)s）"),
                title=contract.title,
                union=contract.organization.name,
            )
            for user in holders(BARGAINING_NEGOTIATE, contract.organization, nearest=True):
                notice_send(
                    user=user,
                    title=title,
                    body=body,
                    url=contract_url(contract),
                    kind=NoticeKind.REMINDER,
                )
                sent += 1
    return sent
