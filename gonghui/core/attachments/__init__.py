"""One attachment mechanism for any record (a mediation case's evidence and signed
agreement today; the documents of every module to come).

- A model opens itself to attachments by declaring ``attachment_rules`` (``rules.py``):
  the action that lets a user see its attachments, the one that lets them upload, the
  kinds it accepts, and the organisation the record belongs to.
- ``services.attachment_upload`` checks the file by its content (``content.py``: PDF,
  JPEG, PNG, xlsx and docx, recognised by their bytes, not their name), refuses an empty
  file or one over ``ATTACHMENT_MAX_BYTES``, and stores nothing when it refuses; the
  file goes to the private, encrypted storage (``core.storage``), outside the web root,
  under a random name. Every upload and every download is audited.
- A file is read only through ``services.attachment_open``, behind the scoped views
  (``views.py``, ``apis.py``): a user who may not see the record gets the one 404.
- Staff pages show the list and the upload form with ``{% attachments_panel record %}``
  (``core/templatetags/attachments.py``).
"""
