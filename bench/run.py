"""Run Recruit's benchmarks: `python bench/run.py [name ...]` from the top of the checkout.

Every `bench/bench_<name>.py` module with a `run(report)` function is a benchmark; names given on
the command line ("candidates" or "bench_candidates") pick some of them. The run needs PostgreSQL
and Redis (`bash scripts/services.sh .venv/bin/python bench/run.py` provides both) and builds its
own databases: one migrated template, cloned afresh for each module, all dropped at the end, also
when a benchmark fails. The exit status is non-zero when any benchmark raised.
"""

import argparse
import importlib
import os
import sys
import time
import traceback
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
# Run as a script, Python puts bench/ first on the path; the package lives at the top of the repo.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH_DIR]
sys.path.insert(0, str(ROOT))


def discover() -> list[str]:
    return sorted(path.stem.removeprefix("bench_") for path in BENCH_DIR.glob("bench_*.py"))


def choose(available: list[str], wanted: list[str]) -> list[str]:
    chosen = []
    for name in wanted:
        name = Path(name).stem.removeprefix("bench_")
        if name not in available:
            raise SystemExit(f"No benchmark {name!r}; there are: {', '.join(available)}.")
        if name not in chosen:
            chosen.append(name)
    return chosen or available


def setup_django() -> None:
    # The benchmarks measure production-like requests: PostgreSQL, Redis, DEBUG off (with DEBUG
    # on Django would also keep every query in memory).
    os.environ["DJANGO_SETTINGS_MODULE"] = "recruit.settings_test"
    os.environ["DEBUG"] = "false"
    import django

    django.setup()


def run_module(name: str, index: int, template_name: str) -> bool:
    """Run one benchmark module on its own fresh clone of the template database."""
    from django.db import connection

    from bench.common import Report, bench_settings

    creation = connection.creation
    suffix = str(index)
    creation.clone_test_db(suffix=suffix, verbosity=0)
    connection.close()
    connection.settings_dict["NAME"] = creation.get_test_db_clone_settings(suffix)["NAME"]
    print(f"\n== {name} ==", flush=True)
    started = time.perf_counter()
    try:
        module = importlib.import_module(f"bench.bench_{name}")
        with bench_settings():
            module.run(Report(name))
    except Exception as error:
        traceback.print_exc()
        print(f"!! {name} failed: {error!r}", flush=True)
        return False
    else:
        print(f"-- {name}: {time.perf_counter() - started:.1f} s", flush=True)
        return True
    finally:
        connection.close()
        connection.settings_dict["NAME"] = template_name
        creation.destroy_test_db(verbosity=0, suffix=suffix)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="benchmarks to run (default: all)")
    args = parser.parse_args(argv)
    names = choose(discover(), args.names)

    setup_django()
    from django.db import connection

    # One database per run (and per process), like the test suite's, so that two runs on one
    # server never drop each other's database.
    connection.settings_dict["TEST"]["NAME"] = f"recruit_bench_{os.getpid()}"
    original_name = connection.settings_dict["NAME"]
    started = time.perf_counter()
    print(f"Benchmarks: {', '.join(names)} (creating and migrating the database)", flush=True)
    failed = []
    try:
        template_name = connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False
        )
        for index, name in enumerate(names, start=1):
            if not run_module(name, index, template_name):
                failed.append(name)
    finally:
        # create_test_db switches the connection to the new database once it exists.
        if connection.settings_dict["NAME"] != original_name:
            connection.creation.destroy_test_db(original_name, verbosity=0)
    took = time.perf_counter() - started
    if failed:
        print(f"\nFAILED: {', '.join(failed)} ({took:.1f} s in all)")
        return 1
    print(f"\nDone: {len(names)} benchmark module(s) in {took:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
