"""Access cases of the core API (run by ``core/tests/test_access.py``)."""

from django.urls import reverse

from gonghui.core.testing import AccessCase

ACCESS_CASES = [
    # the audit log needs AUDIT_VIEW (stations and the federation): union staff get 403
    AccessCase(
        name="api:core:audit-entry-list",
        url=lambda w: reverse("api:core:audit-entry-list"),
        api=True,
        allowed="station_a_staff",
        outsider="station_b_staff",
        listing=True,
        hidden=lambda w: w.union_a.name,
    ),
]
