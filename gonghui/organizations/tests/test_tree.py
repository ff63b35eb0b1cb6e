"""The organisation tree page: the federation, its stations and their active unions (joint
unions holding their member unions), with counts added up the tree, scoped to the user's
subtree, drawn whole for a small scope and a station at a time for a large one."""

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.core.testing import CREDIT_CODES, World, build_world, make_user
from gonghui.members.tests.access_staff import enrol
from gonghui.organizations import figures, selectors, services, views
from gonghui.organizations.choices import UnionKind
from gonghui.organizations.models import Organization

pytestmark = pytest.mark.django_db

DAY = date(2022, 5, 1)
TREE = reverse("organizations:tree")
# the tree page's queries whatever the size of the tree: the session, the user and their
# assignments; the tree; the members per union; the union list's count, page and member
# unions
TREE_PAGE_QUERIES = 8


def _found(
    world: World, name: str, parent: Organization | None = None, **fields: Any
) -> Organization:
    fields.setdefault("union_kind", UnionKind.STANDALONE)
    fields.setdefault("founded_on", DAY)
    return services.union_found(
        actor=world.system, parent=parent or world.station_a, name=name, **fields
    )


def _client(world: World, user: str) -> Client:
    client = Client()
    client.force_login(world.user(user))
    return client


def _names(nodes: list[selectors.TreeNode]) -> list[str]:
    return [node.org.name for node in nodes]


def _node(nodes: list[selectors.TreeNode], name: str) -> selectors.TreeNode:
    for node in nodes:
        if node.org.name == name:
            return node
        found = _find(node.children, name)
        if found is not None:
            return found
    raise AssertionError(f"{name} is not in the tree")


def _find(nodes: list[selectors.TreeNode], name: str) -> selectors.TreeNode | None:
    try:
        return _node(nodes, name)
    except AssertionError:
        return None


def _joint_world() -> tuple[World, Organization]:
    """Station A holds union A (120 workers) and a joint union with two member unions
    (30 and 10 workers, and 5 attached directly to the joint union); station B union B."""
    world = build_world()
    joint = _found(world, "园区联合会", union_kind=UnionKind.JOINT, direct_workers=5)
    first = _found(world, "北方小微工会", parent=joint)
    second = _found(world, "阿里小店工会", parent=joint)
    for union, headcount, code in ((first, 30, 2), (second, 10, 3)):
        services.legal_entity_attach(
            actor=world.system,
            union=union,
            name=f"{union.name}单位",
            credit_code=CREDIT_CODES[code],
            headcount=headcount,
            industry="F",
            covered_since=DAY,
        )
    return world, joint


# --- the tree and its counts ----------------------------------------------------------------


def test_the_tree_holds_stations_joint_unions_and_their_member_unions() -> None:
    world, _joint = _joint_world()

    (root,) = selectors.union_tree(actor=world.user("fed_staff"))

    assert root.org == world.federation
    assert _names(root.children) == ["第一服务站", "第二服务站"]  # an ordinal is counted
    station_a = _node([root], "第一服务站")
    # the joint union first, then the others by pinyin; its members by pinyin
    assert _names(station_a.children) == ["园区联合会", "甲公司工会"]
    assert _names(station_a.children[0].children) == ["阿里小店工会", "北方小微工会"]


def test_the_counts_add_up_the_subtree() -> None:
    world, _joint = _joint_world()

    (root,) = selectors.union_tree(actor=world.user("fed_staff"))

    joint = _node([root], "园区联合会")
    station_a = _node([root], "第一服务站")
    assert (joint.unions, joint.workers) == (2, 5 + 30 + 10)
    assert (station_a.unions, station_a.workers) == (4, 120 + 45)
    assert (root.unions, root.workers) == (5, 120 + 45 + 40)


def test_the_members_figure_is_added_up_the_tree() -> None:
    world, _joint = _joint_world()
    enrol(world, name="会员甲")
    enrol(world, name="会员乙")
    enrol(world, employer=world.entity_b, name="会员丙")
    actor = world.user("fed_staff")
    shown = figures.for_tree(actor)

    (root,) = selectors.union_tree(actor=actor, figures=shown)

    members = [figure.key for figure in shown].index("members")
    assert _node([root], "甲公司工会").counts[members] == 2
    assert _node([root], "第一服务站").counts[members] == 2
    assert _node([root], "第二服务站").counts[members] == 1
    assert root.counts[members] == 3


