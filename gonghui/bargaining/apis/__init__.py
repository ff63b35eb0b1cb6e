"""API of collective bargaining (under /api/v1/bargaining/): workers' congresses with their
terms, representatives, sessions, attendance and votes (``congress``), representatives'
proposals (``proposals``) and collective contracts by the eight steps (``contracts``)."""
