"""The assistance records of the last weeks before the demo's today (both scales): files,
aid and a campaign in every state, and the ``member`` account's own application."""

from datetime import date, timedelta
from decimal import Decimal

from gonghui.accounts.models import User
from gonghui.assistance.choices import (
    CampaignScope,
    Cause,
    DocumentSubject,
    Occasion,
    Tier,
)
from gonghui.assistance.demo import plan as plan_
from gonghui.assistance.demo.plan import AidPlan, FilePlan
from gonghui.assistance.demo.writer import (
    CHECK,
    FILING,
    Workers,
    Writer,
    attach,
)
from gonghui.assistance.services import campaigns as campaign_services
from gonghui.assistance.services.aid import aid_apply
from gonghui.assistance.services.files import file_create
from gonghui.assistance.services.funds import donation_record
from gonghui.core.demo import DemoContext
from gonghui.core.workflow import take
from gonghui.members.models import Person

# --- the recent records (both scales) ------------------------------------------------


class Recent:
    """Files, aid and a campaign in every state in the last weeks before today."""

    def __init__(self, ctx: DemoContext, writer: Writer, workers: Workers) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.w = writer
        self.workers = workers
        self.today = ctx.today

    def ago(self, days: int) -> date:
        return self.today - timedelta(days=days)

    def file(self, tier: str, approved: int, until: str = "approve") -> FilePlan:
        plan = plan_.file_plan(self.rng, tier, self.ago(approved))
        worker = self.workers.draw("file")
        self.w.file(plan, worker, until=until)
        return plan

    def files(self) -> list[FilePlan]:
        w = self.w
        on_file = [
            self.file(t, d) for t, d in ((Tier.DEEP, 60), (Tier.RELATIVE, 45), (Tier.ACCIDENT, 30))
        ]
        self.file(Tier.RELATIVE, 3, until="file")
        self.file(Tier.DEEP, 6, until="file")
        self.file(Tier.ACCIDENT, 8, until="check")
        sent_back = self.file(Tier.RELATIVE, 9, until="file")
        take(
            w.staff.checker(sent_back.worker[1]),
            sent_back.record,
            "check_send_back",
            reason="缺少配偶的失业证明和近六个月收入证明，请补充后重新报送。",
        )
        rejected = self.file(Tier.RELATIVE, 12, until="check")
        take(
            w.fed,
            rejected.record,
            "approve_reject",
            reason="经核实，家庭另有经营性收入，人均收入高于低收入标准。",
        )
        # a tier set by staff against the suggestion, with the reason
        override = plan_.file_plan(self.rng, Tier.RELATIVE, self.ago(25))
        worker = self.workers.draw("file")
        person, union = worker
        record = file_create(
            actor=w.staff.filer(union),
            person=person,
            surveyed_on=override.surveyed_on,
            causes=[Cause.ILLNESS, *override.causes],
            worker_income=override.worker_income,
            household=override.household,
            situation=override.situation,
            tier=Tier.DEEP,
            tier_reason="本人罹患癌症，每月自付医疗费用约3000元，实际生活水平低于低保标准。",
            filing_opinion=FILING,
        )
        override.causes = [Cause.ILLNESS, *override.causes]
        attach(
            w.staff.filer(union),
            record,
            plan_.required_documents(DocumentSubject.FILE, override.causes),
        )
        record = take(w.staff.checker(union), record, "check", opinion=CHECK)
        override.record = take(
            w.fed, record, "approve", opinion="同意按深度困难建档。", on=self.ago(20)
        )
        override.worker = worker
        # one left, one left and returned
        left = self.file(Tier.RELATIVE, 400)
        w.leave(left, self.ago(40))
        back = self.file(Tier.ACCIDENT, 420)
        w.leave(back, self.ago(200))
        w.come_back(back, self.ago(15))
        return [*on_file, override, back]

    def aid(self, files: list[FilePlan]) -> None:
        w, rng = self.w, self.rng
        temporary = next((r for r in reversed(w.rounds) if r.opens_on <= self.ago(12)), None)

        def application(
            kind: str, applied: int, until: str, file: FilePlan | None = None
        ) -> AidPlan:
            spec = next(k for k in plan_.KINDS if k.code == kind)
            amount = Decimal(
                spec.low
                if spec.mode == "fixed"
                else rng.randint(spec.low // 100, spec.high // 100) * 100
            )
            day = self.ago(applied)
            if kind == "temporary" and temporary is not None:
                day = max(min(day, temporary.closes_on), temporary.opens_on)
            cause = {
                "medical": Cause.ILLNESS,
                "living": Cause.LOW_INCOME,
                "schooling": Cause.SCHOOLING,
            }.get(kind, rng.choice([Cause.ILLNESS, Cause.ACCIDENT]))
            plan = AidPlan(
                kind, cause, amount, day, min(day + timedelta(days=3), self.today), file=file
            )
            worker = file.worker if file is not None else self.workers.draw(self.today.year)
            w.apply(plan, worker)
            if until in ("check", "approve"):
                w.check(plan)
            if until == "approve":
                w.approve(plan)
            return plan

        kinds_open = ["medical", "warmth"] + (["temporary"] if temporary is not None else [])
        application("medical", 2, "file")
        application(rng.choice(kinds_open), 4, "check")
        application("living", 10, "approve", file=files[0])
        sent_back = application("medical", 6, "file")
        take(
            w.staff.checker(sent_back.worker[1]),
            sent_back.record,
            "check_send_back",
            reason="缺少住院病历和医疗费用票据，请补充后重新上报。",
        )
        rejected = application(rng.choice(kinds_open), 9, "check")
        take(w.fed, rejected.record, "approve_reject", reason="申请事由不符合该帮扶项目的条件。")
        # published: one in its period, one objected to, one revoked, three paid
        published = [application("medical", 8, "approve")]
        objected = application("schooling", 9, "approve", file=files[1])
        revoked = application("warmth", 22, "approve")
        paid = [
            application("warmth", 30, "approve"),
            application("living", 28, "approve", file=files[2]),
            application("medical", 26, "approve"),
        ]
        w.publish(self.ago(16), [revoked, *paid], "帮扶资金发放公示")
        take(
            w.fed,
            revoked.record,
            "object",
            raised_on=self.ago(14),
            raised_by="匿名来电",
            content="反映申请人家庭另有房产出租收入。",
        )
        revoked.record = take(
            w.fed,
            revoked.record,
            "uphold_objection",
            resolution="经核实，申请人隐瞒出租收入，撤销救助。",
        )
        for n, plan in enumerate(paid):
            w.pay(plan, self.ago(8 - n))
        w.sign(paid[0], self.ago(8))
        w.publish(self.ago(2), [*published, objected], "帮扶资金发放公示")
        take(
            w.fed,
            objected.record,
            "object",
            raised_on=self.ago(1),
            raised_by="职工来信",
            content="反映申请人子女已工作，不符合助学条件。",
        )

    def member(self) -> None:
        """The demo ``member`` account's own application, waiting for the union."""
        user = User.objects.filter(username="member").first()
        person = Person.objects.filter(user=user).first() if user else None
        if user is None or person is None:
            return
        withdrawn = aid_apply(
            actor=user,
            person=person,
            kind=self.w.ref.kinds["medical"],
            cause=Cause.ILLNESS,
            reason="本人住院治疗，自付费用较多。",
            amount_requested=Decimal("2000"),
            applied_on=self.ago(30),
        )
        take(user, withdrawn, "withdraw", reason="已通过单位补充医疗保险报销，撤回申请。")
        aid_apply(
            actor=user,
            person=person,
            kind=self.w.ref.kinds["medical"],
            cause=Cause.ILLNESS,
            reason="母亲住院手术，自付医疗费用约两万元，家庭负担重。",
            amount_requested=Decimal("5000"),
            applied_on=self.ago(1),
        )

    def donation(self) -> None:
        donation_record(
            actor=self.w.fed,
            fund=self.w.ref.funds["warmth"],
            donor_name="经开区职工爱心捐款",
            donor_unit="经开区总工会",
            amount=Decimal("80000"),
            received_on=self.ago(45),
        )

    def campaign(self) -> None:
        """A campaign distributing: half its lines handed out."""
        tree = self.ctx.shared["organizations"]
        unit = tree.featured.get("member") or tree.featured.get("anchor")
        campaign = self.w.campaign(
            name=f"{self.today.year}年困难职工冬季送温暖",
            occasion=Occasion.OTHER,
            year=self.today.year,
            starts_on=self.ago(10),
            ends_on=self.today + timedelta(days=30),
            budget=Decimal("30000"),
            cash_per_head=Decimal("300"),
            goods="羽绒服",
            goods_value_per_head=Decimal("200"),
            scope=CampaignScope.TIER,
            tier=Tier.DEEP,
        )
        campaign_services.campaign_list_build(actor=self.w.fed, campaign=campaign)
        if not campaign.lines.exists():
            campaign_services.line_add(
                actor=self.w.fed, campaign=campaign, name=f"{unit.name}职工", people=5, unit=unit
            )
        campaign = campaign_services.campaign_start(actor=self.w.fed, campaign=campaign)
        lines = list(campaign.lines.order_by("pk"))
        for line in lines[: (len(lines) + 1) // 2][:20]:
            self.w.hand_out(line, self.ago(self.rng.randint(0, 9)))
