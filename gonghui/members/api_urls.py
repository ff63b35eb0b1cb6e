"""``/api/v1/members/``: join applications and their review, memberships, people."""

from django.urls import path

from gonghui.members import apis

app_name = "members"
urlpatterns = [
    path("applications/", apis.ApplicationListApi.as_view(), name="application-list"),
    path(
        "applications/approve/",
        apis.ApplicationBatchApproveApi.as_view(),
        name="application-batch-approve",
    ),
    path("applications/search/", apis.ApplicationSearchApi.as_view(), name="application-search"),
    path("applications/<int:pk>/", apis.ApplicationDetailApi.as_view(), name="application-detail"),
    path(
        "applications/<int:pk>/approve/",
        apis.ApplicationApproveApi.as_view(),
        name="application-approve",
    ),
    path(
        "applications/<int:pk>/reject/",
        apis.ApplicationRejectApi.as_view(),
        name="application-reject",
    ),
    path(
        "applications/<int:pk>/request-info/",
        apis.ApplicationRequestInfoApi.as_view(),
        name="application-request-info",
    ),
    path("memberships/", apis.MembershipListApi.as_view(), name="membership-list"),
    path("memberships/search/", apis.MembershipSearchApi.as_view(), name="membership-search"),
    path("memberships/<int:pk>/end/", apis.MembershipEndApi.as_view(), name="membership-end"),
    path("persons/<int:pk>/", apis.PersonDetailApi.as_view(), name="person-detail"),
]
