"""Staff pages of membership (included at /members/ by ``members.urls``)."""

from django.urls import path

from gonghui.members import views_staff as views

urlpatterns = [
    path("", views.MemberListView.as_view(), name="member_list"),
    path("add/", views.MemberRegisterView.as_view(), name="member_register"),
    path("people/<int:pk>/", views.PersonDetailView.as_view(), name="person_detail"),
    path(
        "memberships/<int:pk>/details/",
        views.MemberDetailsView.as_view(),
        name="member_details",
    ),
    path("memberships/<int:pk>/end/", views.MembershipEndView.as_view(), name="membership_end"),
    path("applications/", views.ApplicationListView.as_view(), name="application_list"),
    path(
        "applications/approve/",
        views.ApplicationsApproveView.as_view(),
        name="applications_approve",
    ),
    path(
        "applications/<int:pk>/",
        views.ApplicationDetailView.as_view(),
        name="application_detail",
    ),
    path(
        "applications/<int:pk>/approve/",
        views.ApplicationApproveView.as_view(),
        name="application_approve",
    ),
    path(
        "applications/<int:pk>/reject/",
        views.ApplicationRejectView.as_view(),
        name="application_reject",
    ),
    path(
        "applications/<int:pk>/request-info/",
        views.ApplicationRequestInfoView.as_view(),
        name="application_request_info",
    ),
]
