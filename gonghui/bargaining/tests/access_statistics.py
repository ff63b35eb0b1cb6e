"""Access cases of the bargaining report: its page, workbook and endpoint
(``reports:bargaining``, ``api:reports:bargaining``)."""

from django.urls import reverse

from gonghui.core.testing import AccessCase

ACCESS_CASES = [
    # a report reads the user's whole scope: the outsider gets the page of its own scope,
    # and 404 for a node outside it (the ``?node=`` cases)
    AccessCase(
        name="reports:bargaining",
        url=lambda w: reverse("reports:bargaining"),
        allowed="station_a_staff",
        outsider="station_b_staff",
        listing=True,
        hidden=lambda w: w.station_a.name,
        id="reports:bargaining-scope",
    ),
    AccessCase(
        name="reports:bargaining",
        url=lambda w: reverse("reports:bargaining") + f"?node={w.station_a.pk}",
        allowed="station_a_staff",
        outsider="station_b_staff",
    ),
    AccessCase(
        name="reports:bargaining_export",
        url=lambda w: reverse("reports:bargaining_export") + f"?node={w.union_a.pk}",
        allowed="union_a_staff",
        outsider="union_b_staff",
    ),
    AccessCase(
        name="api:reports:bargaining",
        url=lambda w: reverse("api:reports:bargaining") + f"?node={w.station_a.pk}",
        allowed="station_a_staff",
        outsider="station_b_staff",
        api=True,
    ),
]
