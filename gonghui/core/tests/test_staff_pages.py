"""What every staff page shares: pagination that never answers 404 for a page past the
end, money with thousands separators, the favicon, and the attachment upload form."""

from typing import Any

import pytest
from django.test import Client

from gonghui.core.audit_views import AuditListView
from gonghui.core.testing import World, build_world


def _client(world: World, user: str) -> Client:
    client = Client()
    client.force_login(world.user(user))
    return client


# --- pagination --------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["99", "0", "-1", "abc", "last"])
def test_a_page_past_the_end_or_not_a_number_shows_a_page_never_404(
    page: str, monkeypatch: Any
) -> None:
    world = build_world()
    monkeypatch.setattr(AuditListView, "paginate_by", 2)
    client = _client(world, "fed_staff")
    total = client.get("/audit/").context["paginator"].num_pages
    assert total > 1

    response = client.get("/audit/", {"page": page})

    assert response.status_code == 200
    shown = response.context["page_obj"].number
    assert shown == (total if page in ("99", "last") else 1)
    assert len(response.context["object_list"]) > 0


@pytest.mark.django_db
def test_a_page_past_the_end_of_an_empty_list_is_the_empty_first_page() -> None:
    world = build_world()
    response = _client(world, "fed_staff").get("/audit/", {"page": "99", "actor_name": "无此人"})
    assert response.status_code == 200
    assert response.context["page_obj"].number == 1
    assert list(response.context["object_list"]) == []
