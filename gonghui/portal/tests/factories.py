"""Test data of the member pages: valid ID numbers, member accounts, applications."""

from datetime import date
from typing import Any

from stdnum.cn import ric

from gonghui.accounts.models import User
from gonghui.core.testing import PASSWORD, World, make_user
from gonghui.members.choices import Channel, EmploymentKind
from gonghui.members.models import JoinApplication
from gonghui.members.services.applications import application_approve, application_submit
from gonghui.members.services.signin import new_member_username
from gonghui.organizations import services as org_services
from gonghui.organizations.choices import UnionKind
from gonghui.organizations.models import Organization


def id_number(serial: int, birth: str = "19900307") -> str:
    """A valid resident ID number (Beijing Dongcheng), distinct for each serial."""
    body = f"110101{birth}{serial:03d}"
    return body + ric.calc_check_digit(body + "0")


def phone(serial: int) -> str:
    """A mobile number, distinct for each serial (0 to 9999)."""
    return f"1370000{serial:04d}"


def e164(national: str) -> str:
    return f"+86{national}"


def member(serial: int) -> User:
    """A member account as the code sign-in creates it: an opaque name, its (verified) phone,
    no role."""
    verified = e164(phone(serial))
    return make_user(new_member_username(), None, None, phone=verified)


def application(world: World, *, serial: int, actor: Any = None, **fields: Any) -> JoinApplication:
    """An application to union A (through its legal entity) unless told otherwise."""
    values: dict[str, Any] = {
        "channel": Channel.PORTAL,
        "name": "王小明",
        "id_number": id_number(serial),
        "phone": phone(serial),
        "employment_kind": EmploymentKind.EMPLOYEE,
        "consent": True,
        "employer": world.entity_a,
    }
    values.update(fields)
    return application_submit(actor=actor, **values)


def approved(world: World, *, serial: int, actor: Any = None) -> JoinApplication:
    submitted = application(world, serial=serial, actor=actor)
    return application_approve(
        actor=world.system, application=submitted, started_on=date(2026, 1, 5)
    )


def joint_union(world: World, station: Organization | None = None) -> Organization:
    return org_services.union_found(
        actor=world.system,
        parent=station or world.station_a,
        name="第一服务站新就业形态联合工会",
        union_kind=UnionKind.JOINT,
        founded_on=date(2023, 5, 1),
    )


__all__ = ["PASSWORD"]
