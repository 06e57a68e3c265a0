# English date formats (settings.FORMAT_MODULE_PATH): the platform writes dates in full,
# "March 3, 2026", where Django's default is "Mar. 3, 2026". Spanish uses Django's own
# ("3 de marzo de 2026"). Templates and code name these formats (``DATE_FORMAT``,
# ``MONTH_DAY_FORMAT``) rather than spelling a pattern, so each language gets its own.
DATE_FORMAT = "F j, Y"
MONTH_DAY_FORMAT = "F j"
