"""The English catalogue: complete, compiled, and used by pages and the API.

The source strings are Simplified Chinese (the default language), so only English has a
catalogue: ``gonghui/locale/en/LC_MESSAGES/django.po`` and its compiled ``django.mo``,
both kept in the repository so that a machine without GNU gettext still serves English.
After ``makemessages`` and translating, run ``compilemessages -l en``: the tests below fail
while the .mo lags behind the .po.
"""

import gettext
import re
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from gonghui.accounts.services import user_set_language
from gonghui.core.testing import World, build_world

LC_MESSAGES = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
PO_FILE = LC_MESSAGES / "django.po"
MO_FILE = LC_MESSAGES / "django.mo"

ENTITIES = "/api/v1/organizations/legal-entities/"
BAD_CHECK_CHARACTER = "91110302MA01A0B01X"  # a valid code with its last character changed


# --- a small reader of .po files (stdlib only) -------------------------------------------


@dataclass
class Message:
    msgid: str
    line: int
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: str = ""
    plural_forms: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+"(.*)"$')


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), text)


def read_po(path: Path) -> tuple[dict[str, str], list[Message]]:
    """The header's fields and the messages (obsolete ``#~`` entries are skipped)."""
    messages: list[Message] = []
    flags: set[str] = set()
    current: Message | None = None
    target: tuple[str, int | None] | None = None
    awaiting_msgid = False  # after a msgctxt, the msgid belongs to the same message

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#,"):
            flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#"):  # comments, references, previous (#|) and obsolete (#~)
            continue
        if line.startswith('"'):
            assert current is not None and target is not None, f"{path}:{number}"
            _append(current, target, _unquote(line[1:-1]))
            continue
        match = _KEYWORD.match(line)
        assert match, f"{path}:{number}: cannot read {raw!r}"
        keyword, index, text = match.group(1), match.group(2), _unquote(match.group(3))
        if keyword == "msgctxt" or (keyword == "msgid" and not awaiting_msgid):
            current = Message(msgid="", line=number, flags=flags)
            messages.append(current)
            flags = set()
        awaiting_msgid = keyword == "msgctxt"
        assert current is not None
        if keyword.startswith("msgstr["):
            target = ("plural", int(index))
            current.plural_forms[int(index)] = ""
        else:
            target = (keyword, None)
        _append(current, target, text)

    header = {}
    if messages and messages[0].msgid == "" and messages[0].msgctxt is None:
        for row in messages.pop(0).msgstr.splitlines():
            name, _sep, value = row.partition(":")
            header[name.strip()] = value.strip()
    return header, messages


def _append(message: Message, target: tuple[str, int | None], text: str) -> None:
    kind, index = target
    if kind == "plural":
        assert index is not None
        message.plural_forms[index] += text
    elif kind == "msgctxt":
        message.msgctxt = (message.msgctxt or "") + text
    elif kind == "msgid_plural":
        message.msgid_plural = (message.msgid_plural or "") + text
    else:
        setattr(message, kind, getattr(message, kind) + text)


def _placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"%\(\w+\)[sd]|%[sd]", text))


@pytest.fixture(scope="module")
def catalogue() -> tuple[dict[str, str], list[Message]]:
    return read_po(PO_FILE)


# --- (a) the catalogue ---------------------------------------------------------------------


def test_the_reader_understands_po_syntax(tmp_path: Path) -> None:
    sample = tmp_path / "sample.po"
    sample.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
        '\n#: a.py:1\n#, fuzzy, python-format\nmsgid "甲 %(n)s"\nmsgstr "A %(n)s"\n'
        '\nmsgctxt "菜单"\nmsgid "首页"\nmsgstr "Home"\n'
        '\nmsgid ""\n"长"\n"句"\nmsgstr ""\n"Long "\n"\\"sentence\\""\n'
        '\nmsgid "%(count)s 个"\nmsgid_plural "%(count)s 个"\n'
        'msgstr[0] "%(count)s item"\nmsgstr[1] "%(count)s items"\n'
        '\n#~ msgid "旧"\n#~ msgstr "Old"\n',
        encoding="utf-8",
    )

    header, messages = read_po(sample)

    assert header["Language"] == "en"
    assert [(m.msgctxt, m.msgid, m.msgstr) for m in messages[:3]] == [
        (None, "甲 %(n)s", "A %(n)s"),
        ("菜单", "首页", "Home"),
        (None, "长句", 'Long "sentence"'),
    ]
    assert messages[0].flags == {"fuzzy", "python-format"}
    assert messages[3].msgid_plural == "%(count)s 个"
    assert messages[3].plural_forms == {0: "%(count)s item", 1: "%(count)s items"}
    assert len(messages) == 4


def test_the_english_catalogue_is_complete(catalogue: tuple[dict[str, str], list[Message]]) -> None:
    header, messages = catalogue
    assert header["Language"] == "en"
    assert header["Plural-Forms"].startswith("nplurals=2;")
    assert len(messages) > 250

    problems = []
    for message in messages:
        where = f"django.po:{message.line} {message.msgid!r}"
        if "fuzzy" in message.flags:
            problems.append(f"{where}: fuzzy")
        if message.msgid_plural is None:
            translations = [message.msgstr]
        else:
            translations = [message.plural_forms.get(n, "") for n in (0, 1)]
        for text in translations:
            if not text.strip():
                problems.append(f"{where}: not translated")
            elif _placeholders(text) != _placeholders(message.msgid):
                problems.append(f"{where}: placeholders differ in {text!r}")
            elif re.search(r"[\u4e00-\u9fff]", text) and message.msgid != "简体中文":
                problems.append(f"{where}: Chinese left in {text!r}")
    assert not problems, "\n".join(problems)


