"""Access cases of the type-ahead lookups (core.lookups) of the tree: union B's staff
search and never find union A."""

from django.urls import reverse

from gonghui.core.testing import AccessCase

ACCESS_CASES = [
    AccessCase(
        name="core:lookup",
        id="core:lookup-union",
        url=lambda w: reverse("core:lookup", args=["union"]) + "?q=",
        allowed="union_a_staff",
        listing=True,
        hidden=lambda w: w.union_a.name,
    ),
    AccessCase(
        name="core:lookup",
        id="core:lookup-entity",
        url=lambda w: reverse("core:lookup", args=["entity"]),
        allowed="union_a_staff",
        listing=True,
        hidden=lambda w: w.entity_a.name,
    ),
    AccessCase(
        name="core:lookup",
        id="core:lookup-node",
        url=lambda w: reverse("core:lookup", args=["node"]),
        allowed="station_a_staff",
        outsider="station_b_staff",
        listing=True,
        hidden=lambda w: w.station_a.name,
    ),
]
