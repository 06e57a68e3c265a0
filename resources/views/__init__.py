"""Pages of the resources app: ``library``, ``trainings``, ``perks``, ``community``, ``partners``."""
