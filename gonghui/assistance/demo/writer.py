"""The writing side of the assistance demo: who acts at each level, the workers drawn
for files and aid, signatures and documents, and the writer that takes each record through
the services and the workflow steps."""

import base64
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageDraw
from stdnum.cn import ric

from gonghui.accounts.models import Assignment, User
from gonghui.accounts.roles import Role
from gonghui.assistance.choices import (
    Cause,
    DocumentSubject,
    PaymentMethod,
    ReceiptMethod,
)
from gonghui.assistance.demo import plan as plan_
from gonghui.assistance.demo.plan import AidPlan, D, FilePlan
from gonghui.assistance.models import (
    AidApplication,
    AidKind,
    AidRound,
    Campaign,
    DistributionLine,
    Fund,
    HardshipFile,
)
from gonghui.assistance.services import campaigns as campaign_services
from gonghui.assistance.services.aid import aid_apply, publication_create
from gonghui.assistance.services.files import file_create
from gonghui.core.attachments.services import attachment_upload
from gonghui.core.demo import DemoContext, DemoError, mobile, person_name, random_date
from gonghui.core.workflow import take
from gonghui.members.choices import EmploymentKind, MembershipStatus
from gonghui.members.models import Membership, Person
from gonghui.members.services.records import member_register
from gonghui.organizations.choices import NodeKind, UnionStatus
from gonghui.organizations.models import LegalEntity, Organization

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
Worker = tuple[Person, Organization]
# home regions of ID numbers in force since before 1966 (Beijing's central districts)
REGIONS = ("110101", "110102", "110105", "110106", "110108")


@dataclass
class AssistanceDemo:
    """What later demo modules may use."""

    kinds: dict[str, AidKind] = field(default_factory=dict)
    funds: dict[str, Fund] = field(default_factory=dict)


# --- who acts --------------------------------------------------------------------------


class Staff:
    """The users of the three levels: a union's own staff (else the system user for it),
    its station's staff, the federation's staff."""

    def __init__(self, ctx: DemoContext, federation: Organization) -> None:
        grants = (
            Assignment.objects.filter(user__is_active=True)
            .select_related("user", "organization")
            .order_by("user__username")
        )
        self.system = ctx.actor
        self.unions: dict[int, User] = {}
        self.stations: dict[int, User] = {}
        feds: list[User] = []
        for grant in grants:
            node = grant.organization
            if grant.role == Role.UNION_STAFF and node.kind == NodeKind.UNION:
                self.unions.setdefault(node.pk, grant.user)
            elif grant.role == Role.STATION_STAFF and node.kind == NodeKind.STATION:
                self.stations.setdefault(node.pk, grant.user)
            elif grant.role == Role.FEDERATION_STAFF and node.pk == federation.pk:
                feds.append(grant.user)
        feds.sort(key=lambda u: (u.username != "fed_staff", u.username))
        if not feds or not self.stations:
            raise DemoError("the assistance demo needs federation and station staff users")
        self.federation = feds[0]

    def filer(self, union: Organization) -> User:
        return self.unions.get(union.pk, self.system)

    def checker(self, union: Organization) -> User:
        assert union.station_id is not None  # noqa: S101 (the workers' unions have one)
        return self.stations[union.station_id]


# --- the workers -----------------------------------------------------------------------


