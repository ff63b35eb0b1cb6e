from gonghui.bargaining.models.congress import (
    Attendance,
    Congress,
    Proposal,
    Representative,
    Session,
    Term,
    Vote,
    passes,
    quorum,
)
from gonghui.bargaining.models.contracts import ClockName, Contract, Guidance, Negotiator, StepClock
from gonghui.bargaining.models.policy import Policy

__all__ = [
    "Attendance",
    "ClockName",
    "Congress",
    "Contract",
    "Guidance",
    "Negotiator",
    "Policy",
    "Proposal",
    "Representative",
    "Session",
    "StepClock",
    "Term",
    "Vote",
    "passes",
    "quorum",
]
