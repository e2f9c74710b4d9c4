"""``datapackage.json`` read safely and checked before anything it describes is used.

A forker edits the descriptor by hand, so every structural mistake (no ``resources``, a resource
without ``schema``, an unknown type or rule, a regular expression that does not compile or could
backtrack for ever, a foreign key to a table that does not exist, a file saved as UTF-16 …) must
give one message naming ``datapackage.json`` and the key, never a traceback. The files it names
are read only if they are regular files inside the data folder and smaller than a cap, so that a
path such as ``../../etc/passwd``, a symlink to ``/dev/zero`` or a FIFO is refused at once.
"""

from __future__ import annotations

import json
import os
import re
import re._constants as sre_constants  # the standard parser of regular expressions (stable since 3.11)
import re._parser as sre_parse
import stat
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from alliance.problems import DataError, Problem, display_path, shorten
from alliance.rules import CONSTRAINTS, RULES

__all__ = [
    "DESCRIPTOR",
    "DESCRIPTOR_LIMIT",
    "FILE_LIMIT",
    "SUPPORTED_TYPES",
    "FileRefused",
    "check_descriptor",
    "pattern_problem",
    "read_descriptor",
    "read_inside",
]

DESCRIPTOR = "datapackage.json"
#: Largest descriptor read (today's is under 50 KB).
DESCRIPTOR_LIMIT = 2 * 1024 * 1024
#: Largest data file read (today's largest, milex_sipri.csv, is 1.2 MB).
FILE_LIMIT = 64 * 1024 * 1024
#: Field types the loader converts.
SUPPORTED_TYPES = ("string", "integer", "number", "boolean", "date", "year")
#: String formats the loader understands (``uri``: a source address, see :mod:`alliance.urls`).
SUPPORTED_FORMATS = ("default", "uri")
#: Longest regular expression accepted in a ``pattern`` constraint.
PATTERN_LIMIT = 300

_NAME = re.compile(r"[a-z0-9][a-z0-9_.-]*")


class FileRefused(Exception):
    """A data file that is not read: missing, outside the data folder, not a regular file, too large."""

    def __init__(self, rule: str, message: str):
        super().__init__(message)
        self.rule, self.message = rule, message


