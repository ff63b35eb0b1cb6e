"""The campaign workflow (draft, published, closed or cancelled), declared in the one
engine. Claims and redemptions are not steps of the campaign: they write vouchers
(``services.claims``, ``services.redeem``) without locking the campaign's row."""

from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import BENEFITS_RUN
from gonghui.benefits.choices import CampaignStatus as S
from gonghui.benefits.forms.steps import CancelForm
from gonghui.benefits.models import Campaign
from gonghui.benefits.services import campaigns
from gonghui.core.workflow import SYSTEM, Step, Workflow, register

CAMPAIGNS = register(
    Workflow(
        name="benefit_campaign",
        model=Campaign,
        noun=_("普惠活动"),
        organization=lambda campaign: campaign.organization,
        steps=(
            Step("create", frozenset(), S.DRAFT, BENEFITS_RUN, _("创建普惠活动")),
            # a campaign held before the platform, recorded closed (services.history)
            Step("record", frozenset(), S.CLOSED, BENEFITS_RUN, _("补录已结束的历史活动")),
            Step(
                "publish",
                frozenset({S.DRAFT}),
                S.PUBLISHED,
                BENEFITS_RUN,
                _("发布活动"),
                guard=campaigns.may_publish,
                apply=campaigns.publish,
                url="benefits:campaign_step",
                url_names_step=True,
                submit=_("发布（预留预算，到时开放领取）"),
                wrong_state=_("只有草稿可以发布"),
            ),
            Step(
                "close",
                frozenset({S.PUBLISHED}),
                S.CLOSED,
                BENEFITS_RUN,
                _("结束活动"),
                guard=campaigns.may_close,
                apply=campaigns.close,
                url="benefits:campaign_step",
                url_names_step=True,
                submit=_("结束（未核销的券过期，结余退回）"),
                wrong_state=_("只有已发布的活动可以结束"),
            ),
            Step(
                "expire",
                frozenset({S.PUBLISHED}),
                S.CLOSED,
                SYSTEM,
                _("券有效期届满，活动结束"),
                guard=campaigns.may_close,
                apply=campaigns.close,
            ),
            Step(
                "cancel",
                frozenset({S.DRAFT, S.PUBLISHED}),
                S.CANCELLED,
                BENEFITS_RUN,
                _("取消活动"),
                input=CancelForm,
                apply=campaigns.cancel,
                url="benefits:campaign_step",
                url_names_step=True,
                wrong_state=_("已结束或已取消的活动不能取消"),
            ),
        ),
    )
)
