import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import override_settings

from gonghui.accounts.models import User
from gonghui.core import pii

VALID_ID = "11010519491231002X"
VALID_ID_2 = "110101199003070011"


def test_normalize_accepts_full_width_digits_and_lower_case_x() -> None:
    full_width = "１１０１０５１９４９１２３１００２ｘ"
    assert pii.normalize_id_number(full_width) == VALID_ID
    assert pii.normalize_id_number(" 11010519491231002x ") == VALID_ID


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "请填写身份证号"),
        ("1101051949123100", "18位"),
        ("110105194912310021", "校验位"),
        ("110105194913310021", "出生日期"),
        ("11010519A91231002X", "格式"),
    ],
)
def test_normalize_refuses_bad_numbers_with_the_reason(raw: str, reason: str) -> None:
    with pytest.raises(ValidationError) as caught:
        pii.normalize_id_number(raw)
    assert reason in caught.value.messages[0]


def test_birth_date_and_sex_come_from_the_number() -> None:
    assert pii.id_number_birth_date(VALID_ID).isoformat() == "1949-12-31"
    assert pii.id_number_sex(VALID_ID) == pii.SEX_FEMALE
    assert pii.id_number_sex("110101199003070011") == pii.SEX_MALE


def test_masks() -> None:
    assert pii.mask_id_number(VALID_ID) == "110105********002X"
    assert pii.mask_phone("+8613812345678") == "138****5678"
    assert pii.mask_id_number("") == ""


def test_phone_is_normalized_and_validated() -> None:
    assert pii.normalize_phone("138 1234 5678") == "+8613812345678"
    assert pii.normalize_phone("１３８１２３４５６７８") == "+8613812345678"
    assert pii.display_phone("+8613812345678") == "13812345678"
    for bad in ("12345", "abc", "1381234567"):
        with pytest.raises(ValidationError):
            pii.normalize_phone(bad)


def test_encryption_round_trip_is_not_deterministic() -> None:
    first, second = pii.encrypt(VALID_ID), pii.encrypt(VALID_ID)
    assert first != second
    assert pii.decrypt(first) == VALID_ID
    assert VALID_ID not in first


def test_blind_index_is_keyed_and_stable() -> None:
    default = pii.blind_index(VALID_ID)
    assert default == pii.blind_index(VALID_ID)
    assert default != pii.blind_index(VALID_ID_2)
    with override_settings(PII_INDEX_KEY="another-index-key"):
        assert pii.blind_index(VALID_ID) != default


def test_blind_index_does_not_change_when_the_encryption_key_rotates() -> None:
    before = pii.blind_index(VALID_ID)
    token = pii.encrypt(VALID_ID)
    with override_settings(
        PII_KEY=["brand-new-key", "test-pii-key-current", "test-pii-key-previous"]
    ):
        assert pii.blind_index(VALID_ID) == before
        assert pii.decrypt(token) == VALID_ID
        rotated = pii.reencrypt(token)
    with override_settings(PII_KEY=["brand-new-key", "test-pii-key-previous"]):
        assert pii.decrypt(rotated) == VALID_ID


@pytest.mark.django_db
def test_no_id_number_is_stored_in_clear() -> None:
    """Dump the table as the database holds it and look for the number."""
    User.objects.create_user("worker", password="x", id_number=VALID_ID)
    table = User._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table name
        dump = repr(cursor.fetchall())
    assert VALID_ID not in dump
    assert VALID_ID[:-1] not in dump
    assert pii.mask_id_number(VALID_ID) not in dump
    found = User.objects.get(id_number_index=pii.blind_index(VALID_ID))
    assert found.id_number == VALID_ID


@pytest.mark.django_db
def test_the_blind_index_keeps_id_numbers_unique() -> None:
    from django.db import IntegrityError, transaction

    User.objects.create_user("one", password="x", id_number=VALID_ID)
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user("two", password="x", id_number=VALID_ID)
