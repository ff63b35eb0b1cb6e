from django.urls import reverse

from gonghui.core.testing import AccessCase

ACCESS_CASES = [
    # the home page is the landing page of every signed-in user, so only anonymous is refused
    AccessCase(
        name="core:audit_list",
        url=lambda w: reverse("core:audit_list"),
        allowed="station_a_staff",
        outsider="station_b_staff",
        listing=True,
        hidden=lambda w: w.union_a.name,
    ),
]
