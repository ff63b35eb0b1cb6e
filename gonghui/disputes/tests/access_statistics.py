"""Access cases of the statistics page (``gonghui.disputes.urls_statistics``). They are
listed once the staff URL module includes that module; until then there is nothing to
reach."""

from django.urls import NoReverseMatch, reverse

from gonghui.core.testing import AccessCase


def _included() -> bool:
    try:
        reverse("disputes:statistics")
    except NoReverseMatch:
        return False
    return True


ACCESS_CASES = (
    [
        # a statistics page reads the user's whole scope: the outsider gets the page of its
        # own scope, and 404 for a node outside it (the ``?node=`` cases)
        AccessCase(
            name="disputes:statistics",
            url=lambda w: reverse("disputes:statistics"),
            allowed="station_a_staff",
            outsider="station_b_staff",
            listing=True,
            hidden=lambda w: w.station_a.name,
            id="disputes:statistics-scope",
        ),
        AccessCase(
            name="disputes:statistics",
            url=lambda w: reverse("disputes:statistics") + f"?node={w.station_a.pk}",
            allowed="station_a_staff",
            outsider="station_b_staff",
        ),
        AccessCase(
            name="disputes:statistics_export",
            url=lambda w: reverse("disputes:statistics_export") + f"?node={w.union_a.pk}",
            allowed="union_a_staff",
            outsider="union_b_staff",
        ),
    ]
    if _included()
    else []
)
