"""Statuses, kinds and the workflow vocabulary of hardship assistance."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Tier(models.TextChoices):
    DEEP = "deep", _("深度困难")
    RELATIVE = "relative", _("相对困难")
    ACCIDENT = "accident", _("意外致困")


class Cause(models.TextChoices):
    ILLNESS = "illness", _("患病")
    DISABILITY = "disability", _("残疾")
    ACCIDENT = "accident", _("意外事故")
    SPOUSE_UNEMPLOYED = "spouse_unemployed", _("配偶失业")
    SCHOOLING = "schooling", _("子女就学")
    DISASTER = "disaster", _("自然灾害")
    LOW_INCOME = "low_income", _("收入低")
    EMERGENCY = "emergency", _("突发事件")
    OTHER = "other", _("其他")


# causes that make a household's hardship sudden: above the low-income line, a file for
# one of these is accident-caused (意外致困)
SUDDEN_CAUSES = frozenset({Cause.ILLNESS, Cause.ACCIDENT, Cause.DISASTER, Cause.EMERGENCY})


class Relation(models.TextChoices):
    SPOUSE = "spouse", _("配偶")
    CHILD = "child", _("子女")
    PARENT = "parent", _("父母")
    PARENT_IN_LAW = "parent_in_law", _("岳父母/公婆")
    SIBLING = "sibling", _("兄弟姐妹")
    GRANDCHILD = "grandchild", _("孙子女/外孙子女")
    OTHER = "other", _("其他")


class Situation(models.TextChoices):
    WORKING = "working", _("在业")
    UNEMPLOYED = "unemployed", _("失业")
    RETIRED = "retired", _("退休")
    STUDENT = "student", _("在校学生")
    PRESCHOOL = "preschool", _("学龄前")
    ILL = "ill", _("患病")
    DISABLED = "disabled", _("残疾")
    OTHER = "other", _("其他")


class IncomeLineKind(models.TextChoices):
    SUBSISTENCE = "subsistence", _("最低生活保障标准")
    LOW_INCOME = "low_income", _("低收入家庭认定标准")


class FileStatus(models.TextChoices):
    FILED = "filed", _("待服务站审核")
    CHECKED = "checked", _("待总工会审批")
    ACTIVE = "active", _("在档")
    SENT_BACK = "sent_back", _("已退回")
    REJECTED = "rejected", _("未通过")
    LEFT = "left", _("已解困")


# a file in these states holds the person: a second file for them is refused
FILE_HOLDING = (FileStatus.FILED, FileStatus.CHECKED, FileStatus.ACTIVE, FileStatus.SENT_BACK)
FILE_HOLDING_OR_LEFT = (*FILE_HOLDING, FileStatus.LEFT)


class DocumentSubject(models.TextChoices):
    FILE = "file", _("困难职工建档")
    AID = "aid", _("帮扶申请")


class Document(models.TextChoices):
    """The documents a file or an application may carry (attachment kinds)."""

    REGISTRATION_FORM = "registration_form", _("困难职工登记表")
    APPLICATION_FORM = "application_form", _("帮扶申请表")
    DIAGNOSIS = "diagnosis", _("诊断证明")
    MEDICAL_BILLS = "medical_bills", _("医疗费用票据")
    HOUSEHOLD_REGISTER = "household_register", _("户口簿")
    EMPLOYER_CERTIFICATE = "employer_certificate", _("单位证明")
    INCOME_PROOF = "income_proof", _("收入证明")
    DISABILITY_CERTIFICATE = "disability_certificate", _("残疾证")
    SCHOOL_PROOF = "school_proof", _("入学证明")
    DISASTER_PROOF = "disaster_proof", _("受灾证明")
    ID_CARD = "id_card", _("身份证")
    PHOTO = "photo", _("照片")
    SIGNED_SHEET = "signed_sheet", _("签收单")
    SIGNATURE = "signature", _("签名")
    OTHER = "other", _("其他材料")


class AidCategory(models.TextChoices):
    TEMPORARY = "temporary", _("临时致困帮扶")
    LIVING = "living", _("生活救助")
    MEDICAL = "medical", _("医疗救助")
    SCHOOLING = "schooling", _("助学")
    SPECIAL = "special", _("专项资金")
    WARMTH = "warmth", _("温暖专项基金")


class AmountMode(models.TextChoices):
    FIXED = "fixed", _("定额")
    BAND = "band", _("区间")


class AidStatus(models.TextChoices):
    APPLIED = "applied", _("待工会受理")
    FILED = "filed", _("待服务站审核")
    CHECKED = "checked", _("待总工会审批")
    APPROVED = "approved", _("待公示")
    PUBLISHED = "published", _("公示中")
    OBJECTED = "objected", _("公示有异议")
    PAID = "paid", _("已发放")
    SENT_BACK = "sent_back", _("已退回")
    REJECTED = "rejected", _("未批准")
    WITHDRAWN = "withdrawn", _("已撤回")
    REVOKED = "revoked", _("已撤销")


# an application in these states counts against the person's cap for the year
AID_COUNTING = (
    AidStatus.APPLIED,
    AidStatus.FILED,
    AidStatus.CHECKED,
    AidStatus.APPROVED,
    AidStatus.PUBLISHED,
    AidStatus.OBJECTED,
    AidStatus.PAID,
    AidStatus.SENT_BACK,
)
# granted aid: approved at the federation and not revoked
AID_GRANTED = (AidStatus.APPROVED, AidStatus.PUBLISHED, AidStatus.OBJECTED, AidStatus.PAID)


class Channel(models.TextChoices):
    STAFF = "staff", _("工会代为申请")
    PORTAL = "portal", _("会员网上申请")


class PaymentMethod(models.TextChoices):
    BANK = "bank", _("银行转账")
    CASH = "cash", _("现金")


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    UPHELD = "upheld", _("异议成立")
    DISMISSED = "dismissed", _("异议不成立")


class ReceiptMethod(models.TextChoices):
    SIGNATURE = "signature", _("现场手写签名")
    SCAN = "scan", _("签收单扫描件")


class FundKind(models.TextChoices):
    WARMTH = "warmth", _("温暖专项基金")
    SPECIAL = "special", _("专项资金")
    BUDGET = "budget", _("预算科目")


class EntryKind(models.TextChoices):
    DONATION = "donation", _("捐赠")
    ALLOCATION = "allocation", _("拨入")
    GRANT = "grant", _("救助支出")
    SPENDING = "spending", _("慰问支出")
    REVERSAL = "reversal", _("冲正")
    HOLD = "hold", _("预留")
    RELEASE = "release", _("释放预留")


# entries that bring money in, and those that take it out (a reversal is either); a hold
# and its release are neither: money set aside for a purpose (a published campaign) and
# given back when the purpose is settled, what was really spent being booked then
CREDIT_KINDS = frozenset({EntryKind.DONATION, EntryKind.ALLOCATION})
DEBIT_KINDS = frozenset({EntryKind.GRANT, EntryKind.SPENDING})
HOLD_KINDS = frozenset({EntryKind.HOLD, EntryKind.RELEASE})


class Occasion(models.TextChoices):
    SPRING_FESTIVAL = "spring_festival", _("春节送温暖")
    MAY_DAY = "may_day", _("五一慰问")
    NATIONAL_DAY = "national_day", _("国庆慰问")
    NEW_YEAR = "new_year", _("元旦慰问")
    SUMMER = "summer", _("夏送清凉")
    EPIDEMIC = "epidemic", _("疫情防控慰问")
    MODEL_WORKERS = "model_workers", _("走访慰问劳模")
    OTHER = "other", _("其他慰问")


class CampaignScope(models.TextChoices):
    UNITS = "units", _("按单位")
    SITES = "sites", _("按站点（工地等）")
    TIER = "tier", _("按困难职工档案")


class CampaignStatus(models.TextChoices):
    PLANNING = "planning", _("筹备中")
    DISTRIBUTING = "distributing", _("发放中")
    CLOSED = "closed", _("已结束")


class LineStatus(models.TextChoices):
    PLANNED = "planned", _("待发放")
    DISTRIBUTED = "distributed", _("已发放")
