"""Access cases of the legal-aid report: its page, workbook and endpoint
(``reports:legalaid``, ``api:reports:legalaid``), as for every report of the kit."""

from gonghui.core.testing import report_access_cases

ACCESS_CASES = report_access_cases("legalaid")
