"""Run every benchmark in bench/ (files named bench_*.py, each with a ``run()`` function)
against a throwaway test database: PostgreSQL when TEST_DATABASE_URL points there. The
database is emptied after each benchmark; name some to run only those:
``bench/run.py bench_roster_import``."""

import importlib
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


def main() -> None:
    import django
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    django.setup()
    names = sys.argv[1:] or sorted(p.stem for p in HERE.glob("bench_*.py"))
    config = setup_databases(verbosity=0, interactive=False)
    print(f"database: {connection.vendor}")
    try:
        for name in names:
            module = importlib.import_module(name)
            print(f"== {name}", flush=True)
            module.run()
            # each benchmark starts from an empty database
            call_command("flush", interactive=False, verbosity=0)
    finally:
        teardown_databases(config, verbosity=0)


if __name__ == "__main__":
    main()
