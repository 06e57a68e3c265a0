"""Pages: apply."""

urlpatterns: list = []
