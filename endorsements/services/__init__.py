"""Writes of the endorsements app, by step: ``applications`` (eligibility is checked in
``endorsements.eligibility``), ``reviews`` (recommendations, research, votes, decisions),
``results`` (election results and alumni)."""
