"""Rows of the permission matrix (tests/rfs/test_permissions.py) for these pages:
url name -> (kwargs builder taking the persona getter, expected status per persona)."""

MATRIX: dict = {}
