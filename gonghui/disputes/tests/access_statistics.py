"""Access cases of the consultation and mediation report: its page, workbook and
endpoint (``reports:mediation``, ``api:reports:mediation``)."""

from django.urls import reverse

from gonghui.core.testing import AccessCase

ACCESS_CASES = [
    # a report reads the user's whole scope: the outsider gets the page of its own scope,
    # and 404 for a node outside it (the ``?node=`` cases)
    AccessCase(
        name="reports:mediation",
        url=lambda w: reverse("reports:mediation"),
        allowed="station_a_staff",
        outsider="station_b_staff",
        listing=True,
        hidden=lambda w: w.station_a.name,
        id="reports:mediation-scope",
    ),
    AccessCase(
        name="reports:mediation",
        url=lambda w: reverse("reports:mediation") + f"?node={w.station_a.pk}",
        allowed="station_a_staff",
        outsider="station_b_staff",
    ),
    AccessCase(
        name="reports:mediation_export",
        url=lambda w: reverse("reports:mediation_export") + f"?node={w.union_a.pk}",
        allowed="union_a_staff",
        outsider="union_b_staff",
    ),
    AccessCase(
        name="api:reports:mediation",
        url=lambda w: reverse("api:reports:mediation") + f"?node={w.station_a.pk}",
        allowed="station_a_staff",
        outsider="station_b_staff",
        api=True,
    ),
]
