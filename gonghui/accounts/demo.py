"""Demo users: one or more for every role, assigned to nodes of the demo tree, all with the
shared demo password (``ctx.password``)."""

from dataclasses import dataclass

from gonghui.accounts import services
from gonghui.accounts.roles import Role
from gonghui.core.demo import DemoContext, mobile, person_name
from gonghui.organizations.models import Organization


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    node: str  # "federation", "station:<slug>" or "union:<featured key>"
    can_view_personal_data: bool = False


DEMO_USERS = (
    DemoUser("fed_admin", Role.FEDERATION_STAFF, "federation", can_view_personal_data=True),
    DemoUser("fed_staff", Role.FEDERATION_STAFF, "federation"),
    DemoUser("station_yizhuang", Role.STATION_STAFF, "station:yizhuang"),
    DemoUser("station_majuqiao", Role.STATION_STAFF, "station:majuqiao"),
    DemoUser("union_jd", Role.UNION_STAFF, "union:anchor"),
    DemoUser("union_joint", Role.UNION_STAFF, "union:joint"),
    DemoUser("union_small", Role.UNION_STAFF, "union:member"),
    DemoUser("mediator", Role.MEDIATOR, "federation"),
    DemoUser("lawyer", Role.LAWYER, "federation"),
    DemoUser("member", Role.MEMBER, "union:anchor"),
)
USERNAMES = tuple(user.username for user in DEMO_USERS)


def _node(ctx: DemoContext, ref: str) -> Organization:
    tree = ctx.shared["organizations"]
    kind, _sep, key = ref.partition(":")
    if kind == "station":
        return tree.stations[key]
    if kind == "union":
        return tree.featured[key]
    return tree.federation


def build(ctx: DemoContext) -> None:
    for spec in DEMO_USERS:
        user = services.user_create(
            actor=ctx.actor,
            username=spec.username,
            password=ctx.password,
            display_name=person_name(ctx.rng),
            phone=mobile(ctx.rng),
        )
        services.assignment_grant(
            actor=ctx.actor,
            user=user,
            organization=_node(ctx, spec.node),
            role=spec.role,
            can_view_personal_data=spec.can_view_personal_data,
        )
    ctx.summary.append(f"用户：{len(DEMO_USERS)} 个演示账户")
