"""Demo members: workers of the demo unions, their memberships (some moved to another union,
some ended), join applications in every status, the area routes of platform workers, and
the demo ``member`` account's own membership.

The members are planned in memory first (every choice drawn from ``ctx.rng``), then written
through the members services in date order, so that member numbers follow joining dates
and every membership change is audited like a real one.

- small scale: the featured unions and a few others, a few hundred people;
- full scale: every active union, about one member for every seventy workers it covers
  (capped), and the new-employment-form workers of the joint unions. That keeps the seed
  within about a minute on SQLite: each membership goes through ``membership_start`` (a
  few milliseconds), so the demo does not enrol the district's 300,000 workers.

New-employment-form workers joined the joint unions founded for them in 2021 at on-the-spot
communication meetings (职工沟通会). At full scale the 2021 joins of platform workers sum to
the 2021 report's figure (``PLATFORM_JOINS_2021``; /work/shared/domain.md): only this
module knows it, the statistics count whatever the records say.
"""

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Prefetch
from stdnum.cn import ric

from gonghui.core import pii
from gonghui.core.demo import DemoContext, mobile, person_name, random_date
from gonghui.members import statistics
from gonghui.members.choices import (
    ApplicationStatus,
    Channel,
    EmploymentKind,
    MembershipSource,
    MembershipStatus,
    Platform,
)
from gonghui.members.models import JoinApplication, Membership, Person, PlatformRoute
from gonghui.members.services.applications import (
    application_approve,
    application_reject,
    application_request_info,
    application_submit,
    platform_route_set,
)
from gonghui.members.services.memberships import member_numbers, membership_end, membership_start
from gonghui.members.services.people import clean_person_fields, person_get_or_create
from gonghui.organizations.choices import NodeKind, UnionKind, UnionStatus
from gonghui.organizations.models import LegalEntity, Organization

D = date
# The 2021 drive: nine communication meetings; the workers joined at them (domain.md).
MEETINGS_2021 = (
    D(2021, 3, 26), D(2021, 4, 23), D(2021, 6, 11), D(2021, 7, 9), D(2021, 7, 30),
    D(2021, 8, 27), D(2021, 9, 17), D(2021, 10, 22), D(2021, 11, 19),
)  # fmt: skip
PLATFORM_JOINS_2021 = 5_614
DRIVE_YEAR = 2021

# which platform a joint union's direct members work on, by a word of its name
PLATFORM_WORDS = (
    ("快递", Platform.COURIER),
    ("配送", Platform.RIDER),
    ("货车", Platform.TRUCKER),
    ("网约车", Platform.DRIVER),
)
OTHER_PLATFORMS = (Platform.RIDER, Platform.COURIER, Platform.DRIVER, Platform.HOUSEKEEPER)
OTHER_PLATFORM_WEIGHTS = (4, 4, 2, 1)

# home regions in ID numbers: Beijing districts first, then the provinces most workers come
# from (a code is used only when it was in force in the birth year; see ``_id_number``)
REGIONS = (
    "110101", "110102", "110105", "110106", "110107", "110108", "110109", "110111",
    "110112", "110113", "110114", "120101", "120104", "130102", "130104", "130602",
    "130902", "131002", "131102", "140105", "150102", "210102", "220102", "230102",
    "320102", "340102", "370102", "370302", "370702", "410102", "410302", "410702",
    "411102", "411302", "411702", "420102", "420111", "430102", "510104", "610102",
)  # fmt: skip
REGION_WEIGHTS = (6,) * 11 + (2,) * 2 + (3,) * 27
FALLBACK_REGION = "110105"  # valid for every birth year

ENDINGS = (MembershipStatus.LAPSED, MembershipStatus.WITHDRAWN, MembershipStatus.DECEASED)
ENDING_WEIGHTS = (12, 6, 1)
REJECT_REASONS = (
    "所填工作单位已单独建会，请选择本单位工会提交申请",
    "身份证号与姓名不一致，请核对后重新申请",
    "申请人已在其他工会办理入会，请办理转会",
)
INFO_REASONS = (
    "请补充劳动合同或在职证明的照片",
    "请补充您所在的配送站点名称",
    "请核对并补充工作单位的全称",
)


@dataclass(frozen=True)
class Scale:
    others: int | None  # unions besides the featured ones (None: every active union)
    per_worker: float  # members per worker an employer union covers
    least: int  # members of a union at least
    most: int  # and at most
    direct_share: float  # of a joint union's directly attached workers who are members
    transfers: float  # share of members who later move to another union
    endings: float  # share of memberships that end
    applications: int  # join applications in each status
    platform_2021: int | None  # the 2021 platform joins (None: follow the direct workers)


