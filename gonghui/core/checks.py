"""System checks for a deployment (``manage.py check --deploy``): settings that work on a
developer's machine but turn a problem into an outage or a leak in production.

- Celery running tasks eagerly (no broker): a roster import would parse its file inside
  the web request, and a slow SMS gateway would hold every request that sends one;
- the console or in-memory SMS backend: sign-in codes would be written to the log, or
  kept in a list nobody reads;
- a per-process cache (local memory or dummy): login throttling, the limits on sign-in
  codes and anything else counted in the cache would be counted per worker process.
"""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register

UNSAFE_SMS_BACKENDS = ("gonghui.core.sms.ConsoleBackend", "gonghui.core.sms.LocmemBackend")
PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.security, deploy=True)
def production_services(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    return [*_celery(), *_sms(), *_cache()]


def _celery() -> list[CheckMessage]:
    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False) or not getattr(
        settings, "CELERY_BROKER_URL", None
    ):
        return [
            Error(
                "Celery runs tasks eagerly (no broker): uploads would be parsed in the web "
                "process.",
                hint="Set REDIS_URL (or CELERY_BROKER_URL) and run a Celery worker.",
                id="gonghui.E001",
            )
        ]
    return []


def _sms() -> list[CheckMessage]:
    if settings.SMS_BACKEND in UNSAFE_SMS_BACKENDS:
        return [
            Error(
                f"SMS_BACKEND is {settings.SMS_BACKEND}: no message would reach a phone, "
                "and sign-in codes would be logged or kept in memory.",
                hint="Set SMS_BACKEND=gonghui.core.sms.HttpGatewayBackend and the gateway.",
                id="gonghui.E002",
            )
        ]
    if settings.SMS_BACKEND.endswith(".HttpGatewayBackend") and not (
        settings.SMS_GATEWAY_URL.startswith("https://") and settings.SMS_GATEWAY_TOKEN
    ):
        return [
            Error(
                "The SMS gateway needs an https:// SMS_GATEWAY_URL and an SMS_GATEWAY_TOKEN.",
                id="gonghui.E003",
            )
        ]
    return []


def _cache() -> list[CheckMessage]:
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in PER_PROCESS_CACHES:
        return [
            Error(
                f"The default cache is {backend}: every worker process would count "
                "throttles and limits on its own.",
                hint="Set REDIS_URL.",
                id="gonghui.E004",
            )
        ]
    return []
