"""Chinese names sort by pinyin (``core.collation.pinyin_key``, kept in
``Organization.name_sort`` by the services): in the union list, the tree, the API and the
pickers, in the database."""

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.core.collation import chinese_number, pinyin_key
from gonghui.core.lookups import lookup
from gonghui.core.testing import World, build_world
from gonghui.organizations import selectors, services
from gonghui.organizations.choices import UnionKind
from gonghui.organizations.models import Organization

DAY = date(2022, 5, 1)
NAMES = ["张家工会", "北京工会", "重庆路工会", "阿里工会"]
IN_PINYIN_ORDER = ["阿里工会", "北京工会", "重庆路工会", "张家工会"]


# --- the key --------------------------------------------------------------------------------


def test_a_b_ch_zh_in_pinyin_order() -> None:
    assert sorted(["张", "北", "重庆", "阿"], key=pinyin_key) == ["阿", "北", "重庆", "张"]


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("重庆", "chong2qing4"),  # a polyphone read as in the phrase, not zhong4
        ("重要", "zhong4yao4"),
        ("银行", "yin2hang2"),
        ("吕", "lv3"),
    ],
)
def test_polyphones_are_read_as_in_the_phrase(name: str, key: str) -> None:
    assert pinyin_key(name) == key


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        ("西安", "先"),  # the first character whole before the next: xi < xian
        ("八", "班"),
        ("妈", "马"),  # then the tone
        ("张", "张三"),
        ("第2工会", "第10工会"),  # numbers as numbers
        ("AB公司", "ABC公司"),
        ("ＡＢＣ公司", "北京"),  # full-width letters folded
    ],
)
def test_names_compare_as_a_reader_expects(earlier: str, later: str) -> None:
    assert pinyin_key(earlier) < pinyin_key(later)


def test_the_key_holds_only_letters_and_digits() -> None:
    key = pinyin_key("（北京）重庆·张家口 工会 No.1")

    assert key and key.isascii() and key.isalnum() and key == key.lower()
    assert pinyin_key("") == ""


# --- kept by the services, used by the database -----------------------------------------


def _found(world: World, name: str, **fields: Any) -> Organization:
    fields.setdefault("union_kind", UnionKind.STANDALONE)
    return services.union_found(
        actor=world.system,
        parent=fields.pop("parent", world.station_a),
        name=name,
        founded_on=DAY,
        **fields,
    )


def _with_names() -> World:
    world = build_world()
    for name in NAMES:
        _found(world, name)
    return world


@pytest.mark.django_db
def test_the_services_keep_the_sort_key_with_the_name() -> None:
    world = build_world()
    union = _found(world, "重庆路工会")

    renamed = services.union_update(actor=world.system, union=union, name="张家工会")

    assert union.name_sort == pinyin_key("重庆路工会")
    assert Organization.objects.get(pk=renamed.pk).name_sort == pinyin_key("张家工会")
    assert world.station_a.name_sort == pinyin_key("第一服务站")
    assert world.federation.name_sort == pinyin_key("测试区总工会")


@pytest.mark.django_db
def test_the_sort_key_cannot_be_given_apart_from_the_name() -> None:
    world = build_world()

    union = services.union_update(
        actor=world.system, union=world.union_a, chair_name="王五", name_sort="aaa"
    )

    assert Organization.objects.get(pk=union.pk).name_sort == pinyin_key("甲公司工会")


@pytest.mark.django_db
def test_the_union_list_sorts_names_by_pinyin_both_ways() -> None:
    world = _with_names()
    client = Client()
    client.force_login(world.user("fed_staff"))

    def listed(**query: str) -> list[str]:
        response = client.get(reverse("organizations:tree"), {"union_kind": "", **query})
        return [u.name for u in response.context["object_list"] if u.name in NAMES]

    assert listed() == IN_PINYIN_ORDER
    assert listed(sort="name") == IN_PINYIN_ORDER
    assert listed(sort="-name") == IN_PINYIN_ORDER[::-1]


@pytest.mark.django_db
def test_the_api_orders_names_by_pinyin() -> None:
    world = _with_names()
    client = Client()
    client.force_login(world.user("fed_staff"))
    url = reverse("api:organizations:union-list")

    default = [row["name"] for row in client.get(url).json()["results"]]
    by_name = [row["name"] for row in client.get(url, {"ordering": "-name"}).json()["results"]]

    assert [name for name in default if name in NAMES] == IN_PINYIN_ORDER
    assert [name for name in by_name if name in NAMES] == IN_PINYIN_ORDER[::-1]


@pytest.mark.django_db
def test_the_tree_sorts_unions_by_pinyin() -> None:
    world = _with_names()

    (station,) = selectors.union_tree(actor=world.user("station_a_staff"))

    names = [node.org.name for node in station.children]
    assert [name for name in names if name in NAMES] == IN_PINYIN_ORDER


@pytest.mark.django_db
def test_the_union_picker_offers_unions_by_station_then_pinyin() -> None:
    world = _with_names()
    _found(world, "阿姨工会", parent=world.station_b)

    offered = lookup(actor=world.user("fed_staff"), kind="union", text="")

    labels = [row["label"] for row in offered]
    # 第一服务站 before 第二服务站 (an ordinal is counted); each station's unions by pinyin
    assert labels[-2:] == ["第二服务站 › 阿姨工会", "第二服务站 › 乙公司工会"]
    assert [label.split(" › ")[1] for label in labels[:-2]] == [
        "阿里工会",
        "北京工会",
        "重庆路工会",
        "甲公司工会",
        "张家工会",
    ]


@pytest.mark.django_db
def test_the_node_picker_lists_each_station_before_its_unions() -> None:
    world = build_world()

    offered = lookup(actor=world.user("fed_staff"), kind="node", text="")

    assert [row["label"] for row in offered] == [
        "测试区总工会",
        "第一服务站",
        "第一服务站 › 甲公司工会",
        "第二服务站",
        "第二服务站 › 乙公司工会",
    ]


def test_an_ordinal_in_chinese_numerals_is_counted() -> None:
    names = ["第十服务站", "第二服务站", "第一百零五组", "第一服务站", "第十二服务站"]

    assert sorted(names, key=pinyin_key) == [
        "第一服务站",
        "第二服务站",
        "第十服务站",
        "第十二服务站",
        "第一百零五组",
    ]
    assert [chinese_number(n) for n in ("一", "十", "十二", "二十", "一百零五", "两百")] == [
        1,
        10,
        12,
        20,
        105,
        200,
    ]