def test_the_counts_match_the_coverage_statistics() -> None:
    world, _joint = _joint_world()
    actor = world.user("fed_staff")

    (root,) = selectors.union_tree(actor=actor)

    coverage = selectors.coverage(actor=actor)
    assert (root.unions, root.workers) == (coverage.unions, coverage.workers)
    station = selectors.coverage(actor=actor, root=world.station_a)
    assert _node([root], "第一服务站").workers == station.workers


def test_a_merged_or_dissolved_union_is_not_in_the_tree() -> None:
    world = build_world()
    gone = _found(world, "丁公司工会")
    services.union_dissolve(actor=world.system, union=gone, on=DAY, reason="企业注销")

    (root,) = selectors.union_tree(actor=world.user("fed_staff"))

    assert _find([root], "丁公司工会") is None
    assert root.unions == 2


@pytest.mark.parametrize(
    ("user", "roots", "hidden"),
    [
        ("station_a_staff", ["第一服务站"], "乙公司工会"),
        ("union_a_staff", ["甲公司工会"], "第一服务站"),
        ("union_b_staff", ["乙公司工会"], "甲公司工会"),
    ],
)
def test_the_tree_is_the_users_subtree(user: str, roots: list[str], hidden: str) -> None:
    world, _joint = _joint_world()

    tree = selectors.union_tree(actor=world.user(user))
    page = _client(world, user).get(TREE)

    assert _names(tree) == roots
    assert _find(tree, hidden) is None
    assert page.status_code == 200
    assert [node.org.name for node in page.context["tree"].roots] == roots


def test_a_joint_unions_staff_see_its_member_unions() -> None:
    world, joint = _joint_world()
    client = Client()
    client.force_login(make_user("joint_staff", Role.UNION_STAFF, joint))

    (root,) = client.get(TREE).context["tree"].roots

    assert root.org == joint
    assert _names(root.children) == ["阿里小店工会", "北方小微工会"]


# --- drawing: whole, or a station at a time -------------------------------------------------


def test_a_small_tree_is_drawn_whole_without_javascript() -> None:
    world, _joint = _joint_world()

    page = _client(world, "fed_staff").get(TREE).content.decode()

    assert "北方小微工会" in page and "data-tree-src" not in page
    assert 'src="/static/js/orgtree.js"' in page


def test_a_large_tree_draws_its_stations_and_fetches_their_unions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    world, _joint = _joint_world()
    monkeypatch.setattr(views, "TREE_DRAWN_WHOLE_UP_TO", 2)
    client = _client(world, "fed_staff")
    station_a = world.station_a.pk

    page = client.get(TREE).content.decode()
    children = client.get(reverse("organizations:tree_node", args=[station_a])).content.decode()
    opened = client.get(TREE, {"open": station_a}).content.decode()

    tree_part = page.split('id="unions"')[0]
    assert "第一服务站" in tree_part and "北方小微工会" not in tree_part
    assert f'data-tree-src="/organizations/tree/{station_a}/"' in tree_part
    assert f'href="?open={station_a}#node-{station_a}"' in tree_part  # without JavaScript
    assert children.startswith("<ul>") and "北方小微工会" in children and "<html" not in children
    opened_tree = opened.split('id="unions"')[0]
    assert "北方小微工会" in opened_tree
    assert f'data-tree-src="/organizations/tree/{world.station_b.pk}/"' in opened_tree


def test_the_fragment_of_a_node_outside_the_scope_is_not_found() -> None:
    world = build_world()

    response = _client(world, "station_a_staff").get(
        reverse("organizations:tree_node", args=[world.station_b.pk])
    )

    assert response.status_code == 404


# --- queries ------------------------------------------------------------------------------


def test_the_tree_page_costs_the_same_queries_whatever_the_size_of_the_tree() -> None:
    world, joint = _joint_world()
    enrol(world, name="会员甲")
    client = _client(world, "fed_staff")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(TREE).status_code == 200
        return len(captured)

    few = queries()
    for number in range(12):
        parent = joint if number % 3 == 0 else (world.station_b if number % 2 else None)
        _found(world, f"新建{number}号工会", parent=parent)
    enrol(world, employer=world.entity_b, name="会员乙")
    many = queries()
    fragment = reverse("organizations:tree_node", args=[world.station_a.pk])
    with CaptureQueriesContext(connection) as fragment_queries:
        assert client.get(fragment).status_code == 200

    assert few == many == TREE_PAGE_QUERIES
    assert len(fragment_queries) <= TREE_PAGE_QUERIES
