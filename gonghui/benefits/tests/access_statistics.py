"""Who may open the benefits report (run by ``core/tests/test_access.py``)."""

from gonghui.core.testing import report_access_cases

ACCESS_CASES = report_access_cases("benefits")