def test_the_compiled_catalogue_matches_the_po(
    catalogue: tuple[dict[str, str], list[Message]],
) -> None:
    _header, messages = catalogue
    data = MO_FILE.read_bytes()
    magic, _revision, count = struct.unpack("<3I", data[:12])
    assert magic == 0x950412DE, "django.mo is not a little-endian GNU .mo file"
    with MO_FILE.open("rb") as handle:
        mo = gettext.GNUTranslations(handle)

    stale = []
    for message in messages:
        if message.msgid_plural is None:
            expected: list[str] = [message.msgstr]
            if message.msgctxt is None:
                got = [mo.gettext(message.msgid)]
            else:
                got = [mo.pgettext(message.msgctxt, message.msgid)]
        else:
            expected = [message.plural_forms[0], message.plural_forms[1]]
            got = [mo.ngettext(message.msgid, message.msgid_plural, n) for n in (1, 2)]
        if got != expected:
            stale.append(f"{message.msgid!r}: .mo has {got!r}, .po has {expected!r}")
    assert not stale, "run `manage.py compilemessages -l en`:\n" + "\n".join(stale)
    # the .mo holds the header and exactly the .po's messages, none left over
    assert count == len(messages) + 1, "run `manage.py compilemessages -l en`"


def test_there_is_no_catalogue_for_the_source_language() -> None:
    assert not (Path(settings.LOCALE_PATHS[0]) / "zh_Hans").exists()
    assert not (Path(settings.LOCALE_PATHS[0]) / "zh-hans").exists()


# --- (b) pages -----------------------------------------------------------------------------


def _signed_in(world: World, key: str, language: str | None = None) -> Client:
    user = world.user(key)
    if language:
        user_set_language(actor=user, language=language)
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_a_user_who_chose_english_gets_english_pages() -> None:
    world = build_world()
    client = _signed_in(world, "fed_staff", "en")

    response = client.get(reverse("organizations:tree"))

    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    page = response.content.decode()
    assert '<html lang="en">' in page
    for english in (
        "Trade Union Service Platform",
        "<h1>Organisations</h1>",
        "Coverage statistics",
        "Audit log",
        "Service station",
        "Union register",
        "Sign out",
        "Standalone union",
    ):
        assert english in page, english
    for chinese in (
        "工会服务平台",
        "组织建设",
        "覆盖统计",
        "审计日志",
        "工会名册",
        "退出",
        "单独建会",
    ):
        assert chinese not in page, chinese


@pytest.mark.django_db
def test_pages_are_in_chinese_by_default() -> None:
    world = build_world()
    client = _signed_in(world, "fed_staff")
    assert world.user("fed_staff").language == "zh-hans"

    response = client.get(reverse("organizations:tree"))

    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="zh-hans">' in page
    for chinese in ("工会服务平台", "<h1>组织建设</h1>", "覆盖统计", "审计日志", "退出"):
        assert chinese in page, chinese
    for english in ("Trade Union Service Platform", "Organisations", "Coverage statistics"):
        assert english not in page, english


@pytest.mark.django_db
def test_a_member_who_chose_english_gets_english_member_pages() -> None:
    world = build_world()
    client = _signed_in(world, "member", "en")

    response = client.get(reverse("portal:home"))

    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    page = response.content.decode()
    assert '<html lang="en">' in page
    for english in (
        "<title>Member services · Trade Union Member Services</title>",
        "<h1>You are not a union member yet</h1>",
        "Apply to join online",
        "<h2>My applications</h2>",
        "No join applications yet.",
        "<h2>My notifications</h2>",
        "Set sign-in password",
        "Sign out",
    ):
        assert english in page, english
    for chinese in (
        "工会会员服务",
        "您还不是工会会员",
        "在线申请入会",
        "我的申请",
        "我的通知",
        "设置登录密码",
        "退出登录",
    ):
        assert chinese not in page, chinese


# --- (c) the API ---------------------------------------------------------------------------


def _entity(world: World, **overrides: Any) -> dict[str, Any]:
    return {
        "union": world.union_a.pk,
        "name": "丙贸易有限公司",
        "credit_code": BAD_CHECK_CHARACTER,
        "headcount": 30,
        "industry": "F",
        "covered_since": "2024-05-01",
        **overrides,
    }


@pytest.mark.django_db
def test_api_validation_errors_are_in_the_users_language() -> None:
    world = build_world()
    client = _signed_in(world, "fed_staff", "en")

    response = client.post(
        ENTITIES, _entity(world), content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert (
        body["message"] == "The submitted data contains errors. Please check the fields indicated."
    )
    assert body["fields"]["credit_code"] == [
        "The unified social credit code's check character is incorrect"
    ]


@pytest.mark.django_db
def test_api_validation_errors_are_in_chinese_by_default() -> None:
    world = build_world()
    client = _signed_in(world, "fed_staff")

    response = client.post(ENTITIES, _entity(world), content_type="application/json")

    assert response.status_code == 400
    body = response.json()
    assert body["message"] == "提交的数据有误，请检查标出的字段"
    assert body["fields"]["credit_code"] == ["统一社会信用代码校验位不正确"]


@pytest.mark.django_db
def test_an_anonymous_api_client_gets_its_accept_language() -> None:
    build_world()

    response = Client().post(
        reverse("api:token"),
        {"username": "fed_staff", "password": "wrong"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert response.json()["fields"]["non_field_errors"] == ["Incorrect username or password"]
