"""The disclosure policy: what a user without the personal-data permission may see of a
birth date (the age band), why (how many ID numbers a masked number leaves open next to
it), and the audit entry every export writes."""

from datetime import date, timedelta

import pytest
from stdnum.cn import ric

from gonghui.core import disclosure, pii
from gonghui.core.models import AuditAction, AuditEntry
from gonghui.core.testing import build_world

NUMBER = "110105199002018591"  # the number the security review rebuilt from the export
BORN = date(1990, 2, 1)
TODAY = date(2026, 3, 1)
MASKED = disclosure.Policy(visible=False)
SHOWN = disclosure.Policy(visible=True)


def _candidates(masked: str, first: date, last: date) -> list[str]:
    """Valid ID numbers that read as ``masked`` and were born between first and last."""
    found, day = [], first
    while day <= last:
        body = f"{masked[:6]}{day:%Y%m%d}{masked[14:17]}"
        if ric.calc_check_digit(body + "0") == masked[17]:  # the digit is ignored
            found.append(body + masked[17])
        day += timedelta(days=1)
    return found


def test_the_number_is_the_one_the_review_rebuilt() -> None:
    assert pii.normalize_id_number(NUMBER) == NUMBER
    assert pii.mask_id_number(NUMBER) == "110105********8591"
    assert _candidates(pii.mask_id_number(NUMBER), BORN, BORN) == [NUMBER]


def test_a_masked_policy_gives_the_age_band_not_the_date_or_the_year() -> None:
    # when
    shown = MASKED.birth(BORN)

    # then
    assert isinstance(shown, str)
    assert shown == disclosure.age_band(BORN)
    assert "1990" not in shown
    assert MASKED.birth_date(BORN) is None
    assert MASKED.birth(None) == ""


def test_a_permitted_policy_gives_the_date() -> None:
    assert SHOWN.birth(BORN) == BORN
    assert SHOWN.birth_date(BORN) == BORN


@pytest.mark.parametrize(
    ("born", "band"),
    [
        (date(2001, 3, 2), "25岁以下"),  # 24 the day before the 25th birthday
        (date(2001, 3, 1), "25-34岁"),
        (date(1990, 2, 1), "35-44岁"),
        (date(1981, 3, 1), "45-54岁"),
        (date(1971, 3, 1), "55岁及以上"),
        (date(2000, 2, 29), "25-34岁"),  # 26 on 1 March 2026
    ],
)
def test_age_bands_are_those_of_the_statistics(born: date, band: str) -> None:
    assert disclosure.age_band(born, TODAY) == band


def test_the_age_band_leaves_hundreds_of_numbers_open_where_the_year_leaves_dozens() -> None:
    # given: what the masked number shows
    masked = pii.mask_id_number(NUMBER)

    # when: every valid number consistent with it and with the band (35-44 on TODAY)
    in_band = _candidates(masked, date(1981, 3, 2), date(1991, 3, 1))
    in_year = _candidates(masked, date(1990, 1, 1), date(1990, 12, 31))

    # then
    assert disclosure.age_band(BORN, TODAY) == "35-44岁"
    assert NUMBER in in_band
    assert len(in_band) >= 300
    assert len(in_year) < 50  # why the year is not shown


@pytest.mark.django_db
def test_every_export_writes_one_entry_with_its_rows_and_masking() -> None:
    # given
    world = build_world()
    actor = world.user("union_a_staff")

    # when
    disclosure.record_export(
        actor=actor,
        what="会员名册",
        rows=110,
        unmasked=0,
        organization=world.union_a,
        filters={"status": "active"},
    )

    # then
    entry = AuditEntry.objects.get(action=AuditAction.BULK)
    assert entry.actor == actor
    assert entry.organization_id == world.union_a.pk
    assert entry.changes == {
        "export": "会员名册",
        "rows": 110,
        "unmasked_rows": 0,
        "masked": True,
        "filters": {"status": "active"},
    }
