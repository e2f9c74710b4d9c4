"""Load the book's datasets through their one schema, ``data/datapackage.json``.

Every table is read with the standard library's ``csv`` module (so that each problem can be
traced to a physical line), checked against its Frictionless Table Schema and the book's extra
``x-checks``, and only then turned into a typed :class:`pandas.DataFrame`. Nothing is dropped or
coerced silently: a single bad cell makes :func:`load` raise a :class:`DataError` that lists
*every* problem in the table, each with file, line, column, value and rule.

The validator implements the part of Table Schema that the book uses (types ``string``,
``integer``, ``number``, ``boolean``, ``date``, ``year``; constraints ``required``, ``unique``,
``enum``, ``pattern``, ``minLength``, ``maxLength``, ``minimum``, ``maximum``; ``primaryKey``;
``foreignKeys``) plus two book rules declared under ``schema["x-checks"]``:

* ``partial-date``: a date written ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` must be a real calendar
  date and exactly as fine as its precision column says (no made-up day);
* ``list-reference``: every item of a ``;``-separated list must exist in another table;
* ``date-order``: one partial date must not come before another in the same row (a partial date
  stands for its whole period: an entry into force known only as ``2021-03`` does not come
  before a signing on ``2021-03-22``, since the month holds days after it);
* ``url-publisher``: the host of every source URL must be a domain (or a subdomain of one) listed
  in ``publishers.csv``, so that every row can be attributed to a known publisher;
* ``gap-marked``: a series row has either a value or the publisher's marker for a missing value,
  never both and never neither, so a gap is always explicit and never mistaken for a zero;
* ``present-unless``: a field is filled exactly when another field is not one of some values
  (a commitment with a measure has a value; one without a measure has none);
* ``row-reference``: every item of a ``;``-list names a row of another table as
  ``table:key``, the key being the row's primary-key values joined by ``/`` (for example
  ``milex_sipri:JPN/share_of_gdp/2024``), so that a claim's evidence always points at real rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pandas as pd

__all__ = [
    "DataError",
    "Problem",
    "data_dir",
    "load",
    "load_descriptor",
    "publisher_domain",
    "validate",
]

#: Environment variable naming an alternative data directory (used by tests and temporary copies).
DATA_DIR_ENV = "ALLIANCE_DATA_DIR"
#: Environment variable naming a file to which every data file read is appended (one path a line).
#: ``python -m alliance notebooks`` sets it to learn which data each notebook depends on.
READ_LOG_ENV = "ALLIANCE_READ_LOG"

DESCRIPTOR = "datapackage.json"
PRECISION_LENGTH = {"year": 4, "month": 7, "day": 10}
MISSING = ""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one place in a data file."""

    path: str
    line: int | None
    column: str | None
    column_number: int | None
    value: str | None
    rule: str
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}, line {self.line}"
        if self.column is not None:
            where += f", column '{self.column}'"
            if self.column_number is not None:
                where += f" ({self.column_number})"
        value = "" if self.value is None else f": value {self.value!r}"
        return f"{where}{value}: {self.message} [rule: {self.rule}]"


class DataError(ValueError):
    """Raised when a data file breaks its schema; carries every problem found."""

    def __init__(self, problems: Sequence[Problem]):
        if not problems:
            raise ValueError("DataError needs at least one problem")
        self.problems = list(problems)
        first = self.problems[0]
        self.path, self.line, self.column, self.rule = first.path, first.line, first.column, first.rule
        count = len(self.problems)
        header = f"{count} problem{'s' if count != 1 else ''} in the data:"
        super().__init__("\n".join([header, *(f"  {p}" for p in self.problems)]))


# ---------------------------------------------------------------------------------------------
# Locating and reading files
# ---------------------------------------------------------------------------------------------


def data_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """Return the data directory: ``path`` if given, else ``$ALLIANCE_DATA_DIR``, else the
    ``data/`` folder of the checkout this package lives in."""
    if path is not None:
        return Path(path)
    if os.environ.get(DATA_DIR_ENV):
        return Path(os.environ[DATA_DIR_ENV])
    return Path(__file__).resolve().parent.parent / "data"


def _display_path(path: Path) -> str:
    """A short, stable name for messages: ``data/events.csv`` style (folder + file)."""
    return f"{path.parent.name}/{path.name}" if path.parent.name else path.name


def _record_read(path: Path) -> None:
    """Append ``path`` to the read log, if one is being kept (see :data:`READ_LOG_ENV`)."""
    log = os.environ.get(READ_LOG_ENV)
    if log:
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(f"{path.resolve()}\n")


