"""Every write of the members app, one module per subject:

- ``people``: a worker's record (one per ID number), their employment over time
- ``memberships``: start (and transfer), enrol a worker, end, member numbers
- ``records``: staff registering a member by hand, correcting a phone or employment
- ``applications``: submit, ask for more, resubmit, approve (one or many), reject, withdraw
- ``signin``: one-time codes by SMS, member passwords
- ``roster``: roster import and export

Notices to members are ``core.notices.notice_send``.
"""
