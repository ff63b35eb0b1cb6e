"""The deployment checks: ``check --deploy`` refuses eager Celery, the console or
in-memory SMS backend and a per-process cache."""

from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

from gonghui.core.checks import production_services

REDIS = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache"}}
SAFE: dict[str, Any] = {
    "CELERY_TASK_ALWAYS_EAGER": False,
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "SMS_BACKEND": "gonghui.core.sms.HttpGatewayBackend",
    "SMS_GATEWAY_URL": "https://sms.example.org/send",
    "SMS_GATEWAY_TOKEN": "token",
    "CACHES": REDIS,
}


def ids(**changes: Any) -> list[str]:
    with override_settings(**{**SAFE, **changes}):
        return [message.id or "" for message in production_services()]


def test_a_deployment_with_a_broker_a_gateway_and_redis_passes() -> None:
    assert ids() == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"CELERY_TASK_ALWAYS_EAGER": True}, "gonghui.E001"),
        ({"CELERY_BROKER_URL": None}, "gonghui.E001"),
        ({"SMS_BACKEND": "gonghui.core.sms.ConsoleBackend"}, "gonghui.E002"),
        ({"SMS_BACKEND": "gonghui.core.sms.LocmemBackend"}, "gonghui.E002"),
        ({"SMS_GATEWAY_URL": "http://sms.example.org/send"}, "gonghui.E003"),
        ({"SMS_GATEWAY_TOKEN": ""}, "gonghui.E003"),
        (
            {"CACHES": {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}},
            "gonghui.E004",
        ),
        (
            {"CACHES": {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}},
            "gonghui.E004",
        ),
    ],
)
def test_each_unsafe_setting_is_an_error(changes: dict[str, Any], expected: str) -> None:
    assert ids(**changes) == [expected]


def test_check_deploy_reports_them_and_plain_check_does_not() -> None:
    # given: the test settings (eager Celery, in-memory SMS and cache)
    # when / then: only the deployment check fails, on all three
    call_command("check", verbosity=0)
    with pytest.raises(SystemCheckError) as failure:
        call_command("check", deploy=True, verbosity=0)
    for code in ("gonghui.E001", "gonghui.E002", "gonghui.E004"):
        assert code in str(failure.value)
