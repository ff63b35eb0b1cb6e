"""The staff navigation: module groups in the top bar, the current group's entries as a
sub-navigation, every group with its entries on the home page."""

from html.parser import HTMLParser
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.accounts.services import user_set_language
from gonghui.core.navigation import GROUPS, groups_for
from gonghui.core.testing import World, build_world

pytestmark = pytest.mark.django_db

ALL_GROUPS = ["组织", "会员", "权益维护", "民主管理", "困难帮扶", "普惠服务", "系统"]
BARGAINING = ["集体合同", "职代会", "职代会提案", "职代会与集体协商统计"]
ASSISTANCE = [
    "困难职工档案",
    "帮扶申请",
    "帮扶公示",
    "资金",
    "慰问活动",
    "帮扶统计",
    "资金统计",
    "慰问统计",
]


class NavParser(HTMLParser):
    """Collects the links of the top bar's groups, of the sub-navigation and of the home
    page's cards as (text, href, aria-current)."""

    def __init__(self) -> None:
        super().__init__()
        self.groups: list[tuple[str, str, str | None]] = []
        self.subnav: list[tuple[str, str, str | None]] = []
        self.cards: dict[str, list[str]] = {}
        self._where: list[str] = []  # the open elements' "roles"
        self._link: tuple[str, str | None] | None = None
        self._text = ""
        self._card: str | None = None
        self._heading = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        classes = (attr.get("class") or "").split()
        if tag in ("nav", "section", "li", "ul", "div"):
            if tag == "nav" and "modules" in classes:
                self._where.append("modules")
            elif tag == "nav" and "subnav" in classes:
                self._where.append("subnav")
            elif tag == "li" and "group" in classes:
                self._where.append("group")
            elif tag == "ul" and "menu" in classes:
                self._where.append("menu")
            elif tag == "div" and "nav-cards" in classes:
                self._where.append("cards")
            else:
                self._where.append(tag)
        if tag in ("h2", "h3") and "cards" in self._where:
            self._heading, self._text = True, ""
        if tag == "a":
            self._link, self._text = (attr.get("href") or "", attr.get("aria-current")), ""

    def handle_endtag(self, tag: str) -> None:
        if tag in ("nav", "section", "li", "ul", "div") and self._where:
            self._where.pop()
        if tag in ("h2", "h3") and self._heading:
            self._heading, self._card = False, self._text.strip()
            self.cards[self._card] = []
        if tag == "a" and self._link is not None:
            link = (self._text.strip(), *self._link)
            if "menu" in self._where:
                pass
            elif "group" in self._where:
                self.groups.append(link)
            elif "subnav" in self._where:
                self.subnav.append(link)
            elif "cards" in self._where and self._card:
                self.cards[self._card].append(link[0])
            self._link = None

    def handle_data(self, data: str) -> None:
        self._text += data


def _page(world: World, key: str, url: str) -> tuple[Any, NavParser]:
    client = Client()
    client.force_login(world.user(key))
    response = client.get(url)
    assert response.status_code == 200
    parser = NavParser()
    parser.feed(response.content.decode())
    return response, parser


@pytest.fixture
def world() -> World:
    return build_world()


def test_every_module_is_in_exactly_one_group() -> None:
    modules = [module for group in GROUPS for module in group.modules]
    assert len(modules) == 37
    assert len({module.url_name for module in modules}) == len(modules)
    assert [str(group.label) for group in GROUPS] == ALL_GROUPS


def test_union_staff_see_their_groups_but_not_the_system_group(world: World) -> None:
    _response, page = _page(world, "union_a_staff", reverse("core:home"))

    assert [label for label, _href, _current in page.groups] == [
        "组织",
        "会员",
        "权益维护",
        "民主管理",
        "困难帮扶",
        "普惠服务",
    ]
    assert list(page.cards) == ["组织", "会员", "权益维护", "民主管理", "困难帮扶", "普惠服务"]
    assert page.cards["民主管理"] == BARGAINING  # the settings are the federation's
    assert page.cards["会员"] == ["会员名册", "入会审核", "会员统计", "名册导入"]
    assert page.subnav == []  # the home page belongs to no group
    html = _response.content.decode()
    assert reverse("core:audit_list") not in html
    assert reverse("core:calendar") not in html


def test_federation_staff_see_every_group(world: World) -> None:
    response, page = _page(world, "fed_staff", reverse("core:home"))

    assert [label for label, _href, _current in page.groups] == ALL_GROUPS
    assert page.cards == {
        "组织": ["组织建设", "覆盖统计"],
        "会员": ["会员名册", "入会审核", "会员统计", "名册导入"],
        "权益维护": [
            "咨询登记",
            "调解案件",
            "调解日程",
            "调解统计",
            "法律援助",
            "法律援助统计",
            "法律援助设置",
            "热线工单",
            "热线统计",
            "热线设置",
        ],
        "民主管理": [*BARGAINING, "民主管理设置"],
        "困难帮扶": [*ASSISTANCE, "帮扶设置"],
        "普惠服务": ["普惠活动", "扫码核销", "团购", "普惠服务统计", "供应商"],
        "系统": ["审计日志", "工作日历"],
    }
    # a group leads to its first entry
    groups = {label: href for label, href, _current in page.groups}
    assert groups["系统"] == reverse("core:audit_list")
    assert groups["组织"] == reverse("organizations:tree")
    assert not any(current for _label, _href, current in page.groups)