SMALL = Scale(
    others=8,
    per_worker=0.06,
    least=12,
    most=70,
    direct_share=0.1,
    transfers=0.06,
    endings=0.07,
    applications=3,
    platform_2021=None,
)
FULL = Scale(
    others=None,
    per_worker=0.015,
    least=1,
    most=250,
    direct_share=1.0,
    transfers=0.04,
    endings=0.06,
    applications=6,
    platform_2021=PLATFORM_JOINS_2021,
)


@dataclass(eq=False)
class PersonPlan:
    name: str
    id_number: str
    phone: str
    kind: str
    platform: str
    employer: LegalEntity | None  # the current employer: the last union's entity
    # (union, start day, source) in order; the later ones are transfers
    stints: list[tuple[Organization, date, str]] = field(default_factory=list)
    ending: tuple[str, date] | None = None


@dataclass
class MembersDemo:
    """What later demo modules may use."""

    meetings: tuple[date, ...] = MEETINGS_2021
    member_person: Person | None = None
    people: int = 0


# --- planning --------------------------------------------------------------------------


class Planner:
    def __init__(self, ctx: DemoContext, scale: Scale) -> None:
        self.rng: random.Random = ctx.rng
        self.today = ctx.today
        self.scale = scale
        self.used: set[str] = set()
        self.people: list[PersonPlan] = []

    # -- a person --

    def id_number(self, born: date, male: bool) -> str:
        """A valid ID number not used yet: a home region in force in the birth year."""
        while True:
            region = self.rng.choices(REGIONS, weights=REGION_WEIGHTS)[0]
            serial = self.rng.randrange(500) * 2 + (1 if male else 0)
            body = f"{region}{born:%Y%m%d}{serial:03d}"
            number = body + ric.calc_check_digit(body + "0")
            if not ric.is_valid(number):
                body = f"{FALLBACK_REGION}{body[6:]}"
                number = body + ric.calc_check_digit(body + "0")
            if number not in self.used:
                self.used.add(number)
                return number

    def person(
        self,
        start: date,
        *,
        kind: str = EmploymentKind.EMPLOYEE,
        platform: str = "",
        employer: LegalEntity | None = None,
        ages: tuple[int, int] = (18, 52),
        male: float = 0.55,
    ) -> PersonPlan:
        age = self.rng.randint(*ages)
        born = start - timedelta(days=age * 365 + self.rng.randint(0, 364))
        born = max(born, D(1956, 1, 1))
        plan = PersonPlan(
            name=person_name(self.rng),
            id_number=self.id_number(born, self.rng.random() < male),
            phone=mobile(self.rng),
            kind=kind,
            platform=platform,
            employer=employer,
        )
        self.people.append(plan)
        return plan

    # -- employees of a union --

    def members_of(self, union: Organization) -> int:
        workers = union.headcount - union.direct_workers
        count = round(workers * self.scale.per_worker)
        return max(self.scale.least, min(self.scale.most, count))

    def entity_start(self, union: Organization, entity: LegalEntity) -> date:
        """When a worker of ``entity`` joined ``union``: many at the start, then steadily."""
        first = max(union.founded_on or entity.covered_since, entity.covered_since)
        if self.rng.random() < 0.35:
            return min(self.today, first + timedelta(days=self.rng.randint(0, 90)))
        return random_date(self.rng, first, self.today)

    def pick_entity(self, entities: list[LegalEntity]) -> LegalEntity:
        weights = [max(e.headcount, 1) for e in entities]
        return self.rng.choices(entities, weights=weights)[0]

    def employees(self, union: Organization) -> None:
        entities = union.demo_entities  # type: ignore[attr-defined]
        if not entities:
            return
        for _ in range(self.members_of(union)):
            entity = self.pick_entity(entities)
            start = self.entity_start(union, entity)
            flexible = union.union_kind == UnionKind.JOINT and self.rng.random() < 0.1
            person = self.person(
                start,
                kind=EmploymentKind.FLEXIBLE if flexible else EmploymentKind.EMPLOYEE,
                employer=None if flexible else entity,
            )
            batch = self.rng.random() < 0.8
            source = MembershipSource.IMPORT if batch else MembershipSource.APPLICATION
            person.stints.append((union, start, source))

    # -- platform workers of a joint union --

    def platform_of(self, union: Organization) -> str:
        for word, platform in PLATFORM_WORDS:
            if word in union.name:
                return platform
        return self.rng.choices(OTHER_PLATFORMS, weights=OTHER_PLATFORM_WEIGHTS)[0]

    def platform_worker(self, union: Organization, start: date) -> None:
        platform = self.platform_of(union)
        male = 0.5 if platform == Platform.HOUSEKEEPER else 0.88
        person = self.person(
            start, kind=EmploymentKind.PLATFORM, platform=platform, ages=(19, 45), male=male
        )
        person.stints.append((union, start, MembershipSource.APPLICATION))

    def drive_2021(self, joints: list[Organization]) -> None:
        """The 2021 drive: the platform workers of the joint unions founded that year
        joined at the communication meetings held after the union was founded."""
        meetings: list[tuple[Organization, list[date]]] = []
        for union in joints:
            if union.founded_on is not None and union.founded_on.year == DRIVE_YEAR:
                held = [m for m in MEETINGS_2021 if m >= union.founded_on]
                if held:
                    meetings.append((union, held))
        counts = _shares(
            [union.direct_workers * self.scale.direct_share for union, _held in meetings],
            self.scale.platform_2021,
        )
        for (union, held), count in zip(meetings, counts, strict=True):
            for _ in range(count):
                self.platform_worker(union, self.rng.choice(held))

    def other_platform_workers(self, joints: list[Organization]) -> None:
        """The workers attached directly to the other joint unions, in any year but the
        drive's: platform workers, and some in flexible employment (灵活就业)."""
        for union in joints:
            if union.founded_on is None or union.founded_on.year == DRIVE_YEAR:
                continue
            for _ in range(round(union.direct_workers * self.scale.direct_share)):
                start = self.date_outside_drive(union.founded_on)
                if self.rng.random() < 0.2:
                    person = self.person(start, kind=EmploymentKind.FLEXIBLE, ages=(22, 55))
                    person.stints.append((union, start, MembershipSource.APPLICATION))
                else:
                    self.platform_worker(union, start)

    def date_outside_drive(self, first: date) -> date:
        day = random_date(self.rng, first, self.today)
        if day.year == DRIVE_YEAR:
            day = random_date(self.rng, max(first, D(DRIVE_YEAR + 1, 1, 1)), self.today)
        return day

    # -- moves and endings --

    def transfers(self, unions: list[Organization]) -> None:
        """Some employees move to a firm of another union: their record names the new
        employer; the old membership ends on the day the new one starts."""
        movers = [p for p in self.people if p.kind == EmploymentKind.EMPLOYEE]
        count = round(len(movers) * self.scale.transfers)
        for person in self.rng.sample(movers, min(count, len(movers))):
            union, start, _source = person.stints[-1]
            target = self.rng.choice([u for u in unions if u.pk != union.pk])
            entities = target.demo_entities  # type: ignore[attr-defined]
            if not entities:
                continue
            entity = self.pick_entity(entities)
            founded = target.founded_on or entity.covered_since
            first = max(start + timedelta(days=30), entity.covered_since, founded)
            if first >= self.today:
                continue
            person.stints.append((target, random_date(self.rng, first, self.today), ""))
            person.employer = entity

    def endings(self) -> None:
        count = round(len(self.people) * self.scale.endings)
        for person in self.rng.sample(self.people, count):
            start = person.stints[-1][1]
            if start + timedelta(days=1) >= self.today:
                continue
            status = self.rng.choices(ENDINGS, weights=ENDING_WEIGHTS)[0]
            day = random_date(self.rng, start + timedelta(days=1), self.today)
            person.ending = (status, day)