class Workers:
    """Members of unions whose station has staff to check, drawn at random; a worker gets
    at most one application a year and one file; more members are registered when the
    district has too few."""

    def __init__(self, ctx: DemoContext, staff: Staff) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.staff = staff
        memberships = (
            Membership.objects.filter(
                status=MembershipStatus.ACTIVE,
                union__station__in=list(staff.stations),
                union__status=UnionStatus.ACTIVE,
                person__user__isnull=True,
            )
            .select_related("person", "union")
            .order_by("pk")[:4000]
        )
        self.pool: list[Worker] = [(m.person, m.union) for m in memberships]
        self.rng.shuffle(self.pool)
        self.next = 0
        self.used: dict[Any, set[int]] = {}
        self.unions = list(
            Organization.objects.filter(
                kind=NodeKind.UNION,
                status=UnionStatus.ACTIVE,
                station__in=list(staff.stations),
            ).order_by("path")[:50]
        )

    def _more(self) -> Worker:
        union = self.rng.choice(self.unions)
        entity = LegalEntity.objects.filter(union=union).order_by("pk").first()
        for _attempt in range(5):
            born = random_date(self.rng, D(1966, 1, 1), D(1996, 12, 31))
            body = f"{self.rng.choice(REGIONS)}{born:%Y%m%d}{self.rng.randrange(1000):03d}"
            try:
                membership = member_register(
                    actor=self.ctx.actor,
                    union=union,
                    name=person_name(self.rng),
                    id_number=body + ric.calc_check_digit(body + "0"),
                    phone=mobile(self.rng),
                    started_on=union.founded_on or D(2012, 1, 1),
                    employment_kind=EmploymentKind.EMPLOYEE,
                    employer=entity,
                    employer_name="" if entity else union.name,
                )
            except ValidationError as exc:
                if "id_number" not in getattr(exc, "error_dict", {}):
                    raise
                continue  # that ID number is taken: another
            return membership.person, union
        raise DemoError("no ID number left for a demo member")

    def draw(self, key: Any) -> Worker:
        """A worker not drawn yet under ``key`` (a year, "file", "warmth"); for aid, a
        worker without a file (whose aid is planned with the file)."""
        used = self.used.setdefault(key, set())
        filed = self.used.setdefault("file", set()) if key != "file" else set()
        while self.next < len(self.pool):
            worker = self.pool[self.next]
            self.next += 1
            if worker[0].pk not in used and worker[0].pk not in filed:
                return self._take(worker, key)
        # start over: the workers drawn for other keys may serve this one
        for worker in self.pool:
            if worker[0].pk not in used and worker[0].pk not in filed:
                return self._take(worker, key)
        worker = self._more()
        self.pool.append(worker)
        return self._take(worker, key)

    def _take(self, worker: Worker, key: Any) -> Worker:
        self.used[key].add(worker[0].pk)
        return worker

    def mark(self, worker: Worker, key: Any) -> None:
        self.used.setdefault(key, set()).add(worker[0].pk)


# --- signatures and documents ----------------------------------------------------------


def signature_urls(ctx: DemoContext, count: int = 6) -> list[str]:
    """Signatures as the phone's pad sends them: PNG data URLs of a few strokes."""
    urls = []
    for _ in range(count):
        image = Image.new("RGBA", (360, 140), (255, 255, 255, 0))
        draw = ImageDraw.Draw(image)
        x, y = 30, 70
        for _stroke in range(ctx.rng.randint(3, 5)):
            points = [(x, y)]
            for _p in range(6):
                x = min(x + ctx.rng.randint(8, 24), 340)
                y = max(20, min(120, y + ctx.rng.randint(-30, 30)))
                points.append((x, y))
            draw.line(points, fill=(20, 20, 60, 255), width=4)
            x = min(x + 12, 330)
        out = io.BytesIO()
        image.save(out, format="PNG")
        urls.append("data:image/png;base64," + base64.b64encode(out.getvalue()).decode())
    return urls


def attach(actor: Any, record: Any, documents: list[str]) -> None:
    for kind in documents:
        attachment_upload(
            actor=actor, record=record, kind=kind, file=ContentFile(PDF, name=f"{kind}.pdf")
        )


# --- writing ---------------------------------------------------------------------------

FILING = "经入户调查核实，家庭情况属实，符合建档条件。"
CHECK = "材料齐全，情况属实，同意上报。"
APPROVE = "同意。"
REASONS: dict[str, str] = {
    Cause.ILLNESS: "本人患重大疾病住院治疗，自付医疗费用较高，家庭生活困难。",
    Cause.ACCIDENT: "本人遭遇意外伤害，治疗期间收入减少，生活困难。",
    Cause.EMERGENCY: "家庭遭遇突发事件，生活陷入困境。",
    Cause.DISASTER: "家中遭受自然灾害，财产损失严重。",
    Cause.LOW_INCOME: "家庭收入低，受疫情影响收入进一步减少。",
    Cause.SCHOOLING: "子女就学费用较高，家庭负担重。",
    Cause.SPOUSE_UNEMPLOYED: "配偶失业，家庭收入减少。",
}


