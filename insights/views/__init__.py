"""The directors' dashboard and the public impact page."""
