"""Pages of the mentorship app: ``mentors`` (applying, the mentor's home, pausing),
``questions`` (Ask the experts and the thread), ``matches`` (longer mentor matches)."""
