"""Parts of the settings that are data or logic rather than one value each (the beat
schedule, the audited fields, the email provider, the Permissions-Policy features).
``rfs/settings.py`` imports them; nothing else should."""
