"""Checking the rows of a roster: each row on its own (``RowChecker``), then the ID
numbers that appear more than once in the file (``duplicates``). The checks against the
database (people already members) are in ``planning``."""

from dataclasses import dataclass
from datetime import date
from operator import itemgetter
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import pii
from gonghui.members.choices import EmploymentKind, Platform
from gonghui.members.roster import cells
from gonghui.members.roster.columns import (
    EMPLOYER,
    EMPLOYMENT_KIND,
    EXAMPLE_ID_NUMBER,
    ID_NUMBER,
    NAME,
    PHONE,
    PLATFORM,
    STARTED_ON,
)
from gonghui.members.roster.reading import Table
from gonghui.organizations.models import LegalEntity, Organization

CREDIT_CODE_LENGTH = 18
DUPLICATE_ROWS_SHOWN = 5


@dataclass(frozen=True, slots=True)
class RowError:
    row: int
    column: str  # a header, or "" for the row as a whole
    message: str


@dataclass(slots=True)
class Entry:
    """A row that passed the checks, with its clean values."""

    row: int
    name: str
    id_number: str
    index: str  # the ID number's blind index
    birth_date: date
    sex: str
    phone: str
    started_on: date
    employer_id: int | None
    employer_name: str
    employer_given: bool
    employment_kind: str
    platform: str
    kind_given: bool


@dataclass(frozen=True, slots=True)
class Checked:
    entry: Entry | None  # None when the row has errors
    errors: list[RowError]
    index: str | None  # the blind index when the ID number itself is valid


class Employers:
    """The legal entities a row may name (by credit code or exact name): those covered by
    the union or, for a joint union, by its member unions."""

    def __init__(self, union: Organization) -> None:
        self.by_code: dict[str, tuple[int, str]] = {}
        self.by_name: dict[str, list[tuple[int, str]]] = {}
        entities = LegalEntity.objects.filter(union__path__startswith=union.path)
        for pk, name, code in entities.values_list("pk", "name", "credit_code"):
            self.by_code[code.upper()] = (pk, name)
            self.by_name.setdefault(name, []).append((pk, name))

    def find(self, value: Any) -> tuple[int | None, str]:
        """(legal entity id or None, employer name)."""
        raw = cells.text(value)
        code = raw.replace(" ", "").upper()
        if code in self.by_code:
            return self.by_code[code]
        named = self.by_name.get(" ".join(raw.split()), [])
        if len(named) == 1:
            return named[0]
        if len(named) > 1:
            raise ValidationError(_("有多个同名单位，请填写统一社会信用代码"))
        if len(code) == CREDIT_CODE_LENGTH and code.isalnum() and any(c.isdigit() for c in code):
            raise ValidationError(
                _("未找到统一社会信用代码为 %(code)s 的单位（须为本工会覆盖的法人单位）")
                % {"code": code}
            )
        if len(raw) > cells.EMPLOYER_MAX:
            raise ValidationError(_("单位名称过长"))
        return None, raw


# the columns a row is checked by, in this order
CHECKED = (NAME, ID_NUMBER, PHONE, STARTED_ON, EMPLOYER, EMPLOYMENT_KIND, PLATFORM)


