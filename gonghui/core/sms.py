"""Sending SMS through a pluggable backend chosen by ``SMS_BACKEND``.

``send_sms(phone, text)`` is the one entry point; services queue it with
``transaction.on_commit`` so nothing is sent for a write that rolls back."""

import json
import logging
import urllib.request
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from gonghui.core import pii

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    phone: str
    text: str


class Backend(Protocol):
    def send(self, message: Message) -> None: ...


class ConsoleBackend:
    """Development: the message goes to the log (the code is readable there)."""

    def send(self, message: Message) -> None:
        logger.warning("SMS to %s: %s", message.phone, message.text)


outbox: list[Message] = []


class LocmemBackend:
    """Tests: messages are appended to ``gonghui.core.sms.outbox``."""

    def send(self, message: Message) -> None:
        outbox.append(message)


class HttpGatewayBackend:
    """Production: POST ``{"phone", "text"}`` as JSON to ``SMS_GATEWAY_URL`` with a bearer
    token; the gateway answers 2xx when it accepted the message."""

    timeout = 10

    def send(self, message: Message) -> None:
        if not settings.SMS_GATEWAY_URL.startswith("https://"):
            raise RuntimeError("SMS_GATEWAY_URL must be an https:// address")
        body = json.dumps(
            {"phone": message.phone, "text": f"{settings.SMS_SIGNATURE}{message.text}"}
        ).encode()
        request = urllib.request.Request(  # noqa: S310 - https only, checked above
            settings.SMS_GATEWAY_URL,
            data=body,
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {settings.SMS_GATEWAY_TOKEN}",
            },
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
            if not 200 <= response.status < 300:
                raise RuntimeError(f"SMS gateway answered {response.status}")
        logger.info("SMS sent to %s", pii.mask_phone(message.phone))


@lru_cache(maxsize=4)
def _backend(path: str) -> Backend:
    return import_string(path)()  # type: ignore[no-any-return]


def send_sms(phone: str, text: str) -> None:
    _backend(settings.SMS_BACKEND).send(Message(phone=phone, text=text))
