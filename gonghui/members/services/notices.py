"""Notices to members: shown on the member pages and, where configured, sent by SMS once
the transaction commits. Every module that changes something of a member's calls
``notice_send``.

Titles and bodies are written in the recipient's language (their account's choice, else
the site's), not the language of the staff member whose action caused them: pass
``Text(gettext_lazy("…%(name)s…"), name=value)``; a plain string (a reason a reviewer
typed) is kept as it is."""

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from gonghui.core.sms import send_sms
from gonghui.members.models import Notice, Person


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
    person: Person | None = None,
    user: Any = None,
    phone: str = "",
) -> Notice:
    """Record a notice for a person (or an applicant's account or phone) and queue the
    SMS. The caller's service writes its own audit entry for the change itself."""
    if user is None and person is not None:
        user = person.user
    phone = phone or (person.phone if person else "") or (getattr(user, "phone", "") or "")
    with translation.override(getattr(user, "language", "") or settings.LANGUAGE_CODE):
        title, body = _render(title), _render(body)
    notice = Notice.objects.create(
        person=person, user=user, phone=phone, title=title, body=body, url=url
    )
    if settings.SMS_SEND_NOTICES and phone:
        transaction.on_commit(lambda: _send(notice.pk))
    return notice


def _send(notice_pk: int) -> None:
    notice = Notice.objects.get(pk=notice_pk)
    send_sms(notice.phone, f"{notice.title}。{notice.body}".strip("。"))
    Notice.objects.filter(pk=notice_pk).update(sms_sent_at=timezone.now())


def notices_mark_read(*, user: Any, notices: list[Notice]) -> int:
    """Mark the user's own unread notices among ``notices`` read, in one statement."""
    now = timezone.now()
    pks = [n.pk for n in notices if n.read_at is None and n.user_id == user.pk]
    for notice in notices:
        if notice.pk in pks:
            notice.read_at = now
    return Notice.objects.filter(pk__in=pks, read_at__isnull=True).update(read_at=now)


def notice_mark_read(*, user: Any, notice: Notice) -> Notice:
    if notice.read_at is None and (notice.user_id == user.pk):
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice
