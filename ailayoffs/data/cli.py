"""``python -m ailayoffs check|bump|release|assemble|migrate``: maintain the book's datasets.

Exit codes: 0 done, 1 a dataset or metadata file breaks a rule (or a version
could not be recorded), 2 a usage error such as an unknown dataset name.
"""

from __future__ import annotations

import argparse
import sys

from .catalogue import resource_names
from .errors import DataValidationError, MetadataError, RecordError, UnknownDatasetError
from .loader import agreements
from .package import assemble, migrate, package_problems
from .release import record_version
from .validation import validate

__all__ = ["main"]


def _check() -> int:
    failed = 0
    for name in resource_names():
        problems = validate(name)
        if not problems:
            try:
                problems = agreements(name)
            except DataValidationError as error:  # the other dataset of a rule breaks its own rules
                problems = error.problems
        failed += bool(problems)
        print(f"{'FAIL' if problems else 'ok  '} {name}")
        for problem in problems:
            print(f"     {problem}")
    for problem in package_problems():
        failed += 1
        print(f"FAIL datapackage.json\n     {problem}")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return its exit code."""
    parser = argparse.ArgumentParser(prog="python -m ailayoffs", description="Maintain the book's datasets.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="validate every dataset and datapackage.json; exit 1 on any problem")
    bump = commands.add_parser("bump", help="record a changed file as a new version")
    bump.add_argument("name")
    bump.add_argument(
        "--level",
        choices=["major", "minor", "patch"],
        default="minor",
        help="major: schema or meaning changed; minor: values added or revised; patch: notes only",
    )
    bump.add_argument("--note", required=True, help="what changed and why, for data/CHANGELOG.md")
    release = commands.add_parser("release", help="record the first version of a new dataset")
    release.add_argument("name")
    release.add_argument("--note", required=True)
    commands.add_parser("assemble", help="rewrite data/datapackage.json from the descriptors beside the CSVs")
    move = commands.add_parser(
        "migrate",
        help="move resources written inline in datapackage.json into "
        "descriptors beside their CSVs (idempotent), then assemble",
    )
    move.add_argument(
        "--prefer",
        choices=["package", "descriptor"],
        help="which side wins where an inline entry and its descriptor differ",
    )
    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            return _check()
        if args.command == "assemble":
            print("datapackage.json " + ("re-assembled" if assemble() else "already up to date"))
            return 0
        if args.command == "migrate":
            actions = migrate(prefer=args.prefer)
            print("\n".join(actions) if actions else "nothing to migrate: every resource has its descriptor")
            return 0
        version = record_version(args.name, args.note, None if args.command == "release" else args.level)
    except UnknownDatasetError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except (RecordError, MetadataError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"{args.name}: version {version} recorded (sha256, bytes, CHANGELOG, datapackage.json)")
    return 0
