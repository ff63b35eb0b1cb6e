"""Pages answer the project's own error pages (DEBUG is off in the test settings), in the
interface language, with a way back home; the 500 page needs neither the database nor
the context processors."""

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import loader
from django.test import Client, RequestFactory

from gonghui.core.testing import build_world


def _page(response: Any) -> str:
    assert response["Content-Type"].startswith("text/html")
    return str(response.content.decode())


@pytest.mark.django_db
def test_an_unknown_page_answers_the_projects_404_page() -> None:
    response = Client().get("/no-such-page/")

    assert response.status_code == 404
    html = _page(response)
    assert "页面不存在" in html
    assert "工会服务平台" in html  # the site's own layout (base.html)
    assert 'href="/"' in html


@pytest.mark.django_db
def test_a_staff_page_refused_to_a_member_answers_the_projects_403_page() -> None:
    world = build_world()
    client = Client()
    client.force_login(world.user("member"))

    response = client.get("/organizations/")

    assert response.status_code == 403
    html = _page(response)
    assert "没有权限" in html
    assert 'href="/"' in html


@pytest.mark.django_db
def test_a_bad_request_answers_the_projects_400_page() -> None:
    response = Client().get("/", headers={"host": "evil.example.org"})

    assert response.status_code == 400
    html = _page(response)
    assert "请求有误" in html
    assert 'href="/"' in html


@pytest.mark.django_db
def test_an_uncaught_exception_on_a_page_answers_the_projects_500_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def boom(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("a bug")

    monkeypatch.setattr("gonghui.core.views.HealthView.get", boom)

    response = Client(raise_request_exception=False).get("/healthz")

    assert response.status_code == 500
    html = _page(response)
    assert "服务器内部错误" in html
    assert 'href="/"' in html
    assert "a bug" not in html


def test_the_500_page_renders_without_a_request_or_the_database() -> None:
    # no django_db mark: any query would fail the test
    html = loader.get_template("500.html").render()

    assert "服务器内部错误" in html
    assert 'href="/"' in html


@pytest.mark.django_db
def test_the_429_page_says_to_wait_and_leads_home() -> None:
    request = RequestFactory().get("/")
    request.user = AnonymousUser()

    html = loader.get_template("429.html").render({}, request)

    assert "请求过于频繁" in html
    assert 'href="/"' in html
