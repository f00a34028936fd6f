"""python manage.py indicators --period 2013Q1 --format json: every indicator for a period."""

from __future__ import annotations

import csv
import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from concord.domain.periods import parse_period
from concord.indicators.catalogue import UnknownIndicatorError
from concord.indicators.engine import Result, compute

FIELDS = ("code", "numerator", "denominator", "value", "not_known")


def row(result: Result) -> dict[str, Any]:
    """Exact values: a count as a whole number, a percentage as a decimal string."""
    value = result.value
    exact = (
        None
        if value is None
        else (str(value.numerator) if value.denominator == 1 else f"{float(value):.6f}")
    )
    return {
        "code": result.code,
        "numerator": result.numerator,
        "denominator": result.denominator,
        "value": exact,
        "not_known": result.not_known,
    }


class Command(BaseCommand):
    help = "Print every indicator (or those named with --code) for a period, as JSON or CSV."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--period", required=True, help="A quarter (2024Q1) or a year (2024-25)"
        )
        parser.add_argument("--format", choices=("json", "csv"), default="json")
        parser.add_argument("--code", action="append", help="One indicator; repeat for more")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            period = parse_period(options["period"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        try:
            results = compute(options["code"], period)
        except UnknownIndicatorError as error:
            raise CommandError(str(error)) from None
        rows = [row(result) for result in results]
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, indent=2))
            return
        writer = csv.DictWriter(self.stdout, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
