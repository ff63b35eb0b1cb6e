"""The in-memory plan of the demo tree (every choice drawn from the context's generator)."""

import random
from datetime import date
from typing import Any

from stdnum.cn import uscc

from gonghui.core.demo import mobile, person_name, random_date
from gonghui.organizations.choices import LARGE_UNION_HEADCOUNT, UnionKind, UnionStatus
from gonghui.organizations.demo.data import (
    ANCHOR,
    ANCHOR_ENTITIES,
    BRAND_FIRST,
    BRAND_SECOND,
    DISSOLVE_REASONS,
    EARLY_END_BY,
    FAMOUS_BRANDS,
    INDUSTRIES,
    INDUSTRY_WEIGHTS,
    INDUSTRY_WORDS,
    LATE_END_FROM,
    MERGE_REASONS,
    REPORTS_2021,
    STATIONS,
    TARGETS,
    USCC_CHARS,
    YEAR_WEIGHTS,
    D,
    EntityPlan,
    JointSpec,
    ScaleSpec,
    Segment,
    StationSpec,
    UnionPlan,
    _org_code_check,
)


class Planner:
    """Plans the unions and entities of one scale; all choices from one generator."""

    def __init__(self, rng: random.Random, spec: ScaleSpec, today: date) -> None:
        self.rng = rng
        self.spec = spec
        self.today = today
        self.stations = STATIONS[: spec.stations]
        self.unions: list[UnionPlan] = []
        self.names: set[str] = set()
        self.codes: set[str] = set()
        self.names.update(name for name, _industry, _share in ANCHOR_ENTITIES)

    # -- small generators --

    def _brand(self) -> str:
        while True:
            brand = self.rng.choice(BRAND_FIRST) + self.rng.choice(BRAND_SECOND)
            if brand != ANCHOR[0] and brand[0] != brand[1] and brand not in FAMOUS_BRANDS:
                return brand

    def company_name(self, industry: str, brand: str = "") -> str:
        for attempt in range(1000):
            word = self.rng.choice(INDUSTRY_WORDS[industry])
            stem = (brand if brand and attempt < 20 else self._brand()) + word
            form = self.rng.random()
            if form < 0.72:
                name = f"北京{stem}有限公司"
            elif form < 0.82:
                name = f"北京{stem}股份有限公司"
            elif form < 0.94:
                name = f"{stem}（北京）有限公司"
            else:
                name = f"北京亦庄{stem}有限公司"
            if name not in self.names:
                self.names.add(name)
                return name
        raise RuntimeError("ran out of company names")

    def credit_code(self, station: StationSpec, registered: date) -> str:
        while True:
            roll = self.rng.random()
            region = station.region if roll < 0.75 else "110302" if roll < 0.92 else "110000"
            if registered.year >= 2016 or self.rng.random() < 0.08:
                body = (
                    "MA0"
                    + self.rng.choice("01234")
                    + "".join(self.rng.choice(USCC_CHARS) for _ in range(4))
                )
            else:
                body = self.rng.choice("5678") + f"{self.rng.randrange(10**7):07d}"
            first17 = f"91{region}{body}{_org_code_check(body)}"
            code = first17 + uscc.calc_check_digit(first17)
            if code not in self.codes:
                self.codes.add(code)
                return code

    def industry(self) -> str:
        return self.rng.choices(INDUSTRIES, weights=INDUSTRY_WEIGHTS)[0]

    def station(self, day: date) -> StationSpec:
        weights = [
            s.weight * (0.4 if s.expansion and day.year < 2019 else 1) for s in self.stations
        ]
        return self.rng.choices(self.stations, weights=weights)[0]

    def address(self, station: StationSpec) -> str:
        address = f"{station.area}{self.rng.choice(station.streets)}{self.rng.randint(1, 48)}号"
        if self.rng.random() < 0.4:
            address += f"院{self.rng.randint(1, 12)}号楼"
        return address

    def small_total(self) -> int:
        return min(99, max(3, int(self.rng.triangular(3, 99, 18))))

    def large_total(self) -> int:
        return LARGE_UNION_HEADCOUNT + min(7900, int(self.rng.lognormvariate(5.5, 1.05)))

    def split(self, total: int, parts: int) -> list[int]:
        """``total`` workers over ``parts`` entities, the first the largest, each >= 1."""
        parts = max(1, min(parts, total))
        weights = sorted((self.rng.random() + 0.2 for _ in range(parts)), reverse=True)
        shares = [max(1, int(total * w / sum(weights))) for w in weights]
        shares[0] += total - sum(shares)
        return shares

    def date_in(self, start: date, end: date) -> date:
        end = min(end, self.today)
        if start.year == end.year:
            return random_date(self.rng, start, end)
        years = list(range(start.year, end.year + 1))
        year = self.rng.choices(years, weights=[YEAR_WEIGHTS.get(y, 100) for y in years])[0]
        return random_date(self.rng, max(start, D(year, 1, 1)), min(end, D(year, 12, 31)))

    def later_date(self, start: date) -> date:
        """When a further firm came under a union: mostly within a few years."""
        days = int(self.rng.expovariate(1 / 700))
        return min(self.today, date.fromordinal(start.toordinal() + days))

    # -- unions --

    def _union(self, station: StationSpec, founded: date, kind: str, **extra: Any) -> UnionPlan:
        union = UnionPlan(
            index=len(self.unions),
            name="",
            kind=kind,
            station=station,
            founded_on=founded,
            entities=[],
            chair=(person_name(self.rng), mobile(self.rng)),
            contact=(person_name(self.rng), mobile(self.rng)),
            address=self.address(station),
            **extra,
        )
        self.unions.append(union)
        return union

    def entity(self, union: UnionPlan, name: str, industry: str, headcount: int, on: date) -> None:
        union.entities.append(
            EntityPlan(name, self.credit_code(union.station, on), headcount, industry, on)
        )

    def firm_union(
        self, station: StationSpec, founded: date, size: str, parent: UnionPlan | None = None
    ) -> UnionPlan:
        """A firm's own union covering the firm and, for some, its sister companies."""
        union = self._union(
            station, founded, UnionKind.STANDALONE, parent=parent, member=parent is not None
        )
        industry = self.industry()
        large = size == "large"
        total = self.large_total() if large else self.small_total()
        roll = self.rng.random()
        count = 1 if roll < 0.62 else 2 if roll < 0.84 else 3 if roll < 0.95 else 4
        if not large:
            count = min(count, 2)
        union.brand = self._brand()
        shares = self.split(total, count)
        if large:  # of 100 or more from its founding: the first firm alone reaches it
            shares = _first_at_least(shares, LARGE_UNION_HEADCOUNT)
        for i, headcount in enumerate(shares):
            name = self.company_name(industry if i == 0 else self.industry(), union.brand)
            on = founded if i == 0 else self.later_date(founded)
            self.entity(union, name, industry, headcount, on)
        union.name = union.entities[0].name + ("工会委员会" if large else "工会")
        return union

    def anchor_union(self, station: StationSpec) -> UnionPlan:
        """The featured firm; its workers are set once the rest is known."""
        union = self._union(station, ANCHOR[1], UnionKind.STANDALONE, tag="anchor")
        union.brand = ANCHOR[0]
        entered = [ANCHOR[1]] * 3 + [D(2022, 3, 1), D(2023, 7, 1), D(2024, 9, 1)]
        for (name, industry, _share), on in zip(ANCHOR_ENTITIES, entered, strict=True):
            self.entity(union, name, industry, 1, min(on, self.today))
        union.name = ANCHOR_ENTITIES[0][0] + "工会委员会"
        return union

    def set_anchor_workers(self, total: int, day: date | None = None) -> None:
        """The featured firm's workers: ``total`` over the entities covered by ``day``,
        the later ones in proportion to them."""
        anchor = next(u for u in self.unions if u.tag == "anchor")
        day = day or self.today
        shares = {
            e.name: share
            for e, (_n, _i, share) in zip(anchor.entities, ANCHOR_ENTITIES, strict=True)
        }
        early = [e for e in anchor.entities if e.covered_since <= day]
        early_shares = sum(shares[e.name] for e in early)
        for entity in anchor.entities:
            entity.headcount = max(1, int(total * shares[entity.name] / early_shares))
        early[0].headcount += total - sum(e.headcount for e in early)

    def joint_union(self, spec: JointSpec) -> UnionPlan:
        station = next(s for s in self.stations if s.slug == spec.station)
        union = self._union(
            station, spec.founded_on, UnionKind.JOINT, direct_workers=spec.direct_workers
        )
        union.name = spec.name
        for _ in range(spec.entities):
            on = random_date(self.rng, spec.founded_on, min(self.today, D(2026, 6, 30)))
            name = self.company_name(spec.industry)
            self.entity(union, name, spec.industry, self.rng.randint(3, 40), on)
        for start, end, count in spec.members:
            if start > self.today:
                continue
            for _ in range(count):
                self.firm_union(station, self.date_in(start, end), "small", parent=union)
        return union

    def segment(self, segment: Segment) -> None:
        if segment.start > self.today:
            return
        count = segment.count - (1 if segment.anchor else 0)
        if segment.large is None:
            sizes = ["large" if self.rng.random() < 0.38 else "small" for _ in range(count)]
        else:
            large = segment.large - (1 if segment.anchor else 0)
            sizes = ["large"] * large + ["small"] * (count - large)
            self.rng.shuffle(sizes)
        for size in sizes:
            founded = self.date_in(segment.start, segment.end)
            self.firm_union(self.station(founded), founded, size)
        if segment.anchor:
            self.anchor_union(self.stations[0])

    # -- merges and dissolutions --

    def _end(self, union: UnionPlan, on: date, merged_into: UnionPlan | None) -> None:
        union.ended_on = on
        if merged_into is None:
            union.status = UnionStatus.DISSOLVED
            union.end_reason = self.rng.choice(DISSOLVE_REASONS)
        else:
            union.status = UnionStatus.MERGED
            union.merged_into = merged_into
            union.end_reason = self.rng.choice(MERGE_REASONS)

    def _end_candidates(self, latest_founding: date) -> list[UnionPlan]:
        return [
            u
            for u in self.unions
            if u.kind == UnionKind.STANDALONE
            and not u.member
            and not u.tag
            and not u.keep
            and u.status == UnionStatus.ACTIVE
            and u.founded_on <= latest_founding
        ]

    def _merge_target(
        self, union: UnionPlan, on: date, ending: list[UnionPlan]
    ) -> UnionPlan | None:
        """A union that lives on: an older one of the same station if there is one, else an
        older one, else one founded before the merger."""
        alive = [u for u in self._end_candidates(on) if u not in ending]
        older = [u for u in alive if u.founded_on < union.founded_on]
        same = [u for u in older if u.station is union.station]
        pool = same or older or alive
        return self.rng.choice(pool) if pool else None

    def ends(self, counts: tuple[int, int], founded_by: date, start: date, end: date) -> None:
        """Merge and dissolve some of the unions founded by ``founded_by`` in [start, end]."""
        merged, dissolved = counts
        end = min(end, self.today)
        if start > end:
            return
        pool = self._end_candidates(founded_by)
        ending = self.rng.sample(pool, min(len(pool), merged + dissolved))
        for i, union in enumerate(ending):
            on = random_date(self.rng, max(start, D(union.founded_on.year + 2, 1, 1)), end)
            target = self._merge_target(union, on, ending) if i < merged else None
            self._end(union, on, target)
            if target is not None:
                target.keep = True

    # -- aiming at the reports (the figures as the selectors compute them) --

    def holder_on(self, union: UnionPlan, day: date) -> UnionPlan:
        """The union that covers ``union``'s entities on ``day``: itself, or the union it
        was merged into by then."""
        while union.merged_into is not None and union.ended_on and union.ended_on <= day:
            union = union.merged_into
        return union

    def existing_on(self, day: date) -> list[UnionPlan]:
        return [
            u
            for u in self.unions
            if u.founded_on <= day and (u.ended_on is None or u.ended_on > day)
        ]

    def covered_on(self, day: date) -> list[EntityPlan]:
        """The entities covered on ``day``: under coverage by then, by a union that exists."""
        existing = {id(u) for u in self.existing_on(day)}
        return [
            e
            for u in self.unions
            if id(self.holder_on(u, day)) in existing
            for e in u.entities
            if e.covered_since <= day
        ]

    def figures(self, day: date) -> dict[str, int]:
        existing = self.existing_on(day)
        entities = self.covered_on(day)
        return {
            "unions": len(existing),
            "standalone": sum(u.kind == UnionKind.STANDALONE for u in existing),
            "entities": len(entities),
            "workers": sum(e.headcount_on(day) for e in entities)
            + sum(u.direct_workers for u in existing),
        }

    def new_workers(self, start: date, end: date) -> int:
        """The workers of the unions founded in [start, end] on ``end`` (none of them ends
        in the period, nor takes in another union's entities)."""
        cohort = [u for u in self.unions if start <= u.founded_on <= end]
        return sum(
            sum(e.headcount_on(end) for e in u.entities if e.covered_since <= end)
            + u.direct_workers
            for u in cohort
        )

    def aim_entities(self, day: date, target: int) -> None:
        """Hit the number of legal entities covered on ``day``: later entries for some
        sister companies, or more sister companies."""
        surplus = self.figures(day)["entities"] - target
        alive = [u for u in self.existing_on(day) if u.ended_on is None and not u.tag]
        if surplus > 0:
            later = [e for u in alive for e in u.entities[1:] if e.covered_since <= day]
            for entity in self.rng.sample(later, min(surplus, len(later))):
                entity.covered_since = random_date(
                    self.rng, date.fromordinal(day.toordinal() + 1), self.today
                )
        firms = [u for u in alive if u.kind == UnionKind.STANDALONE]
        for _ in range(-surplus):
            union = self.rng.choice(firms)
            on = random_date(self.rng, union.founded_on, day)
            name = self.company_name(self.industry(), union.brand)
            self.entity(union, name, union.entities[0].industry, self.rng.randint(5, 60), on)

    def aim_workers(self, day: date, cohort_start: date, total: int, new: int) -> None:
        """Hit the workers covered on ``day`` and those of the unions founded in
        [cohort_start, day]: the older firms are scaled, the featured firm takes the rest of
        its cohort's figure."""
        anchor = next(u for u in self.unions if u.tag == "anchor")
        self.set_anchor_workers(1, day)
        others = self.new_workers(cohort_start, day) - sum(
            e.headcount for e in anchor.entities if e.covered_since <= day
        )
        self.set_anchor_workers(new - others, day)

        older = {id(u) for u in self.existing_on(day) if u.founded_on < cohort_start}
        large = [
            e
            for u in self.unions
            if id(self.holder_on(u, day)) in older and _own_total(u) >= LARGE_UNION_HEADCOUNT
            for e in u.entities
            if e.covered_since <= day
        ]
        self._scale(large, day, total, lambda e: e.headcount, _set_headcount)

    def aim_past_workers(self, day: date, total: int, reported: tuple[date, date]) -> None:
        """Hit the workers covered on ``day`` (before the later targets' day) with larger
        headcounts reported then, corrected by a report in ``reported``."""
        large = [e for e in self.covered_on(day) if e.headcount >= 20]
        for entity in large:
            entity.earlier = entity.headcount
            entity.reported_on = random_date(self.rng, *reported)
        self._scale(large, day, total, lambda e: e.earlier or 0, _set_earlier)

    def _scale(self, entities: list[EntityPlan], day: date, total: int, get: Any, put: Any) -> None:
        current = self.figures(day)["workers"]
        scalable = sum(get(e) for e in entities)
        factor = (scalable + total - current) / scalable
        for entity in entities:
            put(entity, max(1, round(get(entity) * factor)))
        biggest = max(entities, key=get)
        put(biggest, get(biggest) + total - self.figures(day)["workers"])

    def plan(self) -> list[UnionPlan]:
        for joint in self.spec.joints:
            if joint.founded_on <= self.today:
                self.joint_union(joint)
        for segment in self.spec.segments:
            self.segment(segment)
        merged, dissolved = self.spec.early_ends
        self.ends((merged, dissolved), D(2014, 12, 31), D(2011, 1, 1), EARLY_END_BY)
        self.ends(self.spec.late_ends, D(2019, 12, 31), LATE_END_FROM, self.today)
        if self.spec.aim:
            day, entities = TARGETS["entities_2020"]
            self.aim_entities(day, entities)
            day, workers = TARGETS["workers_2021"]
            self.aim_workers(day, D(day.year, 1, 1), workers, TARGETS["new_workers_2021"][1])
            day, workers = TARGETS["workers_2020"]
            self.aim_past_workers(day, workers, REPORTS_2021)
        else:
            self.set_anchor_workers(self.rng.randint(1800, 2600))
        return self.unions


def _first_at_least(shares: list[int], least: int) -> list[int]:
    """``shares`` with the first raised to ``least`` from the others (each keeps 1)."""
    shares = list(shares)
    for i in range(1, len(shares)):
        moved = min(max(0, least - shares[0]), shares[i] - 1)
        shares[0], shares[i] = shares[0] + moved, shares[i] - moved
    return shares


def _own_total(union: UnionPlan) -> int:
    return sum(e.headcount for e in union.entities) + union.direct_workers


def _set_headcount(entity: EntityPlan, value: int) -> None:
    entity.headcount = value


def _set_earlier(entity: EntityPlan, value: int) -> None:
    entity.earlier = value


# --- writing --------------------------------------------------------------------------
