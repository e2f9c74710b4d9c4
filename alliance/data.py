"""Load the book's datasets through their one schema, ``data/datapackage.json``.

Every table is read with the standard library's ``csv`` module (so that each problem can be
traced to a physical line), checked against its Frictionless Table Schema and the book's extra
``x-checks``, and only then turned into a typed :class:`pandas.DataFrame`. Nothing is dropped or
coerced silently: a single bad cell makes :func:`load` raise a :class:`DataError` that lists
*every* problem in the table, each with file, line, column, value, rule and what to write instead.

The pieces, each in its own module:

* :mod:`alliance.descriptor` reads ``datapackage.json`` safely and checks its structure before it
  is used (types, constraints, patterns that cannot backtrack for ever, rules and their
  parameters, foreign keys), and reads data files only if they are regular files inside the data
  folder, under a size cap;
* :mod:`alliance.rules` holds every rule as one object that checks and describes itself: Table
  Schema's constraints (``required``, ``unique``, ``enum``, ``pattern``, ``minLength``,
  ``maxLength``, ``minimum``, ``maximum``), ``foreignKeys``, and the book's ``x-checks``
  (``partial-date``, ``not-future``, ``date-order``, ``list-reference``, ``url-publisher``,
  ``gap-marked``, ``present-unless``, ``row-reference``);
* :mod:`alliance.urls` parses source URLs as a browser does; :mod:`alliance.dates` reads
  partial dates; :mod:`alliance.problems` formats what is reported.

This module reads each CSV, converts each cell to its type (the same conversion whether the data
are validated or loaded, so "valid" implies "loads"), and applies the rules. Every text cell must
be plain text (no control, bidirectional or zero-width characters); integers must fit in 64 bits.
When a file cannot be read, its cause is reported and the follow-on errors in other tables that
refer to it are not.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from alliance import paths
from alliance.descriptor import DESCRIPTOR, FILE_LIMIT, FileRefused, read_descriptor, read_inside
from alliance.problems import DataError, Problem, display_path, shorten
from alliance.rules import CONSTRAINTS, plain_text_problem, rules_of
from alliance.urls import publisher_domain, url_problem

__all__ = [
    "DataError",
    "Problem",
    "data_dir",
    "load",
    "load_descriptor",
    "publisher_domain",
    "validate",
]

#: Environment variable naming an alternative data directory (see :mod:`alliance.paths`).
DATA_DIR_ENV = paths.DATA_DIR_ENV
#: Environment variable naming a file to which every data file read is appended (one path a line).
#: ``python -m bookkit notebooks`` sets it to learn which data each notebook depends on.
READ_LOG_ENV = "ALLIANCE_READ_LOG"

MISSING = ""
#: How many wrong header columns are listed one by one (a pasted row as header can have thousands).
HEADER_REPORT_LIMIT = 10
#: The range of a 64-bit signed integer (pandas' Int64), which every integer cell must fit.
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


# ---------------------------------------------------------------------------------------------
# Locating and reading files
# ---------------------------------------------------------------------------------------------


def data_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """Return the data directory by the one rule of :mod:`alliance.paths` (argument,
    ``$ALLIANCE_DATA_DIR``, the clone's ``data/``, the data installed with the package)."""
    return paths.data_dir(path)


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
        raise FileNotFoundError(f"{display_path(path)}: no such data file")
    _record_read(path)
    return path


def primary_key(name: str, directory: str | os.PathLike[str] | None = None) -> list[str]:
    """The primary-key fields of a table, as declared in ``datapackage.json``."""
    resources = {r["name"]: r for r in load_descriptor(directory)["resources"]}
    if name not in resources:
        raise KeyError(f"no table named {name!r} in {DESCRIPTOR}")
    return _as_list(resources[name]["schema"].get("primaryKey", []))


def load_descriptor(directory: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """Read and check ``datapackage.json`` of a data directory (the one schema of every table);
    :class:`DataError` naming the key of every structural problem."""
    folder = data_dir(directory)
    descriptor = read_descriptor(folder)
    _record_read(folder / DESCRIPTOR)
    return descriptor


def _file_problem(path: Path, rule: str, message: str, line: int | None = None) -> Problem:
    return Problem(display_path(path), line, None, None, None, rule, message)


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
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            return None, [_file_problem(path, "encoding", "is saved as UTF-16: save the file as UTF-8", 1)]
        return None, [
            Problem(
                display_path(path), line, shorten(column) if column else None, number, None, "encoding",
                f"bytes {bad} are not valid UTF-8: save the file as UTF-8",
            )
        ]


# ---------------------------------------------------------------------------------------------
# Cells: one conversion, used by validate and load alike
# ---------------------------------------------------------------------------------------------

_INTEGER = re.compile(r"[+-]?[0-9]+")
_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")


def _convert(text: str, spec: dict[str, Any]) -> tuple[Any, str | None]:
    """Convert one non-missing cell to its field type; return (value, error message or None).
    The message says what to write instead, with an example."""
    kind = spec.get("type", "string")
    example = f" (e.g. {spec['example']})" if "example" in spec else ""
    if kind == "string":
        if spec.get("format") == "uri":
            problem = url_problem(text)
            return (None, problem) if problem else (text, None)
        return text, None
    if kind in ("integer", "year"):
        if not _INTEGER.fullmatch(text):
            what = "a year" if kind == "year" else "a whole number"
            return None, f"is not {what}: write digits only, without separators, decimals or units{example}"
        digits = text.lstrip("+-")
        if len(digits) > 19 or not INT64_MIN <= int(text) <= INT64_MAX:
            return None, (f"is {len(digits)} digits long, outside the range of a 64-bit integer: check the digits "
                          f"and the unit{example}")
        return int(text), None
    if kind == "number":
        if not _NUMBER.fullmatch(text) or len(text) > 40:
            return None, ("is not a number: write digits with an optional '.' and exponent, without thousands "
                          f"separators or units{example}")
        value = float(text)
        if not math.isfinite(value):
            return None, "is not a finite number: check the digits and the exponent"
        return value, None
    if kind == "boolean":
        true = spec.get("trueValues", ["true", "True", "TRUE", "1"])
        false = spec.get("falseValues", ["false", "False", "FALSE", "0"])
        if text in true:
            return True, None
        if text in false:
            return False, None
        return None, f"is not a boolean: write {true[0]} or {false[0]}"
    # "date": descriptor.SUPPORTED_TYPES has no other type
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return None, "is not a date: write YYYY-MM-DD (e.g. 2022-12-19)"
    try:
        return dt.date.fromisoformat(text), None
    except ValueError:
        return None, "is not a real calendar date: check the day and the month (e.g. 2023-02-28)"


# ---------------------------------------------------------------------------------------------
# Reading and checking one table
# ---------------------------------------------------------------------------------------------


@dataclass
class _Table:
    """A table read and checked against its schema (before cross-table checks)."""

    name: str
    path: Path
    fields: list[dict[str, Any]]
    entity: dict[str, Any] = dataclass_field(default_factory=dict)
    rows: list[dict[str, Any]] = dataclass_field(default_factory=list)  # converted values, by field name
    texts: list[dict[str, str]] = dataclass_field(default_factory=list)  # raw cell texts, by field name
    lines: list[int] = dataclass_field(default_factory=list)  # physical line of each row
    problems: list[Problem] = dataclass_field(default_factory=list)
    unreadable: bool = False  # the file (or its header) could not be read at all

    @property
    def file(self) -> str:
        return self.path.name

    def field(self, name: str) -> dict[str, Any]:
        return next(f for f in self.fields if f["name"] == name)

    def problem(self, row: int | None, field: str | None, value: str | None, rule: str, msg: str) -> None:
        names = [f["name"] for f in self.fields]
        number = names.index(field) + 1 if field in names else None
        line = None if row is None else self.lines[row]
        self.problems.append(Problem(display_path(self.path), line, field, number, value, rule, msg))

    def fail(self, rule: str, message: str, line: int | None = None) -> _Table:
        """Report that the file cannot be read (its cause) and mark it unreadable."""
        self.problems.append(_file_problem(self.path, rule, message, line))
        self.unreadable = True
        return self


def _read_table(directory: Path, resource: dict[str, Any], number: int) -> _Table:
    """Read one resource's CSV and apply the header, cell and uniqueness rules."""
    path = directory / resource["path"]
    table = _Table(resource["name"], path, resource["schema"]["fields"], dict(resource.get("x-entity", {})))
    try:
        raw = read_inside(directory, resource["path"], FILE_LIMIT)
    except FileRefused as refused:
        return table.fail(refused.rule, f"{refused.message} ({DESCRIPTOR} resources[{number}].path)")
    _record_read(path)
    text, problems = _decode(path, raw)
    if text is None:
        table.problems.extend(problems)
        table.unreadable = True
        return table
    if not text.strip():
        return table.fail("empty-file", "the file is empty: it needs a header row, then one row per record", 1)

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        return table.fail("csv-syntax", f"the header row is not valid CSV ({exc}): write the column names, "
                                        "separated by commas", 1)
    if not _header_ok(table, header):
        table.unreadable = True
        return table

    names = [f["name"] for f in table.fields]
    line = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            hint = (": a quote opened in this row is never closed; close it, and write a quote inside a value "
                    'as two ("")') if "end of data" in str(exc) else ""
            if "field larger than field limit" in str(exc):
                hint = (f": a cell is longer than {csv.field_size_limit():,} characters (is a quote never closed, "
                        "or a whole file pasted into one cell?)")
            table.problems.append(_file_problem(path, "csv-syntax", f"not valid CSV ({exc}){hint}", line))
            break
        start, line = line, reader.line_num + 1
        if not cells or (all(c == "" for c in cells) and len(cells) <= 1):
            table.problems.append(
                _file_problem(path, "blank-row", "blank line: delete it (a row may not be empty)", start)
            )
            continue
        if len(cells) != len(names):
            _report_cell_count(table, start, len(cells), names)
            continue  # the cells cannot be matched to columns: no knock-on errors for this line
        table.lines.append(start)
        _check_row(table, len(table.lines) - 1, cells)

    if not table.lines and not any(p.rule in ("blank-row", "extra-cell", "missing-cell") for p in table.problems):
        table.problems.append(_file_problem(path, "no-rows", "the file has a header but no data rows: add at "
                                                             "least one row", 1))
    _check_unique(table, resource["schema"])
    return table


def _report_cell_count(table: _Table, line: int, count: int, names: list[str]) -> None:
    """One message for a row with too many or too few cells (its cells are not checked further)."""
    missing = count < len(names)
    head = f"this line has {count} cells, the header {len(names)}: "
    if missing:
        hint = "every row needs a cell for each column; leave a cell empty by writing nothing between two commas"
        column, number = names[count], count + 1
    else:
        hint = 'a comma inside a value must be quoted (e.g. "Washington, D.C.")'
        column, number = None, len(names) + 1
    table.problems.append(Problem(display_path(table.path), line, column, number, None,
                                  "missing-cell" if missing else "extra-cell", head + hint))


def _header_ok(table: _Table, header: list[str]) -> bool:
    """Check the header against the schema's field names; report and return False if it differs."""
    expected = [f["name"] for f in table.fields]
    display = display_path(table.path)
    if header == expected:
        return True
    seen: set[str] = set()
    wrong: list[Problem] = []
    for number, name in enumerate(header, start=1):
        if name in seen:
            wrong.append(Problem(display, 1, name, number, name, "duplicate-column",
                                 "column appears twice: delete one of them"))
        seen.add(name)
        if name not in expected:
            hint = " (check for spaces)" if name.strip() in expected else ""
            wrong.append(
                Problem(display, 1, name, number, name, "unknown-column",
                        f"column is not in the schema{hint}; the schema's columns are: {', '.join(expected)}")
            )
    table.problems.extend(wrong[:HEADER_REPORT_LIMIT])
    if len(wrong) > HEADER_REPORT_LIMIT:
        table.problems.append(Problem(display, 1, None, None, None, "unknown-column",
                                      f"and {len(wrong) - HEADER_REPORT_LIMIT:,} more problems like these in the "
                                      f"header, which must be exactly {','.join(expected)}"))
    for number, name in enumerate(expected, start=1):
        if name not in header:
            table.problems.append(
                Problem(display, 1, name, number, None, "missing-column",
                        f"required column is missing from the header, which must be: {','.join(expected)}")
            )
    if not table.problems:
        table.problems.append(
            Problem(display, 1, None, None, shorten(",".join(header)), "column-order",
                    f"columns must be in the schema's order: {','.join(expected)}")
        )
    return False


def _check_row(table: _Table, index: int, cells: list[str]) -> None:
    """Convert and check the cells of one data row."""
    row: dict[str, Any] = {}
    texts: dict[str, str] = {}
    for spec, text in zip(table.fields, cells, strict=True):
        name = spec["name"]
        texts[name] = text
        row[name] = None
        constraints = spec.get("constraints", {})
        if text == MISSING:
            message = CONSTRAINTS["required"].check(constraints.get("required"), None, text, spec)
            if message:
                table.problem(index, name, text, "required", message)
            continue
        not_plain = plain_text_problem(text)
        if not_plain:
            table.problem(index, name, text, "plain-text", not_plain)
            continue
        if text != text.strip():
            table.problem(index, name, text, "whitespace", "has leading or trailing spaces: delete them")
            continue
        value, error = _convert(text, spec)
        if error:
            table.problem(index, name, text, "url" if spec.get("format") == "uri" else "type", error)
            continue
        for key, limit in constraints.items():
            if key != "required":
                message = CONSTRAINTS[key].check(limit, value, text, spec)
                if message:
                    table.problem(index, name, text, key, message)
        row[name] = value
    table.rows.append(row)
    table.texts.append(texts)


def _check_unique(table: _Table, schema: dict[str, Any]) -> None:
    """Apply ``unique`` constraints and the primary key."""
    keys = [[f["name"]] for f in table.fields if f.get("constraints", {}).get("unique")]
    primary = schema.get("primaryKey")
    if primary:
        primary = _as_list(primary)
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
                              f"duplicates the value on line {first_line[value]}: each row needs its own "
                              f"{'/'.join(key)} (change one, or delete the repeated row)")
            else:
                first_line[value] = table.lines[index]


# ---------------------------------------------------------------------------------------------
# Cross-table rules, dependencies, and the order of messages
# ---------------------------------------------------------------------------------------------


def _dependencies(resource: dict[str, Any]) -> set[str]:
    """Names of the other tables that a resource's rules refer to."""
    names = {name for rule in rules_of(resource["schema"]) for name in rule.dependencies()}
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


def _one_message_per_cell(problems: list[Problem]) -> list[Problem]:
    """Drop a generic ``pattern`` message where a table rule said more about the same cell (a
    country name in a code column gets "use its ISO3 code", not a regular expression)."""
    specific = {(p.line, p.column) for p in problems if p.rule != "pattern"}
    return [p for p in problems if p.rule != "pattern" or (p.line, p.column) not in specific]


def _check_tables(directory: Path, descriptor: dict[str, Any], wanted: Iterable[str]) -> dict[str, _Table]:
    """Read the wanted tables and everything they refer to, then run all checks."""
    resources = {r["name"]: r for r in descriptor["resources"]}
    numbers = {r["name"]: n for n, r in enumerate(descriptor["resources"])}
    order = _with_dependencies(descriptor, wanted)
    tables = {name: _read_table(directory, resources[name], numbers[name]) for name in order}
    primary_keys = {name: _as_list(r["schema"].get("primaryKey", [])) for name, r in resources.items()}
    for name in order:
        table = tables[name]
        if table.unreadable:
            continue
        for rule in rules_of(resources[name]["schema"]):
            rule.check(table, tables, primary_keys)
        # one message per cell, in the order of the file's lines
        table.problems = sorted(_one_message_per_cell(table.problems), key=lambda p: p.line or 0)
    return tables


def _problems(tables: dict[str, _Table]) -> list[Problem]:
    """Every problem, the causes first: tables that could not be read, then the others (by name)."""
    order = sorted(tables, key=lambda name: (not tables[name].unreadable, name))
    return [p for name in order for p in tables[name].problems]


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
    problems = _problems(tables)
    if not problems:  # the same conversion as load: valid data must also load
        for table in tables.values():
            try:
                _frame(table)
            except (ValueError, TypeError, OverflowError) as exc:
                problems.append(_file_problem(table.path, "load", f"cannot be turned into a table: {exc}"))
    return problems


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
    problems = _problems(tables)
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
