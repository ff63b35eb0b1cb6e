"""Access cases of the bargaining report: its page, workbook and endpoint
(``reports:bargaining``, ``api:reports:bargaining``), as for every report of the kit."""

from gonghui.core.testing import report_access_cases

ACCESS_CASES = report_access_cases("bargaining")
