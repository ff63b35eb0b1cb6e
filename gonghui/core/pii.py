"""Personal data: resident ID numbers and phone numbers.

ID numbers are validated with python-stdnum (``cn.ric``), stored encrypted with Fernet
(keys from ``PII_KEY``: the first encrypts, all decrypt, so a key can be rotated with the
``rotate_pii`` command), and found through a keyed blind index (HMAC-SHA256), which also
carries uniqueness. Screens, exports and API responses show masked values unless the actor
holds ``core.view_personal_data`` for the organisation; every unmasked view is audited.
"""

import base64
import hashlib
import hmac
import unicodedata
from datetime import date
from functools import lru_cache

import phonenumbers
from cryptography.fernet import Fernet, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric

SEX_MALE = "M"
SEX_FEMALE = "F"


def _derive(secret: str, purpose: bytes) -> bytes:
    kdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"gonghui-pii", info=purpose)
    return kdf.derive(secret.encode())


@lru_cache(maxsize=8)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("PII_KEY is not set")
    return MultiFernet([Fernet(base64.urlsafe_b64encode(_derive(k, b"encryption"))) for k in keys])


@lru_cache(maxsize=8)
def _index_key(index_key: str, keys: tuple[str, ...]) -> bytes:
    if index_key:
        return _derive(index_key, b"blind-index")
    if not keys:
        raise ImproperlyConfigured("PII_KEY is not set")
    return _derive(keys[-1], b"blind-index")


def _keys() -> tuple[str, ...]:
    return tuple(settings.PII_KEY)


def encrypt(plain: str) -> str:
    return _fernet(_keys()).encrypt(plain.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet(_keys()).decrypt(token.encode()).decode()


def encrypt_bytes(plain: bytes) -> bytes:
    """A file's bytes (``core.storage``), under the newest key."""
    return _fernet(_keys()).encrypt(plain)


def decrypt_bytes(token: bytes) -> bytes:
    return _fernet(_keys()).decrypt(token)


def reencrypt(token: str) -> str:
    """Re-encrypt a token under the newest key (key rotation)."""
    return _fernet(_keys()).rotate(token.encode()).decode()


def reencrypt_bytes(token: bytes) -> bytes:
    """The same plain bytes under the newest key (``rotate_pii``, for private files)."""
    return _fernet(_keys()).rotate(token)


def blind_index(value: str) -> str:
    key = _index_key(settings.PII_INDEX_KEY, _keys())
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


# --- resident ID numbers -------------------------------------------------------------

_ID_ERRORS = {
    stdnum_errors.InvalidLength: _("身份证号应为18位"),
    stdnum_errors.InvalidFormat: _("身份证号格式不正确，只能包含数字和末位X"),
    stdnum_errors.InvalidChecksum: _("身份证号校验位不正确"),
    stdnum_errors.InvalidComponent: _("身份证号中的出生日期或地区码无效"),
}


def normalize_id_number(raw: str) -> str:
    """Return the canonical 18-character ID number or raise ValidationError.

    Accepts what real rosters contain: full-width digits, a lower-case x, spaces.
    """
    value = unicodedata.normalize("NFKC", str(raw or "")).strip().replace(" ", "").upper()
    if not value:
        raise ValidationError(_("请填写身份证号"), code="required")
    if len(value) != 18:
        raise ValidationError(_ID_ERRORS[stdnum_errors.InvalidLength], code="invalid_length")
    try:
        return str(ric.validate(value))
    except stdnum_errors.ValidationError as exc:
        message = _ID_ERRORS.get(type(exc), _("身份证号无效"))
        raise ValidationError(message, code="invalid_id_number") from exc
    except KeyError as exc:
        # stdnum's place lookup fails this way on a code that names a region, not a county
        message = _ID_ERRORS[stdnum_errors.InvalidComponent]
        raise ValidationError(message, code="invalid_id_number") from exc


def id_number_birth_date(value: str) -> date:
    return ric.get_birth_date(value)


def id_number_sex(value: str) -> str:
    return SEX_MALE if int(value[16]) % 2 == 1 else SEX_FEMALE


def mask_id_number(value: str | None) -> str:
    if not value:
        return ""
    return f"{value[:6]}{'*' * (len(value) - 10)}{value[-4:]}"


def mask_account(value: str | None) -> str:
    """A bank account number with all but its last four digits hidden."""
    if not value:
        return ""
    return f"{'*' * max(len(value) - 4, 0)}{value[-4:]}"


def mask_name(value: str | None) -> str:
    """A name as a publication shows it (公示): the family name and, for three characters
    or more, the last one (two of a four-character name first): 李*, 王*明, 欧阳*华."""
    name = (value or "").strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return f"{name[0]}*"
    keep = 2 if len(name) >= 4 else 1
    return f"{name[:keep]}{'*' * (len(name) - keep - 1)}{name[-1]}"


# --- phone numbers -------------------------------------------------------------------


def normalize_phone(raw: str) -> str:
    """Return the phone number in E.164 (+8613812345678) or raise ValidationError."""
    value = unicodedata.normalize("NFKC", str(raw or "")).strip()
    if not value:
        raise ValidationError(_("请填写电话号码"), code="required")
    try:
        number = phonenumbers.parse(value, "CN")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(_("电话号码格式不正确"), code="invalid_phone") from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(_("电话号码无效，请检查位数和号段"), code="invalid_phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(value: str | None) -> str:
    """National form of a stored E.164 number: 13812345678 or 010 12345678."""
    if not value:
        return ""
    number = phonenumbers.parse(value, "CN")
    if number.country_code == 86:
        return (
            str(number.national_number)
            if len(str(number.national_number)) == 11
            else (phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL))
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def mask_phone(value: str | None) -> str:
    shown = display_phone(value)
    if len(shown) < 7:
        return "*" * len(shown)
    return f"{shown[:3]}{'*' * (len(shown) - 7)}{shown[-4:]}"
