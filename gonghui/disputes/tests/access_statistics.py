"""Access cases of the consultation and mediation report: its page, workbook and endpoint
(``reports:mediation``, ``api:reports:mediation``), as for every report of the kit."""

from gonghui.core.testing import report_access_cases

ACCESS_CASES = report_access_cases("mediation")
