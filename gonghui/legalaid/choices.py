"""The vocabulary of legal aid (法律援助): the matters, the channels an application comes
by, the states of a case, the stages a lawyer takes it through and its outcomes."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The review of an application: within 7 working days of receipt (法律援助法 art. 43);
# the days spent waiting for documents the worker must supply do not count.
REVIEW_WORKING_DAYS = 7


class Matter(models.TextChoices):
    WAGES = "wages", _("追索劳动报酬")
    WORK_INJURY = "work_injury", _("工伤赔偿")
    DISMISSAL = "dismissal", _("违法解除劳动合同")
    SOCIAL_INSURANCE = "social_insurance", _("社会保险")
    CONTRACT = "contract", _("劳动合同")
    OVERTIME = "overtime", _("加班与休假")
    OTHER = "other", _("其他劳动权益")


class Channel(models.TextChoices):
    PORTAL = "portal", _("会员网上申请")
    WINDOW = "window", _("窗口受理")
    CONSULTATION = "consultation", _("咨询转入")
    MEDIATION = "mediation", _("调解转入")
    HOTLINE = "hotline", _("热线工单转入")


class Status(models.TextChoices):
    """An application is reviewed (accepted or refused); an accepted one is assigned to a
    lawyer, who takes it through its stages to an outcome and its closure."""

    RECEIVED = "received", _("待审查")
    WAITING = "waiting", _("待补充材料")
    ACCEPTED = "accepted", _("已受理待指派")
    ACTING = "acting", _("承办中")
    CLOSED = "closed", _("已结案")
    REFUSED = "refused", _("不予援助")
    WITHDRAWN = "withdrawn", _("已撤回")


OPEN = frozenset({Status.RECEIVED, Status.WAITING, Status.ACCEPTED, Status.ACTING})
UNDECIDED = frozenset({Status.RECEIVED, Status.WAITING})


class ApplicantStatus(models.TextChoices):
    """What a worker is, as far as the means test reads it."""

    HARDSHIP = "hardship", _("困难职工")
    MODEL_WORKER = "model_worker", _("劳动模范")
    LOW_INCOME = "low_income", _("低收入职工")
    MIGRANT = "migrant", _("农民工")


class RuleKind(models.TextChoices):
    STATUS = "status", _("按身份视为经济困难")
    EXEMPT = "exempt", _("免予核查经济困难状况")
    INCOME = "income", _("按收入标准核查")


class MeansResult(models.TextChoices):
    BY_STATUS = "by_status", _("按身份视为经济困难")
    EXEMPT = "exempt", _("免予核查")
    BELOW_LINE = "below_line", _("收入低于标准")
    ABOVE_LINE = "above_line", _("收入高于标准")
    UNKNOWN = "unknown", _("收入未申报")


MEANS_PASSED = frozenset({MeansResult.BY_STATUS, MeansResult.EXEMPT, MeansResult.BELOW_LINE})


class StageKind(models.TextChoices):
    ADVICE = "advice", _("法律咨询")
    NEGOTIATION = "negotiation", _("协商")
    MEDIATION = "mediation", _("调解")
    ARBITRATION = "arbitration", _("劳动仲裁")
    FIRST_INSTANCE = "first_instance", _("一审")
    SECOND_INSTANCE = "second_instance", _("二审")
    ENFORCEMENT = "enforcement", _("执行")


class Outcome(models.TextChoices):
    WON = "won", _("胜诉")
    PARTLY_WON = "partly_won", _("部分胜诉")
    LOST = "lost", _("败诉")
    SETTLED = "settled", _("和解调解结案")
    WITHDRAWN = "withdrawn", _("撤诉撤回")


WON = frozenset({Outcome.WON, Outcome.PARTLY_WON})


class Holder(models.TextChoices):
    """Who is engaged with a party: a lawyer, a firm, or the federation itself."""

    LAWYER = "lawyer", _("律师")
    FIRM = "firm", _("律师事务所")
    FEDERATION = "federation", _("总工会")


class Side(models.TextChoices):
    FOR = "for", _("代理该方")
    AGAINST = "against", _("与该方对立")


class Language(models.TextChoices):
    MANDARIN = "mandarin", _("普通话")
    CANTONESE = "cantonese", _("粤语")
    ENGLISH = "english", _("英语")
    SIGN = "sign", _("手语")
    MONGOLIAN = "mongolian", _("蒙古语")
    UYGHUR = "uyghur", _("维吾尔语")
    TIBETAN = "tibetan", _("藏语")
    KOREAN = "korean", _("朝鲜语")
