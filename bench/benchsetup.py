"""How the bench scripts start Django, so that none of them touches the configured data.

A script in bench/ imports this module by name (bench/ is on the path of a script
run from it) before anything of Django or orglife.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def on_scratch_sqlite() -> Path:
    """Set up Django with DEBUG on, on a new SQLite file and print cache in a temporary
    folder, which is returned."""
    tmp = Path(tempfile.mkdtemp(prefix="orglife-bench-"))
    sys.path.insert(0, str(ROOT))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="orglife.settings",
        DEBUG="1",
        DATABASE_URL=f"sqlite:///{tmp / 'bench.sqlite3'}",
        ORGLIFE_PRINT_CACHE_DIR=str(tmp / "print-cache"),
    )
    import django

    django.setup()
    return tmp


def on_test_database() -> str:
    """Set up Django on a new test database of the configured one (DATABASE_URL, else
    SQLite), for the test client; returns what `drop_test_database` needs afterwards."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orglife.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")  # the test client speaks plain HTTP
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    return connection.creation.create_test_db(verbosity=0, autoclobber=True)


def drop_test_database(old_name: str) -> None:
    """Drop the test database of `on_test_database` and go back to `old_name`."""
    from django.db import connection

    connection.creation.destroy_test_db(old_name, verbosity=0)
