"""The directors' dashboard's numbers: summary tables refreshed by beat (``refresh``),
read by the dashboard and the public impact page (``funnel``, ``fair_share``)."""
