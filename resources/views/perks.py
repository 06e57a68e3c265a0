"""Pages: perks."""

urlpatterns: list = []