def read_inside(directory: Path, relative: str, limit: int) -> bytes:
    """The bytes of ``directory/relative`` if it is a regular file inside ``directory`` (symlinks
    followed, but only to files inside it) of at most ``limit`` bytes; else :class:`FileRefused`.
    Nothing is opened before the checks, so FIFOs and devices never block or flood."""
    root = directory.resolve()
    if os.path.isabs(relative) or ".." in PurePosixPath(relative).parts or "\\" in relative:
        raise FileRefused("file", f"path {_shown(relative)} leaves the data folder: name a file inside it")
    real = (directory / relative).resolve()
    if not real.is_relative_to(root):
        raise FileRefused("file", "is a link to a file outside the data folder: put the file itself in data/")
    try:
        info = os.stat(real)
    except FileNotFoundError:
        raise FileRefused("missing-file", "the file is missing: add it, or correct its path") from None
    except OSError as exc:
        raise FileRefused("file", f"cannot be read ({exc.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise FileRefused("file", "is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise FileRefused("file", "is not a regular file (a pipe, socket or device): replace it with the file itself")
    if info.st_size > limit:
        raise FileRefused("file-size", f"is {info.st_size:,} bytes, over the limit of {limit:,}: is it the right file?")
    with open(real, "rb") as fh:
        raw = fh.read(limit + 1)
    if len(raw) > limit:
        raise FileRefused("file-size", f"is over the limit of {limit:,} bytes: is it the right file?")
    return raw


def _descriptor_problem(path: Path, key: str | None, message: str, line: int | None = None) -> Problem:
    return Problem(display_path(path), line, None, None, None, "descriptor", message, key)


def read_descriptor(directory: Path) -> dict[str, Any]:
    """The parsed, checked descriptor of a data folder; :class:`DataError` for anything wrong."""
    path = directory / DESCRIPTOR
    try:
        raw = read_inside(directory, DESCRIPTOR, DESCRIPTOR_LIMIT)
    except FileRefused as refused:
        rule = refused.rule if refused.rule == "missing-file" else "descriptor"
        message = "the data package descriptor is missing" if rule == "missing-file" else refused.message
        raise DataError([Problem(display_path(path), None, None, None, None, rule, message)]) from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw[:200]:
        raise DataError([_descriptor_problem(path, None, "is saved as UTF-16: save it as UTF-8")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise DataError([_descriptor_problem(path, None, "is not valid UTF-8: save it as UTF-8", line)]) from None
    try:
        descriptor = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError([_descriptor_problem(
            path, None, f"is not valid JSON: {exc.msg} at column {exc.colno} (check commas and quotes)", exc.lineno
        )]) from None
    problems = [_descriptor_problem(path, key, message) for key, message in check_descriptor(descriptor)]
    if problems:
        raise DataError(problems)
    return descriptor


# ---------------------------------------------------------------------------------------------
# Regular expressions that cannot backtrack catastrophically
# ---------------------------------------------------------------------------------------------

_REPEATS = (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT)
_CATEGORY_TESTS = {
    "CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W",
}


def _in_set(items: list[tuple[Any, Any]], code: int) -> bool:
    """Whether a character class (the parsed items of ``[...]``) matches the character ``code``."""
    negate, found = False, False
    for op, av in items:
        name = str(op)
        if name == "NEGATE":
            negate = True
        elif name == "LITERAL":
            found |= av == code
        elif name == "RANGE":
            found |= av[0] <= code <= av[1]
        elif name == "CATEGORY":
            found |= re.fullmatch(_CATEGORY_TESTS.get(str(av), r"[\s\S]"), chr(code)) is not None
        else:
            found = True  # anything unusual: assume it may match
    return found != negate


def _can_match(pattern: Any, code: int) -> bool:
    """Whether any character-consuming part of a parsed pattern could match the character ``code``."""
    for op, av in pattern:
        name = str(op)
        if name == "LITERAL" and av == code:
            return True
        if name == "NOT_LITERAL" and av != code:
            return True
        if name == "ANY" and code != 10:
            return True
        if name == "IN" and _in_set(av, code):
            return True
        if op in _REPEATS and _can_match(av[2], code):
            return True
        if name == "SUBPATTERN" and _can_match(av[-1], code):
            return True
        if name == "BRANCH" and any(_can_match(branch, code) for branch in av[1]):
            return True
    return False


def _variable(pattern: Any) -> bool:
    """Whether a parsed pattern holds a repetition of variable length or an alternation."""
    for op, av in pattern:
        name = str(op)
        if name == "BRANCH":
            return True
        if op in _REPEATS and (av[0] != av[1] or _variable(av[2])):
            return True
        if name == "SUBPATTERN" and _variable(av[-1]):
            return True
    return False


def _separated(body: Any) -> bool:
    """A repeated body such as ``(-[a-z0-9]+)`` that starts with a literal character none of its other
    parts can match: each repetition can start at one place only, so matching cannot backtrack
    exponentially."""
    items = list(body)
    while len(items) == 1 and str(items[0][0]) == "SUBPATTERN":
        items = list(items[0][1][-1])
    if not items or str(items[0][0]) != "LITERAL":
        return False
    return not _can_match(items[1:], items[0][1])


def _children(op: Any, av: Any) -> list[Any]:
    """The sub-patterns of one parsed item (repeat body, group, alternatives, lookaround)."""
    name = str(op)
    if op in _REPEATS:
        return [av[2]]
    if name == "SUBPATTERN":
        return [av[-1]]
    if name == "BRANCH":
        return list(av[1])
    if name in ("ASSERT", "ASSERT_NOT"):
        return [av[1]]
    return []


def _ambiguous(pattern: Any) -> bool:
    """Whether a parsed pattern repeats (more than once) something that is itself variable and not
    separated: the shape of catastrophic backtracking, as in ``(a+)+`` or ``(a|aa)*``."""
    for op, av in pattern:
        if op in _REPEATS:
            _, high, body = av
            if (high == sre_constants.MAXREPEAT or high > 1) and _variable(body) and not _separated(body):
                return True
        if any(_ambiguous(child) for child in _children(op, av)):
            return True
    return False


def _has_op(pattern: Any, names: set[str]) -> bool:
    """Whether a parsed pattern uses any of the named operations, at any depth."""
    return any(str(op) in names or any(_has_op(child, names) for child in _children(op, av)) for op, av in pattern)


def pattern_problem(pattern: str) -> str | None:
    """Why a ``pattern`` constraint is refused (does not compile, too long, backreferences, or
    nested repetition that could backtrack catastrophically), or None."""
    if len(pattern) > PATTERN_LIMIT:
        return f"is {len(pattern)} characters long, over the limit of {PATTERN_LIMIT}"
    try:
        re.compile(pattern)
        parsed = sre_parse.parse(pattern)
    except (re.error, RecursionError, OverflowError) as exc:
        return f"is not a valid regular expression ({exc})"
    if _has_op(parsed, {"GROUPREF", "GROUPREF_EXISTS"}):
        return "uses a backreference: write the pattern without \\1 or (?P=name)"
    if _ambiguous(parsed):
        return ("repeats a repetition (as in (a+)+ or (a|aa)*), which can take for ever on some values: "
                "write each repeated group as a separator then its content, e.g. [a-z0-9]+(-[a-z0-9]+)*")
    return None


# ---------------------------------------------------------------------------------------------
# Structure
# ---------------------------------------------------------------------------------------------


def _shown(value: Any) -> str:
    """A descriptor value as echoed in a message: its repr, cut to the echo limit."""
    return shorten(repr(value))


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


_CONSTRAINT_TYPES: dict[str, tuple[str, Any]] = {
    "required": ("true or false", lambda v: isinstance(v, bool)),
    "unique": ("true or false", lambda v: isinstance(v, bool)),
    "enum": ("a non-empty list", lambda v: isinstance(v, list) and len(v) > 0),
    "pattern": ("a string", lambda v: isinstance(v, str)),
    "minLength": ("a whole number ≥ 0", lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0),
    "maxLength": ("a whole number ≥ 0", lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0),
    "minimum": ("a number", _is_number),
    "maximum": ("a number", _is_number),
}


def _check_field(field: Any, key: str) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    if not isinstance(field, dict):
        return [(key, "must be an object with a name and a type")]
    if not isinstance(field.get("name"), str) or not field["name"]:
        problems.append((f"{key}.name", "is missing: every field needs a name (its column header)"))
    kind = field.get("type", "string")
    if kind not in SUPPORTED_TYPES:
        problems.append((f"{key}.type",
                         f"{_shown(kind)} is not a type the loader knows: use one of {', '.join(SUPPORTED_TYPES)}"))
    if field.get("format", "default") not in SUPPORTED_FORMATS:
        problems.append((f"{key}.format",
                         f"{_shown(field['format'])} is not supported: use one of {', '.join(SUPPORTED_FORMATS)}"))
    constraints = field.get("constraints", {})
    if not isinstance(constraints, dict):
        return [*problems, (f"{key}.constraints", "must be an object")]
    for flag in ("trueValues", "falseValues"):
        if flag in field and (not isinstance(field[flag], list) or not all(isinstance(v, str) for v in field[flag])
                              or not field[flag]):
            problems.append((f"{key}.{flag}", "must be a non-empty list of strings, e.g. [\"true\"]"))
    for name, value in constraints.items():
        where = f"{key}.constraints.{name}"
        if name not in CONSTRAINTS:
            problems.append((where, f"is not a constraint the loader knows: use {', '.join(CONSTRAINTS)}"))
        elif not _CONSTRAINT_TYPES[name][1](value):
            problems.append((where, f"must be {_CONSTRAINT_TYPES[name][0]}"))
        elif name == "pattern":
            why = pattern_problem(value)
            if why:
                problems.append((where, why))
        elif name in ("minimum", "maximum") and kind not in ("integer", "number", "year"):
            problems.append((where, f"applies to numbers only, not to type {_shown(kind)}"))
    return problems


def _names(resource: Mapping[str, Any]) -> list[str]:
    fields = resource.get("schema", {}).get("fields", []) if isinstance(resource.get("schema"), dict) else []
    return [f["name"] for f in fields if isinstance(f, dict) and isinstance(f.get("name"), str)]


def _field_list(value: Any) -> list[str] | None:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    return None


def _check_keys(schema: dict[str, Any], key: str, names: list[str],
                fields_of: Mapping[str, list[str] | None]) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    if "primaryKey" in schema:
        primary = _field_list(schema["primaryKey"])
        if primary is None:
            problems.append((f"{key}.primaryKey", "must be a field name or a list of field names"))
        else:
            problems += [(f"{key}.primaryKey", f"names {_shown(p)}, which is not a field of this table")
                         for p in primary if p not in names]
    foreign = schema.get("foreignKeys", [])
    if not isinstance(foreign, list):
        return [*problems, (f"{key}.foreignKeys", "must be a list")]
    for number, fk in enumerate(foreign):
        where = f"{key}.foreignKeys[{number}]"
        reference = fk.get("reference") if isinstance(fk, dict) else None
        fields = _field_list(fk.get("fields")) if isinstance(fk, dict) else None
        if fields is None or not isinstance(reference, dict):
            problems.append((where, "must have fields and a reference {resource, fields}"))
            continue
        problems += [(f"{where}.fields", f"names {_shown(f)}, which is not a field of this table") for f in fields
                     if f not in names]
        target = reference.get("resource")
        target_fields = _field_list(reference.get("fields"))
        if not isinstance(target, str) or (target and target not in fields_of):
            problems.append((f"{where}.reference.resource",
                             f"{_shown(target)} is not a table of the package: use one of {', '.join(fields_of)}"))
        elif target_fields is None or len(target_fields) != len(fields):
            problems.append((f"{where}.reference.fields", "must name as many fields as fields does"))
        else:
            known = fields_of[target] if target else names
            problems += [(f"{where}.reference.fields",
                          f"names {_shown(f)}, which is not a field of {target or 'this table'}")
                         for f in target_fields if known is not None and f not in known]
    return problems


def _check_rules(schema: dict[str, Any], key: str, names: list[str],
                 fields_of: Mapping[str, list[str] | None]) -> list[tuple[str, str]]:
    checks = schema.get("x-checks", [])
    if not isinstance(checks, list):
        return [(f"{key}.x-checks", "must be a list of rules")]
    problems: list[tuple[str, str]] = []
    for number, check in enumerate(checks):
        where = f"{key}.x-checks[{number}]"
        if not isinstance(check, dict) or check.get("rule") not in RULES:
            rule = check.get("rule") if isinstance(check, dict) else None
            problems.append((f"{where}.rule",
                             f"{_shown(rule)} is not a rule the loader knows: use one of {', '.join(RULES)}"))
            continue
        for param in RULES[check["rule"]].params:
            value = check.get(param.name)
            at = f"{where}.{param.name}"
            if value is None:
                if not param.optional:
                    problems.append((at, f"is missing: the {check['rule']} rule needs it"))
                continue
            target = check.get("resource") if isinstance(check.get("resource"), str) else None
            if param.kind == "field" and (not isinstance(value, str) or value not in names):
                problems.append((at, f"{_shown(value)} is not a field of this table"))
            elif param.kind == "resource" and (not isinstance(value, str) or value not in fields_of):
                problems.append((at, f"{_shown(value)} is not a table of the package"))
            elif param.kind == "target_field" and target in fields_of and fields_of[target] is not None \
                    and (not isinstance(value, str) or value not in fields_of[target]):
                problems.append((at, f"{_shown(value)} is not a field of {target}"))
            elif param.kind == "resources" and (not isinstance(value, list) or not value
                                                or any(not isinstance(v, str) or v not in fields_of for v in value)):
                problems.append((at, f"must be a non-empty list of tables of the package ({', '.join(fields_of)})"))
            elif param.kind == "values" and not isinstance(value, list):
                problems.append((at, "must be a list of values"))
            elif param.kind == "text" and (not isinstance(value, str) or not value):
                problems.append((at, "must be a non-empty string"))
    return problems


def _check_resource(resource: Any, key: str, fields_of: Mapping[str, list[str] | None]) -> list[tuple[str, str]]:
    if not isinstance(resource, dict):
        return [(key, "must be an object with name, path and schema")]
    problems: list[tuple[str, str]] = []
    path = resource.get("path")
    if not isinstance(path, str) or not path:
        problems.append((f"{key}.path", "is missing: name the table's CSV file, e.g. \"events.csv\""))
    elif os.path.isabs(path) or ".." in PurePosixPath(path).parts or "\\" in path or "://" in path:
        problems.append((f"{key}.path",
                         f"{_shown(path)} leaves the data folder: name a file inside it, e.g. \"events.csv\""))
    schema = resource.get("schema")
    if not isinstance(schema, dict):
        return [*problems, (f"{key}.schema", "is missing: every table needs a schema with its fields")]
    fields = schema.get("fields")
    if not isinstance(fields, list) or not fields:
        return [*problems, (f"{key}.schema.fields", "must be a non-empty list of fields")]
    for number, field in enumerate(fields):
        problems += _check_field(field, f"{key}.schema.fields[{number}]")
    names = _names(resource)
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        problems.append((f"{key}.schema.fields", f"names {', '.join(duplicates)} twice"))
    problems += _check_keys(schema, f"{key}.schema", names, fields_of)
    problems += _check_rules(schema, f"{key}.schema", names, fields_of)
    entity = resource.get("x-entity")
    label = entity.get("label_field") if isinstance(entity, dict) else None
    if entity is not None and (not isinstance(entity, dict) or (label is not None and label not in names)):
        problems.append((f"{key}.x-entity", "must be an object whose label_field is a field of this table"))
    return problems


def check_descriptor(descriptor: Any) -> list[tuple[str, str]]:
    """Every structural problem of a parsed descriptor, as (JSON key, message) pairs."""
    if not isinstance(descriptor, dict):
        return [("(top level)", "must be a JSON object with a resources list")]
    resources = descriptor.get("resources")
    if not isinstance(resources, list) or not resources:
        return [("resources", "is missing or empty: list the tables, each with name, path and schema")]
    problems: list[tuple[str, str]] = []
    fields_of: dict[str, list[str] | None] = {}
    for number, resource in enumerate(resources):
        name = resource.get("name") if isinstance(resource, dict) else None
        if not isinstance(name, str) or not _NAME.fullmatch(name):
            problems.append((f"resources[{number}].name",
                             "is missing or not a plain name: use lower case, digits, _ or -, e.g. \"events\""))
        if not isinstance(name, str):
            continue
        if name in fields_of:
            problems.append((f"resources[{number}].name", f"{_shown(name)} names two tables"))
        else:
            schema = resource.get("schema")
            # None: the table's own entry reports its broken schema; others do not repeat it
            fields_of[name] = _names(resource) if isinstance(schema, dict) and isinstance(schema.get("fields"), list) \
                else None
    for number, resource in enumerate(resources):
        name = resource.get("name") if isinstance(resource, dict) else None
        key = f"resources[{number}]" + (f" ({shorten(name, 40)})" if isinstance(name, str) else "")
        problems += _check_resource(resource, key, fields_of)
    return problems
