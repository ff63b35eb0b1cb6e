"""Roster import and export, the parts below the service (``members.services.roster``):

- ``columns``: the template's columns (the file format) and the limits
- ``reading``: a file's bytes to a table read one row at a time (.xlsx through
  python-calamine, .csv), once ``core.uploads`` has refused what would not fit
- ``cells``: one cell to one value (text, dates, ID numbers, phones, choices)
- ``checking``: every row checked; duplicates in the file and against the database
- ``writing``: new people, memberships and updates in a few statements (COPY on PostgreSQL)
- ``documents``: the downloadable template, the error report and the member export
"""