def data_file(relative: str, directory: str | os.PathLike[str] | None = None) -> Path:
    """Path of a file kept in the data folder outside the schema (for example the world alliance
    file under ``world/``), recorded as read so that notebook freshness notices when it changes."""
    path = data_dir(directory).resolve() / relative
    if not path.is_file():
        raise FileNotFoundError(f"{_display_path(path)}: no such data file")
    _record_read(path)
    return path


def primary_key(name: str, directory: str | os.PathLike[str] | None = None) -> list[str]:
    """The primary-key fields of a table, as declared in ``datapackage.json``."""
    resources = {r["name"]: r for r in load_descriptor(directory)["resources"]}
    if name not in resources:
        raise KeyError(f"no table named {name!r} in {DESCRIPTOR}")
    return _as_list(resources[name]["schema"].get("primaryKey", []))


def load_descriptor(directory: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """Read ``datapackage.json`` of a data directory (the one schema of every table)."""
    path = data_dir(directory) / DESCRIPTOR
    _record_read(path)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError([_file_problem(path, "missing-file", "the data package descriptor is missing")]) from None
    except json.JSONDecodeError as exc:
        raise DataError(
            [Problem(_display_path(path), exc.lineno, None, None, None, "descriptor", f"not valid JSON: {exc.msg}")]
        ) from None


def _file_problem(path: Path, rule: str, message: str, line: int | None = None) -> Problem:
    return Problem(_display_path(path), line, None, None, None, rule, message)


def _decode(path: Path, raw: bytes) -> tuple[str | None, list[Problem]]:
    """Decode strict UTF-8 (a byte-order mark is allowed); on failure point at line and column."""
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        prefix = raw[line_start : exc.start].decode("utf-8", errors="replace")
        header = raw.split(b"\n", 1)[0].decode("utf-8", errors="replace").lstrip("\ufeff")
        names = next(csv.reader([header]), [])
        number = len(next(csv.reader([prefix]), [""])) if prefix else 1
        column = names[number - 1] if 0 < number <= len(names) else None
        bad = raw[exc.start : exc.end].hex(" ")
        return None, [
            Problem(
                _display_path(path), line, column, number, None, "encoding",
                f"bytes {bad} are not valid UTF-8 (save the file as UTF-8)",
            )
        ]


# ---------------------------------------------------------------------------------------------
# Cell-level rules
# ---------------------------------------------------------------------------------------------

_INTEGER = re.compile(r"[+-]?[0-9]+")
_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")


def _parse_partial_date(text: str) -> dt.date | None:
    """Return the first day of a ``YYYY``/``YYYY-MM``/``YYYY-MM-DD`` date, or None if impossible."""
    parts = text.split("-")
    try:
        numbers = [int(p) for p in parts]
        year, month, day = [*numbers, 1, 1][:3]
        return dt.date(year, month, day)
    except ValueError:
        return None


def _convert(text: str, field: dict[str, Any]) -> tuple[Any, str | None]:
    """Convert one non-missing cell to its field type; return (value, error message or None)."""
    kind = field.get("type", "string")
    if kind == "string":
        return text, None
    if kind in ("integer", "year"):
        if not _INTEGER.fullmatch(text):
            return None, f"is not a whole number (type {kind})"
        return int(text), None
    if kind == "number":
        if not _NUMBER.fullmatch(text):
            return None, "is not a number (digits with an optional '.' and exponent; no commas or units)"
        value = float(text)
        if not math.isfinite(value):
            return None, "is not a finite number"
        return value, None
    if kind == "boolean":
        true = field.get("trueValues", ["true", "True", "TRUE", "1"])
        false = field.get("falseValues", ["false", "False", "FALSE", "0"])
        if text in true:
            return True, None
        if text in false:
            return False, None
        return None, f"is not a boolean (one of {sorted(true + false)})"
    if kind == "date":
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            return None, "is not a date (YYYY-MM-DD)"
        try:
            return dt.date.fromisoformat(text), None
        except ValueError:
            return None, "is not a real calendar date (YYYY-MM-DD)"
    raise ValueError(f"field {field['name']!r}: type {kind!r} is not supported by the loader")


def _constraint_problems(value: Any, text: str, constraints: dict[str, Any]) -> Iterable[tuple[str, str]]:
    """Yield (rule, message) for each constraint that a converted value breaks."""
    if "enum" in constraints and value not in constraints["enum"]:
        yield "enum", f"is not one of the allowed values: {', '.join(map(str, constraints['enum']))}"
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], text):
        yield "pattern", f"does not match the pattern {constraints['pattern']!r}"
    if "minLength" in constraints and len(text) < constraints["minLength"]:
        yield "minLength", f"is shorter than {constraints['minLength']} characters"
    if "maxLength" in constraints and len(text) > constraints["maxLength"]:
        yield "maxLength", f"is longer than {constraints['maxLength']} characters ({len(text)})"
    if "minimum" in constraints and value < constraints["minimum"]:
        yield "minimum", f"is below the minimum {constraints['minimum']}"
    if "maximum" in constraints and value > constraints["maximum"]:
        yield "maximum", f"is above the maximum {constraints['maximum']}"


