"""Pages: trainings."""

urlpatterns: list = []
