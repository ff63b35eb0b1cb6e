from django.urls import path

from gonghui.organizations import views

app_name = "organizations"
urlpatterns = [
    path("", views.UnionTreeView.as_view(), name="tree"),
    path("tree/<int:pk>/", views.UnionTreeNodeView.as_view(), name="tree_node"),
    path("export.xlsx", views.UnionExportView.as_view(), name="export"),
    path("unions/new/", views.UnionCreateView.as_view(), name="union_create"),
    path("unions/<int:pk>/", views.UnionDetailView.as_view(), name="union_detail"),
    path("unions/<int:pk>/edit/", views.UnionEditView.as_view(), name="union_edit"),
    path("unions/<int:pk>/move/", views.UnionMoveView.as_view(), name="union_move"),
    path("unions/<int:pk>/merge/", views.UnionMergeView.as_view(), name="union_merge"),
    path("unions/<int:pk>/dissolve/", views.UnionDissolveView.as_view(), name="union_dissolve"),
    path("unions/<int:pk>/entities/new/", views.EntityAttachView.as_view(), name="entity_attach"),
    path("entities/<int:pk>/edit/", views.EntityEditView.as_view(), name="entity_edit"),
    path("entities/<int:pk>/move/", views.EntityMoveView.as_view(), name="entity_move"),
]
