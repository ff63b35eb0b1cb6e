from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "gonghui.members"
    verbose_name = _("会员")

    def ready(self) -> None:
        from gonghui.members.services.memberships import first_start, memberships_follow_union
        from gonghui.organizations.services import register_union_end, register_union_floor

        register_union_end(memberships_follow_union)
        register_union_floor(first_start)