class Writer:
    def __init__(self, ctx: DemoContext, staff: Staff, ref: AssistanceDemo) -> None:
        self.ctx = ctx
        self.staff = staff
        self.ref = ref
        self.fed = staff.federation
        self.federation: Organization = ctx.shared["organizations"].federation
        self.rounds = list(AidRound.objects.order_by("opens_on"))
        self.signatures = signature_urls(ctx)

    def signature(self) -> str:
        return self.ctx.rng.choice(self.signatures)

    # -- files --

    def file(self, plan: FilePlan, worker: Worker, *, until: str = "approve") -> HardshipFile:
        person, union = worker
        filer, checker = self.staff.filer(union), self.staff.checker(union)
        record = file_create(
            actor=filer,
            person=person,
            surveyed_on=plan.surveyed_on,
            causes=plan.causes,
            worker_income=plan.worker_income,
            household=plan.household,
            situation=plan.situation,
            filing_opinion=FILING,
        )
        attach(filer, record, plan_.required_documents(DocumentSubject.FILE, plan.causes))
        plan.record, plan.worker = record, worker
        if until == "file":
            return record
        record = take(checker, record, "check", opinion=CHECK)
        if until == "check":
            return record
        record = take(self.fed, record, "approve", opinion="同意建档。", on=plan.approved_on)
        plan.record = record
        return record  # type: ignore[no-any-return]

    def leave(self, plan: FilePlan, day: date) -> None:
        filer = self.staff.filer(plan.worker[1])
        reason = self.ctx.rng.choice(
            ["家庭收入已超过低收入标准，经复核解困。", "本人病愈返岗，家庭收入恢复。"]
        )
        plan.record = take(filer, plan.record, "leave", left_on=day, reason=reason)

    def come_back(self, plan: FilePlan, day: date) -> None:
        union = plan.worker[1]
        record = take(
            self.staff.filer(union), plan.record, "come_back", reason="家庭再次遭遇困难，申请返困。"
        )
        record = take(self.staff.checker(union), record, "check", opinion=CHECK)
        plan.record = take(self.fed, record, "approve", opinion="同意返困。", on=day)

    def review(self, plan: FilePlan, day: date) -> None:
        filer = self.staff.filer(plan.worker[1])
        plan.record = take(
            filer, plan.record, "review", reviewed_on=day, conclusion="经复核，仍符合困难职工条件。"
        )

    # -- aid --

    def round_for(self, kind: AidKind, day: date) -> AidRound | None:
        if not kind.in_rounds:
            return None
        return next((r for r in self.rounds if r.kind_id == kind.pk and r.is_open_on(day)), None)

    def apply(self, plan: AidPlan, worker: Worker) -> AidApplication:
        person, union = worker
        kind = self.ref.kinds[plan.kind]
        filer = self.staff.filer(union)
        bank = self.ctx.rng.random() < 0.85
        record = aid_apply(
            actor=filer,
            person=person,
            kind=kind,
            cause=plan.cause,
            reason=REASONS.get(plan.cause, "家庭生活困难。"),
            amount_requested=plan.amount,
            round=self.round_for(kind, plan.applied_on),
            applied_on=plan.applied_on,
            bank_name="中国工商银行北京经济技术开发区支行" if bank else "",
            bank_account=f"62220202{self.ctx.rng.randrange(10**11):011d}" if bank else "",
        )
        documents = plan_.required_documents(DocumentSubject.AID, [plan.cause], plan.kind)
        attach(filer, record, documents)
        plan.record, plan.worker = record, worker
        return record

    def check(self, plan: AidPlan) -> None:
        plan.record = take(self.staff.checker(plan.worker[1]), plan.record, "check", opinion=CHECK)

    def approve(self, plan: AidPlan) -> None:
        plan.record = take(self.fed, plan.record, "approve", opinion=APPROVE, on=plan.approved_on)

    def publish(self, day: date, plans: list[AidPlan], title: str = "") -> None:
        title = title or f"{day:%Y年%m月}帮扶资金发放公示"
        publication_create(
            actor=self.fed,
            organization=self.federation,
            title=title,
            applications=[p.record for p in plans],
            starts_on=day,
        )

    def pay(self, plan: AidPlan, day: date) -> None:
        record = AidApplication.objects.get(pk=plan.record.pk)
        method = PaymentMethod.BANK if record.bank_account else PaymentMethod.CASH
        plan.record = take(
            self.fed,
            record,
            "pay",
            paid_on=day,
            method=method,
            reference=f"FF{day:%Y%m%d}{record.pk:05d}" if method == PaymentMethod.BANK else "",
        )

    def sign(self, plan: AidPlan, day: date) -> None:
        take(
            self.fed,
            plan.record,
            "sign_for",
            method=ReceiptMethod.SIGNATURE,
            signed_by=plan.worker[0].name,
            signed_on=day,
            signature=self.signature(),
        )

    # -- campaigns --

    def campaign(self, *, units: Iterable[Organization] = (), **data: Any) -> Campaign:
        return campaign_services.campaign_create(
            actor=self.fed,
            organization=self.federation,
            fund=self.ref.funds["budget"],
            units=units,
            **data,
        )

    def hand_out(self, line: DistributionLine, day: date, **data: Any) -> None:
        if line.person_id is not None:
            receipt: dict[str, Any] = {
                "method": ReceiptMethod.SIGNATURE,
                "signed_by": line.name,
                "signature": self.signature(),
            }
        else:
            receipt = {
                "method": ReceiptMethod.SCAN,
                "signed_by": person_name(self.ctx.rng),
                "scan": ContentFile(PDF, name="签收单.pdf"),
            }
        campaign_services.line_distribute(
            actor=self.fed, line=line, distributed_on=day, **receipt, **data
        )
