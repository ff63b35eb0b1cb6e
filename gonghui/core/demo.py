"""Demo data for ``manage.py seed_demo``: the registry of contributing apps and the driver.

Each app with demo data has a module ``<app>/demo.py`` with ``build(ctx: DemoContext)``.
A builder writes only through its app's services, with ``ctx.actor`` (the system
superuser) as the actor, and draws every random choice from ``ctx.rng`` (never the global
``random``; no dict or set ordering), so that one seed gives one data set. It may read what
earlier builders left in ``ctx.shared`` and should leave there what later ones need; it
may list the usernames it creates in a module-level ``USERNAMES`` so that the command can
print them.

The builders run in the order of ``DEMO_MODULES``; adding an app's demo is one line there.
Each module gets its own generator seeded from the seed and the module's name, so adding a
module does not change what the others produce.
"""

import contextvars
import importlib
import random
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from gonghui.core.middleware import set_request_id

DEMO_MODULES: tuple[str, ...] = (
    "gonghui.organizations.demo",  # the tree: everything else hangs on it
    "gonghui.accounts.demo",  # staff and members, assigned to nodes of the tree
    "gonghui.members.demo",  # workers, memberships, join applications, the member's own
    "gonghui.disputes.demo",  # committees, consultations, mediation cases (2021 report)
    "gonghui.assistance.demo",  # aid, files, funds, campaigns (2020 and 2021 reports)
    "gonghui.legalaid.demo",  # lawyers, legal-aid cases (2020 and 2021 reports)
    "gonghui.hotline.demo",  # hotline tickets (2021 report)
    "gonghui.bargaining.demo",  # congresses and collective contracts (2020 report)
    "gonghui.benefits.demo",  # claim campaigns, suppliers, group purchasing
)

SMALL = "small"
FULL = "full"
SCALES = (SMALL, FULL)
SYSTEM_USERNAME = "admin"
DEMO_PASSWORD = "Gonghui-Demo-2026"  # noqa: S105 - published demo credential
# The demo world ends on this day (or today, if earlier), so a seed gives the same data
# whatever day it is run.
DEMO_TODAY = date(2026, 11, 21)

Log = Callable[[str], None]


class DemoError(Exception):
    """The demo data cannot be written into this database."""


@dataclass
class DemoContext:
    actor: Any
    scale: str
    seed: int
    today: date
    rng: random.Random
    password: str = DEMO_PASSWORD
    shared: dict[str, Any] = field(default_factory=dict)
    summary: list[str] = field(default_factory=list)
    log: Log = print

    @property
    def full(self) -> bool:
        return self.scale == FULL


def _modules() -> list[Any]:
    return [importlib.import_module(name) for name in DEMO_MODULES]


def is_populated() -> bool:
    """Whether the database already holds an organisation tree: asked of the first builder
    (the tree's), so that core names no domain app."""
    return bool(importlib.import_module(DEMO_MODULES[0]).is_populated())


def _system_user(password: str) -> Any:
    from gonghui.accounts.models import User

    existing = User.objects.filter(username=SYSTEM_USERNAME).first()
    if existing is None:
        return User.objects.create_superuser(SYSTEM_USERNAME, password=password)
    if not existing.is_superuser:
        raise DemoError(f"user {SYSTEM_USERNAME!r} exists and is not a superuser")
    return existing


def module_rng(seed: int, module: str) -> random.Random:
    return random.Random(f"{seed}:{module}")  # noqa: S311 - demo data, not secrets


def seed(*, scale: str, seed: int, log: Log = print) -> DemoContext:
    """Write the demo data set of ``scale`` for ``seed``; everything or nothing. The audit
    entries of the run share one request id."""
    if scale not in SCALES:
        raise DemoError(f"unknown scale {scale!r}")
    # a copied context, so that the request id does not outlive the run
    return contextvars.copy_context().run(_seed, scale, seed, log)


