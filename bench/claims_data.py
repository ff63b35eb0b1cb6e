"""The world of the claim benchmarks (``bench_claims``, ``bench_claims_http``): a
federation with 50 unions and 50,000 active members with sign-in accounts, loaded with
COPY, and a published campaign of the federation whose one item has 10,000 units; and
the invariants every run is checked against."""

import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Count, Sum
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.assistance.choices import EntryKind, FundKind
from gonghui.assistance.models import Fund
from gonghui.assistance.services.ledger import entry_post
from gonghui.benefits.choices import ItemKind
from gonghui.benefits.models import Campaign, CampaignItem, StockShard, Voucher
from gonghui.benefits.services import campaigns
from gonghui.core import pii
from gonghui.core.workflow import take
from gonghui.members.services.memberships import member_numbers
from gonghui.organizations.choices import NodeKind, UnionKind
from gonghui.organizations.models import Organization, path_segment

# the scale; smaller through the environment while tuning
MEMBERS = int(os.environ.get("BENCH_MEMBERS", "50000"))
STOCK = int(os.environ.get("BENCH_STOCK", "10000"))
UNIONS = 50
BATCH = 10_000


@dataclass
class World:
    system: User
    federation: Organization
    fund: Fund
    users: list[User]  # unsaved stand-ins with the ids of the members' accounts
    campaign: Campaign
    item_id: int


def may_restart() -> bool:
    """Whether the benchmark may restart the cluster: on this machine, and told so."""
    return _local() and os.environ.get("BENCH_MAY_RESTART") == "1"


def _local() -> bool:
    return str(connection.settings_dict.get("HOST") or "") in ("", "127.0.0.1", "localhost")


