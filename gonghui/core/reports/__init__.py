"""The statistics kit: every report is declared once (``declarations.Report``: a figures
function ``(*, actor, start, end, node)``, its summary, tables, charts and definitions) in
``<app>/reports.py`` and registered in ``registry``. The kit gives each report its staff
page with charts (``/reports/<name>/``), its workbook (``export.xlsx``) and its JSON
endpoint (``/api/v1/reports/<name>/``), all scoped to the reader's subtree for the
report's action, and the list the dashboard reads (``registry.all()``,
``registry.for_user(user)``)."""
