"""Every write of the disputes app:

- ``consultations``: log and correct a consultation
- ``committees``: committees of the three tiers and their mediators
- ``cases``: apply, accept or decline, extend, transfer up, sessions, close, hand to
  arbitration
- ``agreements``: record, sign and seal the agreement; payments (fulfilment)
"""
