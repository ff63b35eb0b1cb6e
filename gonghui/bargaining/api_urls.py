"""``/api/v1/bargaining/``: congresses, terms, sessions (``apis/congress.py``), proposals
(``apis/proposals.py``) and collective contracts (``apis/contracts.py``)."""

from django.urls import path

from gonghui.api.views import route
from gonghui.bargaining.apis import congress, contracts, proposals

app_name = "bargaining"
urlpatterns = [
    path(
        "congresses/",
        route(get=congress.CongressListApi, post=congress.CongressCreateApi),
        name="congress-list",
    ),
    path("congresses/<int:pk>/", congress.CongressDetailApi.as_view(), name="congress-detail"),
    path("congresses/<int:pk>/terms/", congress.TermCreateApi.as_view(), name="term-create"),
    path("terms/<int:pk>/", congress.TermDetailApi.as_view(), name="term-detail"),
    path(
        "terms/<int:pk>/representatives/",
        congress.RepresentativeElectApi.as_view(),
        name="representative-elect",
    ),
    path("terms/<int:pk>/sessions/", congress.SessionCreateApi.as_view(), name="session-create"),
    path(
        "representatives/<int:pk>/leave/",
        congress.RepresentativeLeaveApi.as_view(),
        name="representative-leave",
    ),
    path("sessions/<int:pk>/", congress.SessionDetailApi.as_view(), name="session-detail"),
    path(
        "sessions/<int:pk>/attendance/",
        congress.AttendanceRecordApi.as_view(),
        name="session-attendance",
    ),
    path("sessions/<int:pk>/votes/", congress.VoteRecordApi.as_view(), name="session-vote"),
    path(
        "proposals/",
        route(get=proposals.ProposalListApi, post=proposals.ProposalEnterApi),
        name="proposal-list",
    ),
    path("proposals/<int:pk>/", proposals.ProposalDetailApi.as_view(), name="proposal-detail"),
    path(
        "proposals/<int:pk>/<slug:step>/",
        proposals.ProposalStepApi.as_view(),
        name="proposal-step",
    ),
    path(
        "contracts/",
        route(get=contracts.ContractListApi, post=contracts.ContractOpenApi),
        name="contract-list",
    ),
    path("contracts/<int:pk>/", contracts.ContractDetailApi.as_view(), name="contract-detail"),
    path(
        "contracts/<int:pk>/<slug:step>/",
        contracts.ContractStepApi.as_view(),
        name="contract-step",
    ),
]
