"""Legal aid: the lawyers retained and their firms, the engagements the conflict check
reads, the eligibility rules held in data, and the cases with their stages."""

from gonghui.legalaid.models.cases import LegalAidCase, Stage
from gonghui.legalaid.models.lawyers import Engagement, LawFirm, Lawyer
from gonghui.legalaid.models.rules import EligibilityRule

__all__ = ["EligibilityRule", "Engagement", "LawFirm", "Lawyer", "LegalAidCase", "Stage"]
