"""Notices: a message to a person about something of theirs (a decision, an assignment,
a deadline), shown in their inbox (staff: ``/notices/`` and the header badge; members: the
portal's notices page) and, where configured, sent by SMS by a Celery task queued once the
transaction commits. Every service and task that tells someone about a change calls
``notice_send``; the caller writes its own audit entry for the change itself.

Titles and bodies are written in the recipient's language (their account's choice, else
the site's), not the language of the person whose action caused them: pass
``Text(gettext_lazy("…%(name)s…"), name=value)``; a plain string (a reason a reviewer
typed) is kept as it is."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation

from gonghui.core.models import Notice
from gonghui.core.sms import send_sms


@dataclass(frozen=True)
class Text:
    """A translatable message with its parameters, rendered when the notice is written."""

    msgid: Any
    params: dict[str, Any] = field(default_factory=dict)

    def __init__(self, msgid: Any, **params: Any) -> None:
        object.__setattr__(self, "msgid", msgid)
        object.__setattr__(self, "params", params)

    def render(self) -> str:
        text = str(self.msgid)
        if not self.params:
            return text
        # a lazy parameter (a status label) renders in the same, recipient's language
        return text % self.params


def _render(value: "str | Text") -> str:
    return value.render() if isinstance(value, Text) else str(value)


def notice_send(
    *,
    title: "str | Text",
    body: "str | Text" = "",
    url: str = "",
    person: Any = None,
    user: Any = None,
    phone: str = "",
    kind: str = "",
) -> Notice:
    """Record a notice for an account, a worker's record (``person``, which may have no
    account yet) or a phone (an anonymous applicant), and queue its SMS on commit."""
    if user is None and person is not None:
        user = person.user
    phone = phone or (person.phone if person else "") or (getattr(user, "phone", "") or "")
    with translation.override(getattr(user, "language", "") or settings.LANGUAGE_CODE):
        title, body = _render(title), _render(body)
    notice = Notice.objects.create(
        person=person, user=user, phone=phone, title=title, body=body, url=url, kind=kind
    )
    if settings.SMS_SEND_NOTICES and phone:
        from gonghui.core.tasks import notice_sms_send

        transaction.on_commit(lambda: notice_sms_send.delay(notice.pk))
    return notice


def notice_sms(notice_pk: int) -> None:
    """Send the notice's SMS once (a retried task does not send it twice)."""
    notice = Notice.objects.filter(pk=notice_pk, sms_sent_at__isnull=True).first()
    if notice is None or not notice.phone:
        return
    send_sms(notice.phone, f"{notice.title}。{notice.body}".strip("。"))
    Notice.objects.filter(pk=notice_pk).update(sms_sent_at=timezone.now())


# --- the inbox ---------------------------------------------------------------------------


def inbox(user: Any) -> QuerySet[Notice]:
    """The notices addressed to the account, newest first (a member's portal also shows
    the ones waiting on their worker's record or phone: ``portal.selectors.notices_of``)."""
    if user is None or not user.is_authenticated:
        return Notice.objects.none()
    return Notice.objects.filter(user=user)


def unread_count(user: Any) -> int:
    return inbox(user).filter(read_at__isnull=True).count()


def notices_mark_read(*, user: Any, notices: Iterable[Notice]) -> int:
    """Mark the user's own unread notices among ``notices`` read, in one statement."""
    now = timezone.now()
    notices = list(notices)
    pks = [n.pk for n in notices if n.read_at is None and n.user_id == user.pk]
    for notice in notices:
        if notice.pk in pks:
            notice.read_at = now
    return Notice.objects.filter(pk__in=pks, read_at__isnull=True).update(read_at=now)


def notice_mark_read(*, user: Any, notice: Notice) -> Notice:
    notices_mark_read(user=user, notices=[notice])
    return notice
