"""Pages: public."""

urlpatterns: list = []
