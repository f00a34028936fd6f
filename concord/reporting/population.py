"""The area population the partnership data report compares its figures with: a CSV file
named by the CONCORD_POPULATION_FILE setting, one line per area, sex, age band and ethnic
group (docs/user-guide/reports.md, "The population file"). Lines starting with ``#`` are
comments. The file is checked when read, and read again only when it changes.
"""

from __future__ import annotations

import csv
import functools
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from concord.people import reference as ref

COLUMNS = ("area", "sex", "age_band", "ethnicity_group", "population")
SEXES = ("female", "male")
AGE_BAND_LABELS = tuple(label for _, label in ref.AGE_BANDS)
ETHNIC_GROUP_CODES = tuple(code for code, _ in ref.ETHNIC_GROUPS)


class PopulationFileError(ValueError):
    """The population file cannot be used; the message names the file and the line."""


@dataclass(frozen=True)
class PopulationGroup:
    area: str
    sex: str
    age_band: str
    ethnicity_group: str
    population: int


@dataclass(frozen=True)
class Population:
    groups: tuple[PopulationGroup, ...]

    @property
    def total(self) -> int:
        return sum(group.population for group in self.groups)

    def by(self, characteristic: str) -> dict[str, int]:
        """The population of each value of ``characteristic`` ("area", "sex", "age_band" or
        "ethnicity_group")."""
        found: dict[str, int] = defaultdict(int)
        for group in self.groups:
            found[getattr(group, characteristic)] += group.population
        return dict(found)


def configured_population() -> Population:
    """The population in the file the settings name (read once per change of the file)."""
    path = Path(settings.POPULATION_FILE)
    try:
        changed = path.stat().st_mtime_ns
    except OSError:
        raise PopulationFileError(f"The population file {path} cannot be read") from None
    return _read(str(path), changed)


@functools.lru_cache(maxsize=4)
def _read(path: str, changed: int) -> Population:
    with open(path, encoding="utf-8-sig", newline="") as stream:
        return parse_population(stream, name=Path(path).name)


def parse_population(lines: Iterable[str], *, name: str = "population file") -> Population:
    """Every group in ``lines`` (CSV with a header of COLUMNS), checked."""
    rows = [
        (number, row)
        for number, line in enumerate(lines, start=1)
        if line.strip() and not line.startswith("#")
        for row in csv.reader([line])
    ]
    if not rows:
        raise PopulationFileError(f"{name} is empty: it needs a header and one line per group")
    (header_line, header), *body = rows
    if tuple(cell.strip() for cell in header) != COLUMNS:
        raise PopulationFileError(
            f"{name} line {header_line}: the header must be {','.join(COLUMNS)}"
        )
    groups: dict[tuple[str, str, str, str], PopulationGroup] = {}
    for number, row in body:
        group = _group(row, f"{name} line {number}")
        key = (group.area, group.sex, group.age_band, group.ethnicity_group)
        if key in groups:
            raise PopulationFileError(f"{name} line {number}: this group is already given")
        groups[key] = group
    if not groups:
        raise PopulationFileError(f"{name} has a header but no groups")
    return Population(tuple(groups.values()))


def _group(row: list[str], where: str) -> PopulationGroup:
    if len(row) != len(COLUMNS):
        raise PopulationFileError(f"{where}: expected {len(COLUMNS)} values, found {len(row)}")
    area, sex, age_band, ethnicity_group, population = (cell.strip() for cell in row)
    if not area:
        raise PopulationFileError(f"{where}: the area is missing")
    _check_code(sex, SEXES, "sex", where)
    _check_code(age_band, AGE_BAND_LABELS, "age_band", where)
    _check_code(ethnicity_group, ETHNIC_GROUP_CODES, "ethnicity_group", where)
    if not population.isdigit():
        raise PopulationFileError(
            f"{where}: the population must be a whole number of 0 or more, not {population!r}"
        )
    return PopulationGroup(ref.normal_area(area), sex, age_band, ethnicity_group, int(population))


def _check_code(value: str, allowed: tuple[str, ...], column: str, where: str) -> None:
    if value not in allowed:
        raise PopulationFileError(
            f"{where}: {column} must be one of {', '.join(allowed)}, not {value!r}"
        )


def shares(counts: Mapping[str, int]) -> dict[str, float]:
    """Each value's share of the whole, as a percentage (empty when the whole is 0)."""
    whole = sum(counts.values())
    return {key: 100 * value / whole for key, value in counts.items()} if whole else {}
