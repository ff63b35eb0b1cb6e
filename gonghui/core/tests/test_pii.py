from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import FieldError, ValidationError
from django.db import connection
from django.test import override_settings

from gonghui.accounts.models import User
from gonghui.core import pii
from gonghui.core.fields import BlindIndexField, EncryptedTextField, PhoneField, with_blind_indexes
from gonghui.core.pii_migrations import encrypt_columns

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


# --- phones: encrypted at rest, found through a blind index ----------------------------

PHONE = "+8613912345678"


def _phone_models() -> list[tuple[Any, str, str | None]]:
    """Every model with a phone field: (model, field, its blind index or None)."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, PhoneField):
                index = next(
                    (
                        f.name
                        for f in model._meta.concrete_fields
                        if isinstance(f, BlindIndexField) and f.source == field.name
                    ),
                    None,
                )
                found.append((model, field.name, index))
    return found


def test_every_phone_field_is_encrypted_and_the_looked_up_ones_are_indexed() -> None:
    fields = {(m._meta.label, name): index for m, name, index in _phone_models()}

    assert set(fields) >= {
        ("accounts.User", "phone"),
        ("members.Person", "phone"),
        ("members.JoinApplication", "phone"),
        ("core.Notice", "phone"),
        ("members.OneTimeCode", "phone"),
        ("disputes.Consultation", "phone"),
        ("disputes.CaseApplicant", "phone"),
        ("organizations.Organization", "chair_phone"),
        ("organizations.Organization", "contact_phone"),
    }
    for label in ("accounts.User", "members.Person", "members.JoinApplication"):
        assert fields[(label, "phone")] == "phone_index"
    assert fields[("core.Notice", "phone")] == "phone_index"
    assert fields[("members.OneTimeCode", "phone")] == "phone_index"
    assert issubclass(PhoneField, EncryptedTextField)


@pytest.mark.django_db
def test_no_phone_is_stored_in_clear_and_the_index_finds_it() -> None:
    # given
    User.objects.create_user("staff-with-phone", password="x", phone=PHONE)

    # when: the table as the database holds it
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {User._meta.db_table}")  # noqa: S608 - fixed table name
        dump = repr(cursor.fetchall())

    # then
    assert PHONE[3:] not in dump
    assert pii.mask_phone(PHONE) not in dump
    found = User.objects.get(phone_index=pii.blind_index(PHONE))
    assert found.phone == PHONE


@pytest.mark.django_db
def test_a_lookup_on_an_encrypted_field_raises_instead_of_matching_nothing() -> None:
    with pytest.raises(FieldError, match="blind index"):
        list(User.objects.filter(**{"phone": PHONE}))
    with pytest.raises(FieldError, match="blind index"):
        list(User.objects.filter(**{"id_number__startswith": "1101"}))
    assert list(User.objects.filter(**{"phone__isnull": True})) == []


def test_a_save_of_named_fields_names_their_blind_indexes_too() -> None:
    assert with_blind_indexes(User, ["phone", "display_name"]) == [
        "phone",
        "display_name",
        "phone_index",
    ]
    assert with_blind_indexes(User, ["display_name"]) == ["display_name"]


@pytest.mark.django_db
def test_the_data_migration_encrypts_clear_phones_and_its_reverse_restores_them() -> None:
    # given: a phone stored in clear, as before the migration
    user = User.objects.create_user("before-migration", password="x")
    table = User._meta.db_table

    def stored() -> tuple[str, str | None]:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT phone, phone_index FROM {table} WHERE id = %s", [user.pk])  # noqa: S608
            row = cursor.fetchone()
        return str(row[0]), row[1]

    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET phone = %s WHERE id = %s", [PHONE, user.pk])  # noqa: S608
    operation = encrypt_columns([("accounts", "User", "phone", "phone_index")])

    # when: forward, forward again (already encrypted: left alone), then backward
    editor: Any = SimpleNamespace(connection=connection)  # all the operation uses of it
    registry: Any = apps
    operation.code(registry, editor)
    encrypted = stored()
    operation.code(registry, editor)
    again = stored()
    assert operation.reverse_code is not None
    operation.reverse_code(registry, editor)
    restored = stored()

    # then
    assert PHONE not in encrypted[0] and pii.decrypt(encrypted[0]) == PHONE
    assert encrypted[1] == pii.blind_index(PHONE)
    assert again == encrypted
    assert restored == (PHONE, None)