def _shares(weights: list[float], total: int | None) -> list[int]:
    """``total`` split in proportion to ``weights`` (largest remainders); the weights
    rounded when no total is given."""
    if total is None:
        return [round(w) for w in weights]
    whole = sum(weights) or 1
    exact = [total * w / whole for w in weights]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: (counts[i] - exact[i], i))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _unions(ctx: DemoContext, scale: Scale) -> tuple[list[Any], list[Any]]:
    """(unions whose firms' workers are members, joint unions) among the active unions."""
    tree = ctx.shared["organizations"]
    entities = LegalEntity.objects.order_by("pk")
    active = list(
        Organization.objects.filter(
            kind=NodeKind.UNION, status=UnionStatus.ACTIVE, path__startswith=tree.federation.path
        )
        .prefetch_related(Prefetch("legal_entities", queryset=entities, to_attr="demo_entities"))
        .order_by("code")
    )
    joints = [u for u in active if u.union_kind == UnionKind.JOINT]
    if scale.others is None:
        return active, joints
    featured = {u.pk for u in tree.featured.values()}
    rest = [u for u in active if u.pk not in featured]
    chosen = featured | {u.pk for u in ctx.rng.sample(rest, min(scale.others, len(rest)))}
    return [u for u in active if u.pk in chosen], joints


