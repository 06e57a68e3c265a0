"""Resources are managed by national staff in the admin (the full library comes later)."""