def ensure_connections(needed: int) -> None:
    """Raise ``max_connections`` of the local cluster when it is below ``needed`` (a
    restart: the benchmark's own connection is opened again). Only for a cluster on this
    machine and with ``BENCH_MAY_RESTART=1``; otherwise the benchmark stops and says what
    the operator must set."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_connections")
        current = int(cursor.fetchone()[0])
        if current >= needed:
            return
        if not may_restart():
            raise SystemExit(
                f"max_connections is {current}; the benchmark needs {needed}: raise it, or "
                "run with BENCH_MAY_RESTART=1 to let it raise it and restart the local cluster"
            )
        cursor.execute(f"ALTER SYSTEM SET max_connections = {max(needed, 300)}")
    connection.close()
    restart_postgres()
    print(f"max_connections raised from {current} to {max(needed, 300)} (cluster restarted)")


def restart_postgres(*, reconnect: bool = True) -> None:
    version = sorted(os.listdir("/etc/postgresql"))[0]
    command = shutil.which("pg_ctlcluster") or "/usr/bin/pg_ctlcluster"
    subprocess.run(  # noqa: S603 - a fixed command, the cluster's version from /etc
        [command, "--skip-systemctl-redirect", version, "main", "restart"], check=True
    )
    if not reconnect:
        return
    for _ in range(100):
        try:
            connection.ensure_connection()
            return
        except Exception:  # noqa: BLE001 - not up yet
            connection.close()
            time.sleep(0.2)
    raise SystemExit("PostgreSQL did not come back within 20 seconds of its restart")


def _node(kind: str, name: str, parent: Organization | None, **extra: Any) -> Organization:
    code = f"BC-{name}"
    node = Organization.objects.create(
        kind=kind, name=name, code=code, parent=parent, path=code, **extra
    )
    node.path = (parent.path if parent else "") + path_segment(node.pk)
    node.depth = parent.depth + 1 if parent else 1
    node.save(update_fields=["path", "depth"])
    return node


def _copy(table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    for start in range(0, len(rows), BATCH):
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in rows[start : start + BATCH]:
                copy.write_row(row)
    with connection.cursor() as cursor:
        sequence = f"pg_get_serial_sequence('{table}', 'id')"
        cursor.execute(f"SELECT setval({sequence}, (SELECT max(id) FROM {table}))")  # noqa: S608


def _next_id(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(max(id), 0) + 1 FROM {table}")  # noqa: S608
        return int(cursor.fetchone()[0])


def _members(unions: list[Organization]) -> list[User]:
    """50,000 people, each with an active membership and a sign-in account (no password:
    the in-process benchmark acts for them; the HTTP one gives them tokens)."""
    now = timezone.now()
    user_id = _next_id("accounts_user")
    person_id = _next_id("members_person")
    membership_id = _next_id("members_membership")
    users, people, memberships = [], [], []
    numbers = member_numbers(MEMBERS)
    for n in range(MEMBERS):
        users.append(
            (user_id + n, "!", False, f"bench{n:06d}", "", "", "", False, True, now, "", "", "",
             "zh-hans")
        )  # fmt: skip
        # an ID number is not validated here; a distinct blind index is all a row needs
        fake_id = f"11010119900101{n:04d}"[-18:]
        people.append(
            (person_id + n, now, now, f"会员{n}", pii.encrypt(fake_id), pii.blind_index(fake_id),
             date(1990, 1, 1), "M", "", "employee", "", "", user_id + n)
        )  # fmt: skip
        memberships.append(
            (membership_id + n, now, now, person_id + n, unions[n % len(unions)].pk, numbers[n],
             "active", "import", date(2020, 1, 1), "", "employee", "")
        )  # fmt: skip
    _copy(
        "accounts_user",
        ("id", "password", "is_superuser", "username", "first_name", "last_name", "email",
         "is_staff", "is_active", "date_joined", "display_name", "phone", "id_number",
         "language"),
        users,
    )  # fmt: skip
    _copy(
        "members_person",
        ("id", "created_at", "updated_at", "name", "id_number", "id_number_index",
         "birth_date", "sex", "phone", "employment_kind", "platform", "employer_name",
         "user_id"),
        people,
    )  # fmt: skip
    _copy(
        "members_membership",
        ("id", "created_at", "updated_at", "person_id", "union_id", "number", "status",
         "source", "started_on", "end_reason", "employment_kind", "platform"),
        memberships,
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE accounts_user, members_person, members_membership")
    return [User(pk=user_id + n, username=f"bench{n:06d}") for n in range(MEMBERS)]


def new_campaign(world_system: User, federation: Organization, fund: Fund) -> Campaign:
    """A published campaign open for an hour, its one item with ``STOCK`` units."""
    now = timezone.now()
    campaign = campaigns.campaign_create(
        actor=world_system,
        organization=federation,
        title="秒杀：电影券",
        opens_at=now - timedelta(minutes=1),
        closes_at=now + timedelta(hours=1),
        ends_at=now + timedelta(days=30),
        fund=fund,
    )
    campaigns.item_add(
        actor=world_system,
        campaign=campaign,
        name="电影券",
        kind=ItemKind.MOVIE,
        stock=STOCK,
        unit_value="30",
    )
    take(world_system, campaign, "publish")
    return Campaign.objects.select_related("organization").get(pk=campaign.pk)


def build() -> World:
    system = User.objects.create_superuser("bench-system", password=None)
    federation = _node(NodeKind.FEDERATION, "F", None)
    unions = [
        _node(
            NodeKind.UNION,
            f"U{i}",
            federation,
            union_kind=UnionKind.STANDALONE,
            founded_on=date(2010, 1, 1),
        )
        for i in range(UNIONS)
    ]
    fund = Fund.objects.create(
        code="bench-budget",
        name="普惠经费",
        kind=FundKind.BUDGET,
        organization=federation,
        started_on=date(2020, 1, 1),
    )
    entry_post(
        actor=system,
        fund=fund,
        kind=EntryKind.ALLOCATION,
        amount=Decimal("10000000"),
        booked_on=timezone.localdate(),
        memo="普惠经费",
    )
    users = _members(unions)
    campaign = new_campaign(system, federation, fund)
    item = CampaignItem.objects.get(campaign=campaign)
    return World(system, federation, fund, users, campaign, item.pk)


def print_invariants(world: World, told: list[tuple[int, Any]], campaign: Any = None) -> bool:
    """Check and print: stock = remaining + vouchers; nobody over the limit; every
    success told has its voucher (one per member and key). True when all hold."""
    campaign = campaign or world.campaign
    item = CampaignItem.objects.get(campaign=campaign)
    left = StockShard.objects.filter(item=item).aggregate(n=Sum("remaining"))["n"]
    issued = Voucher.objects.filter(item=item).count()
    stock_holds = left + issued == item.stock and issued <= item.stock
    over = (
        Voucher.objects.filter(campaign=campaign)
        .values("person")
        .annotate(n=Count("pk"))
        .filter(n__gt=campaign.per_member_limit)
        .count()
    )
    stored = set(Voucher.objects.filter(campaign=campaign).values_list("pk", flat=True))
    told_ids = {pk for _member, pk in told}
    lost = len(told_ids - stored)
    print(
        f"  invariants: stock {item.stock} = remaining {left} + vouchers {issued}: "
        f"{'yes' if stock_holds else 'NO'}; members over the limit: {over}; "
        f"successes told {len(told_ids)}, without a voucher: {lost}"
    )
    return stock_holds and over == 0 and lost == 0