def plan(ctx: DemoContext, scale: Scale) -> tuple[list[PersonPlan], list[Organization]]:
    unions, joints = _unions(ctx, scale)
    planner = Planner(ctx, scale)
    for union in unions:
        planner.employees(union)
    planner.drive_2021(joints)
    planner.other_platform_workers(joints)
    planner.transfers(unions)
    planner.endings()
    return planner.people, joints


# --- writing ---------------------------------------------------------------------------


def _events(people: list[PersonPlan]) -> list[tuple[date, int, int, PersonPlan, int]]:
    """(day, order, person, stint or -1 for the ending), in date order."""
    events = []
    for index, person in enumerate(people):
        for stint, (_union, day, _source) in enumerate(person.stints):
            events.append((day, 0, index, person, stint))
        if person.ending is not None:
            events.append((person.ending[1], 1, index, person, -1))
    events.sort(key=lambda e: (e[0], e[1], e[2], e[4]))
    return events


def _create_person(plan: PersonPlan) -> Person:
    fields = clean_person_fields(
        {
            "name": plan.name,
            "id_number": plan.id_number,
            "phone": plan.phone,
            "employment_kind": plan.kind,
            "platform": plan.platform,
        }
    )
    fields["employer"] = plan.employer
    fields["employer_name"] = plan.employer.name if plan.employer else ""
    return person_get_or_create(fields=fields)[0]


def write_members(ctx: DemoContext, people: list[PersonPlan]) -> None:
    events = _events(people)
    numbers = iter(member_numbers(sum(1 for e in events if e[1] == 0)))
    persons: dict[int, Person] = {}
    current: dict[int, Membership] = {}
    for done, (day, _order, index, plan_, stint) in enumerate(events, start=1):
        if stint < 0:
            assert plan_.ending is not None
            membership_end(
                actor=ctx.actor, membership=current[index], status=plan_.ending[0], on=day
            )
        else:
            if index not in persons:
                persons[index] = _create_person(plan_)
            union, _day, source = plan_.stints[stint]
            current[index] = membership_start(
                actor=ctx.actor,
                person=persons[index],
                union=union,
                started_on=day,
                source=source or MembershipSource.TRANSFER,
                number=next(numbers),
                notify=False,
            )
        if ctx.full and done % 2000 == 0:
            ctx.log(f"  会籍 {done}/{len(events)}")


def write_routes(ctx: DemoContext, joints: list[Organization]) -> list[PlatformRoute]:
    """Platform workers of a station go to the joint union founded for their platform."""
    routes = []
    for union in joints:
        platform = next((p for word, p in PLATFORM_WORDS if word in union.name), None)
        if platform is None or union.station is None:
            continue
        routes.append(
            platform_route_set(
                actor=ctx.actor, station=union.station, union=union, platform=platform
            )
        )
    return routes


# --- join applications -----------------------------------------------------------------


class Applicants:
    """New applicants (people who are no members yet) for the featured unions."""

    def __init__(self, ctx: DemoContext, planner: Planner) -> None:
        self.ctx = ctx
        self.planner = planner

    def fields(self, union: Organization, platform: bool) -> dict[str, Any]:
        rng = self.ctx.rng
        person = self.planner.person(self.ctx.today)
        fields: dict[str, Any] = {
            "channel": rng.choice([Channel.PORTAL, Channel.MINI_PROGRAM, Channel.STAFF]),
            "name": person.name,
            "id_number": person.id_number,
            "phone": person.phone,
            "consent": True,
        }
        if platform:
            route = PlatformRoute.objects.filter(union=union).order_by("pk").first()
            fields.update(
                employment_kind=EmploymentKind.PLATFORM,
                platform=route.platform if route else Platform.RIDER,
                area=union.station,
            )
        else:
            entities = union.legal_entities.order_by("pk")
            fields.update(employment_kind=EmploymentKind.EMPLOYEE, employer=entities.first())
        return fields

    def submit(self, union: Organization, platform: bool = False) -> JoinApplication:
        return application_submit(actor=None, **self.fields(union, platform))


