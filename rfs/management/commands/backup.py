"""``manage.py backup``: the database and every upload store into one archive
(rfs/backups.py; docs/backups.md)."""

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from rfs import backups
from rfs.storage import UPLOAD_STORES


class Command(BaseCommand):
    help = "Back up the PostgreSQL database and the uploads into one archive with a manifest."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            default=os.environ.get("RFS_BACKUP_DIR")
            or str(Path(settings.BASE_DIR) / "var" / "backups"),
            help="Directory the archive is written under (default: RFS_BACKUP_DIR or var/backups).",
        )
        parser.add_argument("--tar", action="store_true", help="Write one .tar.gz file.")

    def handle(self, *args, output: str, tar: bool, **options):
        stores = {alias: storages[alias] for alias in UPLOAD_STORES}
        try:
            archive = backups.backup(
                destination=Path(output), connection=connection, stores=stores, tarball=tar
            )
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(archive))