@transaction.atomic
def _seed(scale: str, seed: int, log: Log) -> DemoContext:
    set_request_id(f"seed-demo-{seed}")
    ctx = DemoContext(
        actor=_system_user(DEMO_PASSWORD),
        scale=scale,
        seed=seed,
        today=min(DEMO_TODAY, timezone.localdate()),
        rng=module_rng(seed, ""),
        log=log,
    )
    for name, module in zip(DEMO_MODULES, _modules(), strict=True):
        ctx.rng = module_rng(seed, name)
        module.build(ctx)
    return ctx


def demo_usernames() -> list[str]:
    names = [SYSTEM_USERNAME]
    for module in _modules():
        names.extend(getattr(module, "USERNAMES", ()))
    return names


def user_rows(usernames: Sequence[str]) -> list[tuple[str, str, str, str]]:
    """(username, name, role, scope) of the existing users among ``usernames``, in order."""
    from gonghui.accounts.models import User

    users = User.objects.filter(username__in=usernames).prefetch_related(
        "assignments__organization"
    )
    by_name = {user.username: user for user in users}
    rows: list[tuple[str, str, str, str]] = []
    for username in usernames:
        user = by_name.get(username)
        if user is None:
            continue
        if user.is_superuser:
            rows.append((username, str(user), "superuser", "*"))
        for grant in sorted(user.assignments.all(), key=lambda a: (a.role, a.organization.path)):
            role = str(grant.get_role_display())
            if grant.can_view_personal_data:
                role += " +PII"
            rows.append((username, str(user), role, grant.organization.name))
    return rows


# --- shared generators for the demo modules -------------------------------------------

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董肖程曹袁邓许傅沈曾彭吕"
    "苏卢蒋蔡贾丁魏薛叶闫余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史"
)
GIVEN_NAME_CHARS = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚英华玉萍红建文辉力斌宇浩凯鹏俊帆欣悦晨"
    "晓雪琳婷佳怡子梓涵博轩然思雨嘉志国海峰东林春燕兰丹亮成永德新宏振世立金龙云雅倩颖"
    "鑫蕾瑶鸿毅翔昊天泽一宁安慧璐"
)
_SURNAME_WEIGHTS = [1 / (rank + 6) for rank in range(len(SURNAMES))]
MOBILE_PREFIXES = (
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152",
    "153", "155", "156", "157", "158", "159", "166", "176", "177", "180", "181", "182",
    "183", "185", "186", "187", "188", "189", "198", "199",
)  # fmt: skip


def person_name(rng: random.Random) -> str:
    """A plausible Chinese name: a common surname and one or two given-name characters."""
    surname = rng.choices(SURNAMES, weights=_SURNAME_WEIGHTS)[0]
    length = 1 if rng.random() < 0.35 else 2
    return surname + "".join(rng.choice(GIVEN_NAME_CHARS) for _ in range(length))


def mobile(rng: random.Random) -> str:
    """A valid mainland mobile number (11 digits)."""
    return f"{rng.choice(MOBILE_PREFIXES)}{rng.randrange(10**8):08d}"


def random_date(rng: random.Random, start: date, end: date) -> date:
    """A day in [start, end], uniformly."""
    return start + timedelta(days=rng.randint(0, max((end - start).days, 0)))


# --- output --------------------------------------------------------------------------


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def format_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A plain-text table that lines up in a terminal, Chinese characters included."""
    widths = [
        max([_width(headers[i]), *(_width(row[i]) for row in rows)]) for i in range(len(headers))
    ]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=True))

    rule = "  ".join("-" * w for w in widths)
    return "\n".join(text.rstrip() for text in [line(headers), rule, *map(line, rows)])


def member_phone() -> str:
    """The demo member's phone as shown (for the portal's sign-in by code), or ""."""
    from django.contrib.auth import get_user_model

    from gonghui.core import pii

    member = get_user_model().objects.filter(username="member").first()
    return pii.display_phone(getattr(member, "phone", "")) if member else ""