# ---------------------------------------------------------------------------------------------
# Reading and checking one table
# ---------------------------------------------------------------------------------------------


@dataclass
class _Table:
    """A table read and checked against its schema (before cross-table checks)."""

    name: str
    path: Path
    fields: list[dict[str, Any]]
    rows: list[dict[str, Any]]  # converted values, by field name
    texts: list[dict[str, str]]  # raw cell texts, by field name
    lines: list[int]  # physical line of each row
    problems: list[Problem]

    def problem(self, row: int | None, field: str | None, value: str | None, rule: str, msg: str) -> None:
        names = [f["name"] for f in self.fields]
        number = names.index(field) + 1 if field in names else None
        line = None if row is None else self.lines[row]
        self.problems.append(Problem(_display_path(self.path), line, field, number, value, rule, msg))


def _read_table(directory: Path, resource: dict[str, Any]) -> _Table:
    """Read one resource's CSV and apply the header, cell and uniqueness rules."""
    path = directory / resource["path"]
    fields = resource["schema"]["fields"]
    table = _Table(resource["name"], path, fields, [], [], [], [])
    _record_read(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        table.problems.append(_file_problem(path, "missing-file", "the file named in datapackage.json is missing"))
        return table
    text, problems = _decode(path, raw)
    if text is None:
        table.problems.extend(problems)
        return table
    if not text.strip():
        table.problems.append(_file_problem(path, "empty-file", "the file is empty (it needs a header row)", 1))
        return table

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        table.problems.append(_file_problem(path, "csv-syntax", f"the header row is not valid CSV: {exc}", 1))
        return table
    if not _header_ok(table, header):
        return table

    names = [f["name"] for f in fields]
    line = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            hint = " (a quote opened in this row is never closed)" if "end of data" in str(exc) else ""
            table.problems.append(_file_problem(path, "csv-syntax", f"not valid CSV: {exc}{hint}", line))
            break
        start, line = line, reader.line_num + 1
        if not cells or (all(c == "" for c in cells) and len(cells) <= 1):
            table.problems.append(
                _file_problem(path, "blank-row", "blank line (delete it; a row may not be empty)", start)
            )
            continue
        table.lines.append(start)
        _check_row(table, len(table.lines) - 1, cells, names)

    if not table.lines and not any(p.rule == "blank-row" for p in table.problems):
        table.problems.append(_file_problem(path, "no-rows", "the file has a header but no data rows", 1))
    _check_unique(table, resource["schema"])
    return table


def _header_ok(table: _Table, header: list[str]) -> bool:
    """Check the header against the schema's field names; report and return False if it differs."""
    expected = [f["name"] for f in table.fields]
    display = _display_path(table.path)
    if header == expected:
        return True
    seen: set[str] = set()
    for number, name in enumerate(header, start=1):
        if name in seen:
            table.problems.append(Problem(display, 1, name, number, name, "duplicate-column", "column appears twice"))
        seen.add(name)
        if name not in expected:
            hint = " (check for spaces)" if name.strip() in expected else ""
            table.problems.append(
                Problem(display, 1, name, number, name, "unknown-column",
                        f"column is not in the schema{hint}; the schema's columns are: {', '.join(expected)}")
            )
    for number, name in enumerate(expected, start=1):
        if name not in header:
            table.problems.append(
                Problem(display, 1, name, number, None, "missing-column", "required column is missing from the header")
            )
    if not table.problems:
        table.problems.append(
            Problem(display, 1, None, None, ",".join(header), "column-order",
                    f"columns must be in the schema's order: {','.join(expected)}")
        )
    return False


def _check_row(table: _Table, index: int, cells: list[str], names: list[str]) -> None:
    """Convert and check the cells of one data row."""
    if len(cells) != len(names):
        missing = len(cells) < len(names)
        # A short row is reported at its first absent column; a long one at the first surplus cell.
        column = names[len(cells)] if missing else None
        number = len(cells) + 1 if missing else len(names) + 1
        table.problems.append(
            Problem(_display_path(table.path), table.lines[index], column, number,
                    None, "missing-cell" if missing else "extra-cell",
                    f"row has {len(cells)} cells but the header has {len(names)}")
        )
        cells = [*cells, *[MISSING] * len(names)][: len(names)]
    row: dict[str, Any] = {}
    texts: dict[str, str] = {}
    for field, text in zip(table.fields, cells, strict=True):
        name = field["name"]
        texts[name] = text
        row[name] = None
        constraints = field.get("constraints", {})
        if text == MISSING:
            if constraints.get("required"):
                table.problem(index, name, text, "required", "is empty but the column is required")
            continue
        if text != text.strip():
            table.problem(index, name, text, "whitespace", "has leading or trailing spaces")
            continue
        value, error = _convert(text, field)
        if error:
            table.problem(index, name, text, "type", error)
            continue
        for rule, message in _constraint_problems(value, text, constraints):
            table.problem(index, name, text, rule, message)
        row[name] = value
    table.rows.append(row)
    table.texts.append(texts)


def _check_unique(table: _Table, schema: dict[str, Any]) -> None:
    """Apply ``unique`` constraints and the primary key."""
    keys = [[f["name"]] for f in table.fields if f.get("constraints", {}).get("unique")]
    primary = schema.get("primaryKey")
    if primary:
        primary = [primary] if isinstance(primary, str) else list(primary)
        if primary not in keys:
            keys.append(primary)
    for key in keys:
        first_line: dict[tuple[Any, ...], int] = {}
        for index, row in enumerate(table.rows):
            value = tuple(row.get(k) for k in key)
            if any(v is None for v in value):
                continue
            if value in first_line:
                shown = ",".join(table.texts[index][k] for k in key)
                table.problem(index, key[0], shown, "unique",
                              f"duplicates the value on line {first_line[value]} (must be unique)")
            else:
                first_line[value] = table.lines[index]


# ---------------------------------------------------------------------------------------------
# Cross-table and book-specific rules
# ---------------------------------------------------------------------------------------------


def _check_foreign_keys(table: _Table, schema: dict[str, Any], tables: dict[str, _Table]) -> None:
    for fk in schema.get("foreignKeys", []):
        fields = [fk["fields"]] if isinstance(fk["fields"], str) else fk["fields"]
        ref = fk["reference"]
        ref_fields = [ref["fields"]] if isinstance(ref["fields"], str) else ref["fields"]
        target = tables[ref["resource"]] if ref["resource"] else table
        allowed = {tuple(r.get(f) for f in ref_fields) for r in target.rows}
        for index, row in enumerate(table.rows):
            value = tuple(row.get(f) for f in fields)
            if any(v is None for v in value) or value in allowed:
                continue
            table.problem(index, fields[0], ",".join(map(str, value)), "foreign-key",
                          f"is not a known {'/'.join(ref_fields)} in {target.path.name}")


def _check_partial_date(table: _Table, check: dict[str, Any]) -> None:
    field, precision_field = check["field"], check.get("precision_field")
    for index, row in enumerate(table.rows):
        text = row.get(field)
        if text is None:
            continue
        if _parse_partial_date(text) is None:
            table.problem(index, field, text, "date", "is not a real calendar date")
            continue
        precision = row.get(precision_field) if precision_field else None
        if precision in PRECISION_LENGTH and len(text) != PRECISION_LENGTH[precision]:
            want = {"year": "YYYY", "month": "YYYY-MM", "day": "YYYY-MM-DD"}[precision]
            table.problem(index, field, text, "date-precision",
                          f"does not match its precision '{precision}' (write {want}; never add a day "
                          "or month the sources do not give)")


def _last_day_of_partial_date(text: str) -> dt.date | None:
    """Return the last day of a ``YYYY``/``YYYY-MM``/``YYYY-MM-DD`` date, or None if impossible."""
    first = _parse_partial_date(text)
    if first is None:
        return None
    parts = text.split("-")
    if len(parts) == 1:
        return dt.date(first.year, 12, 31)
    if len(parts) == 2:
        following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    return first


def _check_date_order(table: _Table, check: dict[str, Any]) -> None:
    earlier, later = check["earlier"], check["later"]
    for index, row in enumerate(table.rows):
        first, second = row.get(earlier), row.get(later)
        if first is None or second is None:
            continue
        a, b = _parse_partial_date(str(first)), _last_day_of_partial_date(str(second))
        if a and b and b < a:
            table.problem(index, later, str(second), "date-order", f"comes before {earlier} ({first})")


def _check_list_reference(table: _Table, check: dict[str, Any], tables: dict[str, _Table]) -> None:
    field, delimiter = check["field"], check.get("delimiter", ";")
    target = tables[check["resource"]]
    allowed = {r.get(check["reference_field"]) for r in target.rows}
    for index, row in enumerate(table.rows):
        text = row.get(field)
        if text is None:
            continue
        items = text.split(delimiter)
        unknown = [item for item in items if item not in allowed]
        if unknown:
            table.problem(index, field, text, "foreign-key",
                          f"{', '.join(unknown)} is not a known {check['reference_field']} in {target.path.name}")
        if len(set(items)) != len(items):
            table.problem(index, field, text, "list-duplicate", "names the same item twice")


def _check_gap_marked(table: _Table, check: dict[str, Any]) -> None:
    value_field, marker_field = check["value_field"], check["marker_field"]
    for index, row in enumerate(table.rows):
        has_value, has_marker = row.get(value_field) is not None, row.get(marker_field) is not None
        if has_value and has_marker:
            table.problem(index, marker_field, table.texts[index][marker_field], "gap-marked",
                          f"marks a gap although {value_field} has a value")
        elif not has_value and not has_marker:
            table.problem(index, value_field, "", "gap-marked",
                          f"is empty without a marker in {marker_field} saying why (gaps must be explicit)")


def _check_present_unless(table: _Table, check: dict[str, Any]) -> None:
    field, other, values = check["field"], check["unless_field"], check["unless_values"]
    for index, row in enumerate(table.rows):
        needed = row.get(other) not in values
        present = row.get(field) is not None
        if needed and not present:
            table.problem(index, field, "", "present-unless", f"is required when {other} is {row.get(other)!r}")
        elif present and not needed:
            table.problem(index, field, table.texts[index][field], "present-unless",
                          f"must be empty when {other} is {row.get(other)!r}")


def _check_row_reference(table: _Table, check: dict[str, Any], tables: dict[str, _Table],
                         descriptor_keys: dict[str, list[str]]) -> None:
    field, delimiter = check["field"], check.get("delimiter", ";")
    keys: dict[str, set[str]] = {}
    for name in check["resources"]:
        fields = descriptor_keys[name]
        keys[name] = {"/".join(str(r.get(f)) for f in fields) for r in tables[name].rows}
    for index, row in enumerate(table.rows):
        text = row.get(field)
        if text is None:
            continue
        for item in text.split(delimiter):
            name, _, key = item.partition(":")
            if name not in keys:
                allowed = ", ".join(check["resources"])
                table.problem(index, field, text, "row-reference",
                              f"{item!r}: '{name}' is not one of the tables it may cite ({allowed})")
            elif key not in keys[name]:
                table.problem(index, field, text, "row-reference",
                              f"{item!r}: no row with key '{key}' in {tables[name].path.name}")


def publisher_domain(url: str, domains: Iterable[str]) -> str | None:
    """The listed domain that a URL's host is, or is a subdomain of (longest match), else None."""
    host = (urlsplit(url).hostname or "").lower()
    matches = [d for d in domains if host == d or host.endswith("." + d)]
    return max(matches, key=len) if matches else None


def _check_url_publisher(table: _Table, check: dict[str, Any], tables: dict[str, _Table]) -> None:
    field, target = check["field"], tables[check["resource"]]
    domains = [r[check["reference_field"]] for r in target.rows if r.get(check["reference_field"])]
    for index, row in enumerate(table.rows):
        url = row.get(field)
        if url is not None and publisher_domain(url, domains) is None:
            host = urlsplit(url).hostname or "?"
            table.problem(index, field, url, "publisher",
                          f"its host {host} is not on a domain listed in {target.path.name} (add the publisher)")


def _cross_checks(resource: dict[str, Any], tables: dict[str, _Table], primary_keys: dict[str, list[str]]) -> None:
    table, schema = tables[resource["name"]], resource["schema"]
    _check_foreign_keys(table, schema, tables)
    for check in schema.get("x-checks", []):
        rule = check["rule"]
        if rule == "partial-date":
            _check_partial_date(table, check)
        elif rule == "list-reference":
            _check_list_reference(table, check, tables)
        elif rule == "date-order":
            _check_date_order(table, check)
        elif rule == "url-publisher":
            _check_url_publisher(table, check, tables)
        elif rule == "gap-marked":
            _check_gap_marked(table, check)
        elif rule == "present-unless":
            _check_present_unless(table, check)
        elif rule == "row-reference":
            _check_row_reference(table, check, tables, primary_keys)
        else:
            raise ValueError(f"{resource['name']}: unknown x-checks rule {rule!r}")


def _dependencies(resource: dict[str, Any]) -> set[str]:
    """Names of the other tables that a resource's checks refer to."""
    schema = resource["schema"]
    names = {fk["reference"]["resource"] for fk in schema.get("foreignKeys", [])}
    names |= {c["resource"] for c in schema.get("x-checks", []) if "resource" in c}
    names |= {name for c in schema.get("x-checks", []) for name in c.get("resources", [])}
    return names - {"", resource["name"]}


def _with_dependencies(descriptor: dict[str, Any], wanted: Iterable[str]) -> list[str]:
    """The wanted tables and every table their checks refer to, transitively (sorted names)."""
    resources = {r["name"]: r for r in descriptor["resources"]}
    todo, found = list(wanted), set()
    while todo:
        name = todo.pop()
        if name not in resources:
            raise KeyError(f"no table named {name!r} in {DESCRIPTOR}; tables: {', '.join(resources)}")
        if name not in found:
            found.add(name)
            todo.extend(_dependencies(resources[name]))
    return sorted(found)


def _as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _check_tables(directory: Path, descriptor: dict[str, Any], wanted: Iterable[str]) -> dict[str, _Table]:
    """Read the wanted tables and everything they refer to, then run all checks."""
    resources = {r["name"]: r for r in descriptor["resources"]}
    order = _with_dependencies(descriptor, wanted)
    tables = {name: _read_table(directory, resources[name]) for name in order}
    primary_keys = {name: _as_list(r["schema"].get("primaryKey", [])) for name, r in resources.items()}
    for name in order:
        _cross_checks(resources[name], tables, primary_keys)
    return tables


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------


def validate(directory: str | os.PathLike[str] | None = None) -> list[Problem]:
    """Check every table of a data directory; return all problems (an empty list if valid)."""
    try:
        descriptor = load_descriptor(directory)
    except DataError as exc:
        return exc.problems
    tables = _check_tables(data_dir(directory), descriptor, [r["name"] for r in descriptor["resources"]])
    return [p for name in sorted(tables) for p in tables[name].problems]


def _frame(table: _Table) -> pd.DataFrame:
    """Turn checked rows into a typed DataFrame (nullable integers stay integers)."""
    columns: dict[str, Any] = {}
    for field in table.fields:
        values = [row[field["name"]] for row in table.rows]
        kind = field.get("type", "string")
        if kind in ("integer", "year"):
            columns[field["name"]] = pd.array(values, dtype="Int64")
        elif kind == "number":
            columns[field["name"]] = pd.array([math.nan if v is None else v for v in values], dtype="float64")
        elif kind == "boolean":
            columns[field["name"]] = pd.array(values, dtype="boolean")
        else:
            columns[field["name"]] = pd.array(values, dtype=object)
    return pd.DataFrame(columns)


@cache
def _load_cached(directory: str, name: str, stamp: tuple[tuple[str, int, int], ...]) -> pd.DataFrame:
    descriptor = load_descriptor(directory)
    tables = _check_tables(Path(directory), descriptor, [name])
    problems = [p for t in sorted(tables) for p in tables[t].problems]
    if problems:
        raise DataError(problems)
    return _frame(tables[name])


def _stamp(directory: Path) -> tuple[tuple[str, int, int], ...]:
    """Size and modification time of every file, so that the cache notices any edit."""
    return tuple(
        sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in directory.iterdir() if p.is_file())
    )


def load(name: str, directory: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Load one table, validated against ``datapackage.json``.

    Raises :class:`DataError` listing every problem of the table and of the tables it refers to.
    The returned frame is a fresh copy, so callers may modify it.
    """
    folder = data_dir(directory).resolve()
    frame = _load_cached(str(folder), name, _stamp(folder))
    descriptor = load_descriptor(folder)  # records the descriptor as read
    paths = {r["name"]: r["path"] for r in descriptor["resources"]}
    for table in _with_dependencies(descriptor, [name]):
        _record_read(folder / paths[table])
    return frame.copy()