def write_applications(
    ctx: DemoContext, planner: Planner, targets: list[tuple[Organization, bool]]
) -> list[JoinApplication]:
    """``Scale.applications`` applications in each status, spread over ``targets``
    ((union, platform workers?) pairs); the approved ones start recently."""
    applicants = Applicants(ctx, planner)
    written = []
    for status in (
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.NEEDS_INFO,
        ApplicationStatus.APPROVED,
        ApplicationStatus.REJECTED,
    ):
        for i in range(planner.scale.applications):
            union, platform = targets[i % len(targets)]
            application = applicants.submit(union, platform)
            if status == ApplicationStatus.NEEDS_INFO:
                reason = ctx.rng.choice(INFO_REASONS)
                application = application_request_info(
                    actor=ctx.actor, application=application, reason=reason
                )
            elif status == ApplicationStatus.REJECTED:
                reason = ctx.rng.choice(REJECT_REASONS)
                application = application_reject(
                    actor=ctx.actor, application=application, reason=reason
                )
            elif status == ApplicationStatus.APPROVED:
                day = ctx.today - timedelta(days=ctx.rng.randint(0, 20))
                application = application_approve(
                    actor=ctx.actor, application=application, started_on=day
                )
            written.append(application)
    return written


def write_member_account(ctx: DemoContext, planner: Planner, union: Organization) -> Person:
    """The demo ``member`` account applied online to the featured firm's union and was
    approved: the member pages show the membership, the application and its notices."""
    from gonghui.accounts.models import User

    user = User.objects.get(username="member")
    entity = union.legal_entities.order_by("pk").first()
    started = max(ctx.today - timedelta(days=240), union.founded_on or ctx.today)
    plan_ = planner.person(started, ages=(26, 34))
    application = application_submit(
        actor=user,
        channel=Channel.PORTAL,
        name=user.display_name or plan_.name,
        id_number=plan_.id_number,
        phone=pii.display_phone(user.phone) or plan_.phone,
        employment_kind=EmploymentKind.EMPLOYEE,
        employer=entity,
        consent=True,
    )
    application = application_approve(actor=ctx.actor, application=application, started_on=started)
    assert application.membership is not None
    return application.membership.person


# --- the step --------------------------------------------------------------------------


def _summary(ctx: DemoContext) -> list[str]:
    today = statistics.active_members(actor=ctx.actor, on=ctx.today)
    start, end = D(DRIVE_YEAR, 1, 1), D(DRIVE_YEAR, 12, 31)
    drive = statistics.platform_joins(actor=ctx.actor, start=start, end=end)
    moved = Membership.objects.filter(transferred_from__isnull=False).count()
    ended = Membership.objects.exclude(status=MembershipStatus.ACTIVE).count() - moved
    applications = JoinApplication.objects.order_by("status").values_list("status", flat=True)
    labels = dict(ApplicationStatus.choices)
    statuses = Counter(str(labels[status]) for status in applications)
    people = Person.objects.count()
    roster = int(ctx.shared.get("roster_people", people))
    return [
        f"会员：职工 {people:,} 人（名册 {roster:,}，入会申请批准后登记 {people - roster:,}），"
        f"{today.on} 在会 {today.total:,} 人"
        f"（{len(today.by_union)} 个工会），转会 {moved}，离会 {ended}",
        f"{DRIVE_YEAR} 年新就业形态劳动者入会 {drive.total:,} 人（新增会员 {drive.new_members:,}）",
        f"入会申请：{sum(statuses.values())} 份（"
        + "、".join(f"{label} {count}" for label, count in sorted(statuses.items()))
        + "）",
    ]


def build(ctx: DemoContext) -> None:
    scale = FULL if ctx.full else SMALL
    people, joints = plan(ctx, scale)
    ctx.log(f"会员：名册 {len(people):,} 人…")
    ctx.shared["roster_people"] = len(people)
    write_members(ctx, people)
    write_routes(ctx, joints)
    tree = ctx.shared["organizations"]
    featured = tree.featured
    planner = Planner(ctx, scale)
    planner.used = {p.id_number for p in people}
    platform_joint = next(
        (u for u in joints if PlatformRoute.objects.filter(union=u).exists()), featured["joint"]
    )
    targets = [
        (featured["anchor"], False),
        (platform_joint, True),
        (featured["member"], False),
        (featured["joint"], False),
    ]
    write_applications(ctx, planner, targets)
    member = write_member_account(ctx, planner, featured["anchor"])
    ctx.shared["members"] = MembersDemo(member_person=member, people=Person.objects.count())
    ctx.summary.extend(_summary(ctx))
