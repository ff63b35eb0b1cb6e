"""Every staff page prints cleanly: the print stylesheet hides the navigation and the
filters, and the page carries what a printed sheet needs: the title, the filters it was
made with (the period among them) and the time it was printed."""

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from gonghui.core.testing import build_world

pytestmark = pytest.mark.django_db


def _meta(html: str) -> str:
    return html.split('class="print-meta"')[1].split("</div>")[0]


def test_a_filtered_list_prints_its_title_filters_and_time() -> None:
    world = build_world()
    client = Client()
    client.force_login(world.user("union_a_staff"))

    page = client.get(
        reverse("disputes:consultation_list"),
        {"topic": "wages", "since": "2026-01-01", "until": "2026-06-30"},
    ).content.decode()

    meta = _meta(page)
    assert "咨询登记" in meta
    assert "咨询事项：劳动报酬" in meta
    assert "起始日期：2026-01-01" in meta and "截止日期：2026-06-30" in meta
    assert "打印时间" in meta


def test_a_searched_id_number_is_not_printed() -> None:
    world = build_world()
    client = Client()
    client.force_login(world.user("union_a_staff"))
    number = "11010519491231002X"

    answer = client.post(reverse("disputes:case_list"), {"q": number}, follow=True)

    meta = _meta(answer.content.decode())
    assert number not in meta and "不打印" in meta


def test_the_stylesheet_hides_the_navigation_and_filters_in_print() -> None:
    path = finders.find("css/app.css")
    assert isinstance(path, str)
    with open(path, encoding="utf-8") as sheet:
        css = sheet.read()
    printed = css.split("@media print")[1]
    for hidden in (".topbar", ".subnav", ".filters", ".pager", ".print-meta { display: flex"):
        assert hidden in printed
