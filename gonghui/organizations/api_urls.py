"""``/api/v1/organizations/``: unions, stations, legal entities, coverage."""

from django.urls import path

from gonghui.api.views import route
from gonghui.organizations import apis

app_name = "organizations"
urlpatterns = [
    path("unions/", route(get=apis.UnionListApi, post=apis.UnionCreateApi), name="union-list"),
    path(
        "unions/<int:pk>/",
        route(get=apis.UnionDetailApi, patch=apis.UnionUpdateApi),
        name="union-detail",
    ),
    path("unions/<int:pk>/move/", apis.UnionMoveApi.as_view(), name="union-move"),
    path("unions/<int:pk>/merge/", apis.UnionMergeApi.as_view(), name="union-merge"),
    path("unions/<int:pk>/dissolve/", apis.UnionDissolveApi.as_view(), name="union-dissolve"),
    path("stations/", apis.StationListApi.as_view(), name="station-list"),
    path(
        "legal-entities/",
        route(get=apis.LegalEntityListApi, post=apis.LegalEntityCreateApi),
        name="legal-entity-list",
    ),
    path(
        "legal-entities/<int:pk>/",
        route(get=apis.LegalEntityDetailApi, patch=apis.LegalEntityUpdateApi),
        name="legal-entity-detail",
    ),
]
