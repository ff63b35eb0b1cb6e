"""Every write of the members app, one module per subject:

- ``people``: a worker's record (one per ID number)
- ``memberships``: start (and transfer), end, member numbers
- ``applications``: submit, ask for more, resubmit, approve (one or many), reject, withdraw
- ``signin``: one-time codes by SMS, member passwords
- ``roster``: roster import and export

Notices to members are ``core.notices.notice_send``.
"""
