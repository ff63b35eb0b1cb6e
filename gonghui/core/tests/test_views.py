import pytest
from django.db.models import QuerySet

from gonghui.api.views import ScopedAPIView
from gonghui.core.views import StaffDetailView, StaffListView


@pytest.mark.parametrize("base", [StaffListView, StaffDetailView, ScopedAPIView])
def test_a_view_cannot_bypass_the_scoping(base: type) -> None:
    with pytest.raises(TypeError, match="refine_queryset"):
        type("Leaky", (base,), {"get_queryset": lambda self: QuerySet()})


@pytest.mark.django_db
def test_list_pages_sort_by_the_chosen_column(client) -> None:  # type: ignore[no-untyped-def]
    from gonghui.core.testing import build_world

    world = build_world()
    client.force_login(world.user("fed_staff"))
    newest = client.get("/audit/?sort=-time").context["object_list"]
    oldest = client.get("/audit/?sort=time").context["object_list"]
    assert newest[0].pk != oldest[0].pk
    assert list(oldest)[0].time <= list(oldest)[-1].time
