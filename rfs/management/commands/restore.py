"""``manage.py restore ARCHIVE``: a backup into a new, empty database and empty upload
stores (the ones the settings name), then checked against its manifest (docs/backups.md)."""

from pathlib import Path

from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from rfs import backups
from rfs.storage import UPLOAD_STORES


class Command(BaseCommand):
    help = "Restore a backup into an empty database and empty stores, then verify it."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="A backup directory or .tar.gz from manage.py backup.")

    def handle(self, *args, archive: str, **options):
        stores = {alias: storages[alias] for alias in UPLOAD_STORES}
        try:
            found = backups.restore(source=Path(archive), connection=connection, stores=stores)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        for line in found:
            self.stderr.write(line)
        if found:
            raise CommandError(f"{len(found)} differences from the backup's manifest.")
        self.stdout.write("Restored and verified: 0 differences from the backup's manifest.")
