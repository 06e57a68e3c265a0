"""Pages: library."""

urlpatterns: list = []
