"""The campaign workflow (planning, distributing, closed), declared in the one engine.

A campaign is created in planning (its list built, sites and lines added), starts
distributing once it has a list, and is closed when done; lines are handed out one by one
(``services.campaigns.line_distribute``) while it is distributing."""

from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import ASSISTANCE_MANAGE
from gonghui.assistance.choices import CampaignStatus as S
from gonghui.assistance.models import Campaign
from gonghui.assistance.services.campaigns import may_start
from gonghui.core.workflow import Step, Workflow, register

CAMPAIGNS = register(
    Workflow(
        name="campaign",
        model=Campaign,
        noun=_("慰问活动"),
        organization=lambda campaign: campaign.organization,
        steps=(
            Step("create", frozenset(), S.PLANNING, ASSISTANCE_MANAGE, _("创建慰问活动")),
            Step(
                "start",
                frozenset({S.PLANNING}),
                S.DISTRIBUTING,
                ASSISTANCE_MANAGE,
                _("开始发放"),
                guard=may_start,
                url="assistance:campaign_start",
                wrong_state=_("只有筹备中的慰问活动可以开始发放"),
            ),
            Step(
                "close",
                frozenset({S.DISTRIBUTING}),
                S.CLOSED,
                ASSISTANCE_MANAGE,
                _("结束活动"),
                url="assistance:campaign_close",
                wrong_state=_("只有发放中的慰问活动可以结束"),
            ),
        ),
    )
)