class RowChecker:
    """Checks one row at a time; ``check`` returns the clean entry or the row's errors.
    Written for speed (it runs for every row): the cells are picked in one call, and a
    row with no merged or formula cell skips that lookup."""

    def __init__(self, table: Table, union: Organization) -> None:
        self.table = table
        self.width = len(table.headers)
        # an optional column that is absent reads the padding slot, always None
        self.positions = [table.index(h) for h in CHECKED]
        self.pick = itemgetter(*(self.width if p is None else p for p in self.positions))
        self.padding = [None] * (self.width + 1)
        self.rows_with_problems = {row for row, _column in table.problems}
        self.employers = Employers(union)
        self.kinds = cells.choice_lookup(EmploymentKind)
        self.platforms = cells.choice_lookup(Platform)
        self.bad_kind = _("用工形式应为：单位职工、新就业形态劳动者或灵活就业")
        self.bad_platform = _("平台类别无法识别，请从模板的下拉列表中选择")
        self.today = timezone.localdate()
        self.founded_on = union.founded_on  # a membership cannot start before its union

    def _problem(
        self, problems: dict[tuple[int, int], str] | None, row: int, slot: int
    ) -> str | None:
        position = self.positions[slot]
        if problems is None or position is None:
            return None
        return problems.get((row, position))

    def _clean(
        self,
        errors: list[RowError],
        row: int,
        problems: dict[tuple[int, int], str] | None,
        slot: int,
        convert: Any,
        *args: Any,
    ) -> Any:
        """``convert(*args)``, or None with the error added."""
        problem = self._problem(problems, row, slot)
        if problem:
            errors.append(RowError(row, CHECKED[slot], problem))
            return None
        try:
            return convert(*args)
        except ValidationError as exc:
            errors.append(RowError(row, CHECKED[slot], exc.messages[0]))
            return None

    def check(self, row: int, values: list[Any]) -> Checked:
        """A row that converts cleanly takes one pass; a row with any fault is checked
        again field by field (``_check_each``) so that every error is reported."""
        picked = self.pick([*values[: self.width], *self.padding])
        if row in self.rows_with_problems:
            return self._check_each(row, picked)
        name_v, id_v, phone_v, date_v, employer_v, kind_v, platform_v = picked
        try:
            name = cells.name(name_v)
            id_number = cells.id_number(id_v)
            phone = cells.phone(phone_v)
            started_on = cells.a_date(date_v)
            employer = self.employers.find(employer_v) if cells.text(employer_v) else None
            kind = cells.choice(kind_v, self.kinds, self.bad_kind)
            platform = cells.choice(platform_v, self.platforms, self.bad_platform)
        except ValidationError:
            return self._check_each(row, picked)
        birth_date = cells.birth_date(id_number)
        if (
            started_on > self.today
            or started_on < birth_date
            or (self.founded_on is not None and started_on < self.founded_on)
            or id_number == EXAMPLE_ID_NUMBER
            or (kind == EmploymentKind.PLATFORM and not platform)
        ):
            return self._check_each(row, picked)
        index = pii.blind_index(id_number)
        entry = Entry(
            row=row,
            name=name,
            id_number=id_number,
            index=index,
            birth_date=birth_date,
            sex=pii.id_number_sex(id_number),
            phone=phone,
            started_on=started_on,
            employer_id=employer[0] if employer else None,
            employer_name=employer[1] if employer else "",
            employer_given=employer is not None,
            employment_kind=kind
            or (EmploymentKind.PLATFORM if platform else EmploymentKind.EMPLOYEE),
            platform=platform,
            kind_given=bool(kind or platform),
        )
        return Checked(entry, [], index)

    def _check_each(self, row: int, picked: tuple[Any, ...]) -> Checked:
        """Every field of a faulty row, each error with its column."""
        errors: list[RowError] = []
        problems = self.table.problems if row in self.rows_with_problems else None
        name_v, id_v, phone_v, date_v, employer_v, kind_v, platform_v = picked
        clean = self._clean
        clean(errors, row, problems, 0, cells.name, name_v)
        id_number = clean(errors, row, problems, 1, cells.id_number, id_v)
        if id_number == EXAMPLE_ID_NUMBER:
            errors.append(RowError(row, ID_NUMBER, _("这是模板中的示例行，请删除后再导入")))
        clean(errors, row, problems, 2, cells.phone, phone_v)
        started_on = clean(errors, row, problems, 3, cells.a_date, date_v)
        if cells.text(employer_v) or self._problem(problems, row, 4):
            clean(errors, row, problems, 4, self.employers.find, employer_v)
        kind = clean(errors, row, problems, 5, cells.choice, kind_v, self.kinds, self.bad_kind)
        platform = clean(
            errors, row, problems, 6, cells.choice, platform_v, self.platforms, self.bad_platform
        )
        birth_date = cells.birth_date(id_number) if id_number else None
        if started_on is not None:
            self._check_started_on(row, started_on, birth_date, errors)
        if kind == EmploymentKind.PLATFORM and not platform:
            errors.append(RowError(row, PLATFORM, _("新就业形态劳动者请填写平台类别")))
        index = pii.blind_index(id_number) if id_number else None
        assert errors, f"row {row} failed the quick check but shows no error"
        return Checked(None, errors, index)

    def _check_started_on(
        self, row: int, started_on: date, birth_date: date | None, errors: list[RowError]
    ) -> None:
        if started_on > self.today:
            errors.append(RowError(row, STARTED_ON, _("入会日期不能晚于今天")))
        elif birth_date is not None and started_on < birth_date:
            errors.append(RowError(row, STARTED_ON, _("入会日期早于出生日期")))
        elif self.founded_on is not None and started_on < self.founded_on:
            message = _("入会日期不能早于工会成立日期（%(day)s）") % {"day": self.founded_on}
            errors.append(RowError(row, STARTED_ON, message))


def duplicates(indexes: list[tuple[int, str]]) -> tuple[set[str], list[RowError]]:
    """From (row, blind index) of every row whose ID number is valid: the indexes that
    appear more than once, and an error for each of their rows, naming the other rows."""
    rows_by_index: dict[str, list[int]] = {}
    for row, index in indexes:
        rows_by_index.setdefault(index, []).append(row)
    repeated = {index: rows for index, rows in rows_by_index.items() if len(rows) > 1}
    errors = []
    for rows in repeated.values():
        for row in rows:
            others = [str(r) for r in rows if r != row]
            shown = "、".join(others[:DUPLICATE_ROWS_SHOWN])
            if len(others) > DUPLICATE_ROWS_SHOWN:
                shown += _("等")
            errors.append(
                RowError(
                    row,
                    ID_NUMBER,
                    _("身份证号在文件中重复（另见第 %(rows)s 行）") % {"rows": shown},
                )
            )
    return set(repeated), errors
