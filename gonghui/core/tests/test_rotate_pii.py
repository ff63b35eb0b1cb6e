import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from gonghui.accounts.models import User
from gonghui.core import pii

pytestmark = pytest.mark.django_db
ID = "11010519491231002X"


def _stored_token() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM accounts_user WHERE username = %s", ["w"])
        return str(cursor.fetchone()[0])


def test_rotation_re_encrypts_under_the_new_key_and_lookups_keep_working() -> None:
    User.objects.create_user("w", password="x", id_number=ID)
    old_token = _stored_token()
    keys = ["new-key-2027", "test-pii-key-current", "test-pii-key-previous"]
    with override_settings(PII_KEY=keys):
        call_command("rotate_pii", stdout=open("/dev/null", "w"))  # noqa: SIM115
        new_token = _stored_token()
        assert new_token != old_token
    # the new token decrypts with the new key alone (plus the index anchor)
    with override_settings(PII_KEY=["new-key-2027", "test-pii-key-previous"]):
        user = User.objects.get(id_number_index=pii.blind_index(ID))
        assert user.id_number == ID


def test_rotation_re_encrypts_phones_and_keeps_their_index() -> None:
    phone = "+8613912345678"
    User.objects.create_user("p", password="x", phone=phone)

    def token() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SELECT phone FROM accounts_user WHERE username = %s", ["p"])
            return str(cursor.fetchone()[0])

    old_token = token()
    keys = ["new-key-2027", "test-pii-key-current", "test-pii-key-previous"]
    with override_settings(PII_KEY=keys):
        call_command("rotate_pii", stdout=open("/dev/null", "w"))  # noqa: SIM115
        assert token() != old_token
    with override_settings(PII_KEY=["new-key-2027", "test-pii-key-previous"]):
        assert User.objects.get(phone_index=pii.blind_index(phone)).phone == phone


def test_rotation_rewrites_private_files_so_the_old_key_can_go(tmp_path, settings) -> None:  # type: ignore[no-untyped-def]
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    settings.PRIVATE_FILES_ROOT = tmp_path
    plain = b"%PDF-1.4 evidence" * 1000
    name = default_storage.save("attachments/2026/evidence.pdf", ContentFile(plain))
    before = (tmp_path / name).read_bytes()
    keys = ["new-key-2027", "test-pii-key-current", "test-pii-key-previous"]
    with override_settings(PII_KEY=keys):
        call_command("rotate_pii", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (tmp_path / name).read_bytes() != before
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == ["evidence.pdf"]
    # the current key is gone: the file still reads, with the new key
    with override_settings(PII_KEY=["new-key-2027", "test-pii-key-previous"]):
        assert default_storage.open(name).read() == plain
