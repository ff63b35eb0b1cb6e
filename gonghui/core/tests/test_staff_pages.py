"""What every staff page shares: pagination that never answers 404 for a page past the
end, money with thousands separators, the favicon, and the attachment upload form."""

import re
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation

from gonghui.core.audit_views import AuditListView
from gonghui.core.testing import World, build_world
from gonghui.disputes.tests.access import prepare
from gonghui.members.tests.access_staff import enrol, submit


def _client(world: World, user: str) -> Client:
    client = Client()
    client.force_login(world.user(user))
    return client


# --- pagination --------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["99", "0", "-1", "abc", "last"])
def test_a_page_past_the_end_or_not_a_number_shows_a_page_never_404(
    page: str, monkeypatch: Any
) -> None:
    world = build_world()
    monkeypatch.setattr(AuditListView, "paginate_by", 2)
    client = _client(world, "fed_staff")
    total = client.get("/audit/").context["paginator"].num_pages
    assert total > 1

    response = client.get("/audit/", {"page": page})

    assert response.status_code == 200
    shown = response.context["page_obj"].number
    assert shown == (total if page in ("99", "last") else 1)
    assert len(response.context["object_list"]) > 0


@pytest.mark.django_db
def test_a_page_past_the_end_of_an_empty_list_is_the_empty_first_page() -> None:
    world = build_world()
    response = _client(world, "fed_staff").get("/audit/", {"page": "99", "actor_name": "无此人"})
    assert response.status_code == 200
    assert response.context["page_obj"].number == 1
    assert list(response.context["object_list"]) == []


# --- numbers -----------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_money_shows_thousands_separators_and_two_places_in_every_language(
    language: str,
) -> None:
    template = Template(
        "{% load gonghui %}{{ a|num:'money' }} {{ b|num:'money' }} {{ c|num:'money' }} "
        "{{ d|num }} {{ e|num:'money' }} {{ f|num }}"
    )
    values = {
        "a": Decimal("31758"),
        "b": Decimal("1234567.5"),
        "c": 0,
        "d": 1234567,
        "e": None,
        "f": "2026-01-01",
    }
    with translation.override(language):
        shown = template.render(Context(values))
    assert shown == "31,758.00 1,234,567.50 0.00 1,234,567 None 2026-01-01"


@pytest.mark.django_db
def test_the_case_list_shows_the_claimed_amount_with_separators() -> None:
    world = build_world()
    prepare(world)
    case = world.extra["case"]
    client = _client(world, "fed_staff")
    claimed = client.get(reverse("disputes:case_list")).context["object_list"][0].claimed
    assert claimed == case.claims.get().amount and claimed >= 1000

    page = client.get(reverse("disputes:case_list")).content.decode()

    assert f'<td class="num">{claimed:,.2f}</td>' in page


# --- attachments -------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_upload_form_labels_each_input_by_id_with_a_full_width_colon() -> None:
    world = build_world()
    prepare(world)
    case = world.extra["case"]
    page = _client(world, "union_a_staff").get(reverse("disputes:case_detail", args=[case.pk]))
    html = page.content.decode()
    form = html[html.index('class="attachments"') :]
    for name, label in (("kind", "类别"), ("file", "文件")):
        assert f'<label for="attachment-{name}">{label}：</label>' in form
        assert f'name="{name}"' in form and f'id="attachment-{name}"' in form
    assert html.count('id="attachment-kind"') == 1 and html.count('id="attachment-file"') == 1


@pytest.mark.django_db
def test_a_text_file_named_pdf_is_refused_with_the_clear_message_on_the_page() -> None:
    world = build_world()
    prepare(world)
    case = world.extra["case"]
    page_url = reverse("disputes:case_detail", args=[case.pk])
    text = SimpleUploadedFile(
        "说明.pdf", "这是一个改了扩展名的文本文件。\n".encode(), content_type="application/pdf"
    )

    response = _client(world, "union_a_staff").post(
        reverse("core:attachment_upload", args=["disputes.mediationcase", case.pk]),
        {"kind": "evidence", "file": text, "next": page_url},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == page_url
    assert (
        '<li class="error">附件未上传：只能上传 PDF、JPEG、PNG 图片或 xlsx、docx 文件</li>'
        in response.content.decode()
    )


# --- layout ------------------------------------------------------------------------------


def _headers(html: str) -> list[str]:
    head = html[html.index("<thead>") : html.index("</thead>")]
    return re.findall(r"<th[^>]*>(?:<a [^>]*>)?([^<▲▼]+?)\s*(?:[▲▼]\s*)?(?:</a>)?</th>", head)


@pytest.mark.django_db
def test_the_key_columns_of_the_staff_lists_come_first() -> None:
    world = build_world()
    prepare(world)
    enrol(world, name="会员乙")
    submit(world, name="申请人丙")
    client = _client(world, "union_a_staff")

    cases = _headers(client.get(reverse("disputes:case_list")).content.decode())
    applications = _headers(client.get(reverse("members:application_list")).content.decode())
    members = _headers(client.get(reverse("members:member_list")).content.decode())

    assert cases[:2] == ["案件编号", "状态"]
    assert applications[:3] == ["申请编号", "姓名", "状态"]
    assert members[:3] == ["会员编号", "姓名", "会籍状态"]


@pytest.mark.django_db
def test_the_overdue_filter_is_a_checkbox_followed_by_its_label() -> None:
    world = build_world()
    prepare(world)
    page = _client(world, "union_a_staff").get(reverse("disputes:case_list")).content.decode()
    assert re.search(
        r'<label class="check"><input type="checkbox" name="overdue"[^>]*>仅看已超期</label>', page
    )


@pytest.mark.django_db
def test_a_statistics_table_with_many_columns_takes_a_wider_card() -> None:
    world = build_world()
    prepare(world)
    page = _client(world, "fed_staff").get(reverse("reports:mediation")).content.decode()
    assert re.search(r'<section class="card many-columns">\s*<h3>调解（按层级）</h3>', page)
    assert re.search(r'<section class="card">\s*<h3>咨询（按方式）</h3>', page)


# --- favicon -----------------------------------------------------------------------------


ICON = '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">'


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/accounts/login/", "/portal/", "/no-such-page/"])
def test_every_page_links_the_favicon_which_is_a_static_file(url: str) -> None:
    page = Client().get(url, follow=True).content.decode()
    assert ICON in page
    found = finders.find("favicon.svg")
    assert found
    with open(found, encoding="utf-8") as svg:
        assert svg.read().lstrip().startswith("<svg")


def test_the_server_error_page_links_the_favicon_too() -> None:
    assert ICON in render_to_string("500.html")


def test_the_favicon_a_browser_asks_for_is_the_projects() -> None:
    from django.test import Client

    answer = Client().get("/favicon.ico")
    assert answer.status_code == 301
    assert answer["Location"].endswith("favicon.svg")


def test_a_choice_among_records_prompts_in_words_not_dashes() -> None:
    from gonghui.accounts.models import User
    from gonghui.core.forms import ScopedModelChoiceField
    from gonghui.disputes.forms import SeatForm

    form = SeatForm(users=User.objects.none())
    assert "---------" not in str(form["user"])
    assert str(ScopedModelChoiceField(queryset=User.objects.none()).empty_label) == "请选择"