def test_a_group_shows_only_the_entries_the_user_may_use(world: World) -> None:
    # station staff may read the audit log but not manage the calendar
    _response, page = _page(world, "station_a_staff", reverse("core:home"))
    assert page.cards["系统"] == ["审计日志"]


def test_a_member_sees_no_navigation(world: World) -> None:
    response, page = _page(world, "member", reverse("core:home"))

    assert page.groups == [] and page.subnav == [] and page.cards == {}
    assert response.context["nav_groups"] == []
    assert '<nav class="modules"' not in response.content.decode()
    assert "您的账户尚未分配工作岗位" in response.content.decode()
    assert reverse("portal:home") in response.content.decode()  # the way to the member's pages


def test_the_most_specific_entry_and_its_group_are_active(world: World) -> None:
    response, page = _page(world, "fed_staff", reverse("members:application_list"))

    assert [(label, current) for label, _href, current in page.groups] == [
        ("组织", None),
        ("会员", "true"),
        ("权益维护", None),
        ("民主管理", None),
        ("困难帮扶", None),
        ("普惠服务", None),
        ("系统", None),
    ]
    assert page.subnav == [
        ("会员名册", reverse("members:member_list"), None),
        ("入会审核", reverse("members:application_list"), "page"),
        ("会员统计", reverse("reports:membership"), None),
        ("名册导入", reverse("members:roster_import_list"), None),
    ]
    assert str(response.context["nav_group"]["label"]) == "会员"


@pytest.mark.parametrize(
    ("path", "group", "entry"),
    [
        ("/members/", "会员", "会员名册"),
        ("/members/12/", "会员", "会员名册"),
        ("/reports/membership/", "会员", "会员统计"),
        ("/organizations/", "组织", "组织建设"),
        ("/reports/coverage/", "组织", "覆盖统计"),
        ("/disputes/cases/7/", "权益维护", "调解案件"),
        ("/calendar/", "系统", "工作日历"),
        ("/", None, None),
        ("/portal/", None, None),
    ],
)
def test_the_active_entry_follows_the_path(
    world: World, path: str, group: str | None, entry: str | None
) -> None:
    groups = groups_for(world.user("fed_staff"), path)
    active_groups = [str(g["label"]) for g in groups if g["active"]]
    active_entries = [str(e["label"]) for g in groups for e in g["entries"] if e["active"]]
    assert active_groups == ([group] if group else [])
    assert active_entries == ([entry] if entry else [])


def test_the_sub_navigation_of_the_disputes_pages(world: World) -> None:
    _response, page = _page(world, "union_a_staff", reverse("disputes:case_list"))
    assert [(label, current) for label, _href, current in page.subnav] == [
        ("咨询登记", None),
        ("调解案件", "page"),
        ("调解日程", None),
        ("调解统计", None),
        ("法律援助", None),
        ("法律援助统计", None),
        ("热线工单", None),
        ("热线统计", None),
    ]


def test_the_group_labels_are_translated(world: World) -> None:
    user_set_language(actor=world.user("fed_staff"), language="en")
    _response, page = _page(world, "fed_staff", reverse("members:application_list"))
    assert [label for label, _href, _current in page.groups] == [
        "Organisations",
        "Members",
        "Rights protection",
        "Democratic management",
        "Hardship assistance",
        "Universal benefits",
        "System",
    ]
    assert ("Application review", "page") in [(label, cur) for label, _href, cur in page.subnav]


def test_the_navigation_adds_no_query(world: World, django_assert_num_queries: Any) -> None:
    # a page costs the session, the user and the user's assignments, whatever the number
    # of entries: has_action is cached on the user for the request (the notices page adds
    # its page of notices, none here; the home's workbench is counted in its own test)
    for key in ("fed_staff", "union_a_staff", "member"):
        client = Client()
        client.force_login(world.user(key))
        with django_assert_num_queries(4):
            assert client.get(reverse("core:notices")).status_code == 200
    client = Client()
    client.force_login(world.user("fed_staff"))
    client.get(reverse("members:application_list"))
    # as before the navigation was grouped (6), less the union drop-down's second reading
    # of its options: the union filter is a type-ahead now (core.forms.TypeaheadSelect)
    with django_assert_num_queries(5):
        assert client.get(reverse("members:application_list")).status_code == 200


def test_building_the_navigation_costs_one_query_for_the_assignments(world: World) -> None:
    user = type(world.user("fed_staff")).objects.get(pk=world.user("fed_staff").pk)
    with CaptureQueriesContext(connection) as first:
        groups_for(user, "/members/applications/")
    with CaptureQueriesContext(connection) as again:
        groups_for(user, "/disputes/cases/")
    assert len(first) == 1 and len(again) == 0
