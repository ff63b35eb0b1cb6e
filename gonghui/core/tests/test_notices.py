"""Notices (core.notices): recorded in the recipient's language, SMS by a task queued on
commit and sent once, the staff inbox with its unread count."""

from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext_lazy

from gonghui.core import notices, sms
from gonghui.core.models import Notice
from gonghui.core.testing import World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


def test_a_notice_is_rendered_in_the_recipients_language(world: World) -> None:
    user = world.user("fed_staff")
    user.language = "en"
    user.save(update_fields=["language"])

    notice = notices.notice_send(
        user=user, title=notices.Text(gettext_lazy("通知")), body="原因 as typed"
    )

    assert notice.title == "Notifications"
    assert notice.body == "原因 as typed"


def test_the_sms_is_queued_on_commit_and_sent_once(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notice = notices.notice_send(phone="13800138000", title="调解期限将至")
        assert sms.outbox == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    assert [m.phone for m in sms.outbox] == ["13800138000"]
    notice.refresh_from_db()
    assert notice.sms_sent_at is not None

    notices.notice_sms(notice.pk)  # a retried task
    assert len(sms.outbox) == 1


def test_a_rolled_back_notice_sends_nothing(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    sms.outbox.clear()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notices.notice_send(phone="13800138000", title="x")
        raise RuntimeError
    assert callbacks == [] and sms.outbox == []
    assert not Notice.objects.exists()


def test_the_inbox_shows_the_users_own_notices_and_marks_them_read(world: World) -> None:
    staff, other = world.user("union_a_staff"), world.user("union_b_staff")
    notices.notice_send(user=staff, title="案件已指派给您")
    notices.notice_send(user=other, title="别人的通知")
    client = Client()
    client.force_login(staff)
    assert client.get(reverse("core:notices_unread")).json() == {"unread": 1}

    page = client.get(reverse("core:notices")).content.decode()

    assert "案件已指派给您" in page and "别人的通知" not in page
    assert client.get(reverse("core:notices_unread")).json() == {"unread": 0}
    assert Notice.objects.filter(user=other, read_at__isnull=True).count() == 1


def test_the_badge_costs_the_page_no_query(world: World, django_assert_num_queries: Any) -> None:
    staff = world.user("fed_staff")
    notices.notice_send(user=staff, title="t")
    client = Client()
    client.force_login(staff)

    # session, user, assignments: as without notices (a page with no queries of its own:
    # the 404 page, which shows the navigation; the home's workbench counts the notices)
    with django_assert_num_queries(3):
        page = client.get("/no-such-page/").content.decode()

    assert reverse("core:notices_unread") in page and reverse("core:notices") in page


def test_marking_read_touches_only_the_users_own_unread_notices(world: World) -> None:
    staff, other = world.user("union_a_staff"), world.user("union_b_staff")
    own = notices.notice_send(user=staff, title="a")
    foreign = notices.notice_send(user=other, title="b")

    assert notices.notices_mark_read(user=staff, notices=[own, foreign]) == 1
    assert notices.notices_mark_read(user=staff, notices=[own]) == 0
    assert notices.unread_count(other) == 1
