from django.db import models
from django.utils.translation import gettext_lazy as _

MEDIATION_DAYS = 15  # 劳动争议调解仲裁法 第十四条: within 15 days of accepting the application


class Channel(models.TextChoices):
    ON_SITE = "on_site", _("现场")
    PHONE = "phone", _("电话")
    HOTLINE = "hotline", _("热线")
    ONLINE = "online", _("网上")


class Topic(models.TextChoices):
    WAGES = "wages", _("劳动报酬")
    CONTRACT = "contract", _("劳动合同")
    SOCIAL_INSURANCE = "social_insurance", _("社会保险")
    INJURY = "injury", _("工伤")
    DISMISSAL = "dismissal", _("解除或终止劳动关系")
    OVERTIME = "overtime", _("加班与工时")
    LEAVE = "leave", _("休息休假")
    OTHER = "other", _("其他")


class ConsultationOutcome(models.TextChoices):
    ANSWERED = "answered", _("当场解答")
    MEDIATION = "mediation", _("转入调解")
    LEGAL_AID = "legal_aid", _("转入法律援助")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    NEUTRAL = "neutral", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")
    NOT_ASKED = "not_asked", _("未评价")


class Tier(models.TextChoices):
    FEDERATION = "federation", _("总工会调解委员会")
    STATION = "station", _("服务站调解委员会")
    ENTERPRISE = "enterprise", _("企业劳动争议调解委员会")


# the tier above each tier: a case is transferred up one tier
TIER_ABOVE: dict[str, str] = {Tier.ENTERPRISE: Tier.STATION, Tier.STATION: Tier.FEDERATION}


class CaseStatus(models.TextChoices):
    APPLIED = "applied", _("待受理")
    DECLINED = "declined", _("不予受理")
    MEDIATING = "mediating", _("调解中")
    TRANSFERRED = "transferred", _("已移交上级")
    CLOSED = "closed", _("已结案")


class Outcome(models.TextChoices):
    AGREEMENT = "agreement", _("达成调解协议")
    FAILURE = "failure", _("调解不成")
    WITHDRAWAL = "withdrawal", _("申请人撤回")


class ClaimKind(models.TextChoices):
    WAGES = "wages", _("拖欠工资")
    OVERTIME = "overtime", _("加班费")
    COMPENSATION = "compensation", _("经济补偿金")
    DAMAGES = "damages", _("赔偿金")
    SOCIAL_INSURANCE = "social_insurance", _("社会保险费")
    INJURY = "injury", _("工伤待遇")
    OTHER = "other", _("其他")


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("已安排")
    HELD = "held", _("已调解")
    CANCELLED = "cancelled", _("已取消")
