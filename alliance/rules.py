"""The validation rules, each one object that both checks the data and says what it checks.

Two kinds of rule:

* **constraints** on one cell (Table Schema's ``required``, ``enum``, ``pattern``, ``minLength``,
  ``maxLength``, ``minimum``, ``maximum``; ``unique`` is applied by the loader over the column):
  :data:`CONSTRAINTS`, each with ``check`` (a message saying what to write instead, or None) and
  ``describe`` (the rule in words, for the data dictionary);
* **table rules** declared in a schema's ``x-checks`` (the book's own) or ``foreignKeys``:
  :data:`RULES`, classes built from their descriptor entry. Each declares its parameters (so that
  :mod:`alliance.descriptor` can check them before anything is read), the tables it refers to,
  ``check`` (report problems on a read table) and ``describe`` (words for one column).

Messages teach: each says what was expected and gives an example.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, ClassVar, Protocol

from alliance import dates
from alliance.citations import parse_citations, row_key
from alliance.urls import EXAMPLE_URL, host, publisher_domain

__all__ = ["CONSTRAINTS", "RULES", "Param", "Rule", "plain_text_problem", "rules_of"]


class CheckedTable(Protocol):
    """What a rule needs of a table the loader has read (see ``alliance.data``)."""

    name: str
    file: str
    fields: list[dict[str, Any]]
    rows: list[dict[str, Any]]
    texts: list[dict[str, str]]
    unreadable: bool
    entity: dict[str, Any]

    def problem(self, row: int | None, field: str | None, value: str | None, rule: str, msg: str) -> None: ...

    def field(self, name: str) -> dict[str, Any]: ...


# ---------------------------------------------------------------------------------------------
# Plain text
# ---------------------------------------------------------------------------------------------

#: Characters refused in text: C0 and C1 controls (NUL, escape, tab, line breaks …), and invisible
#: characters that change how text reads or is copied: zero-width characters, direction marks,
#: bidirectional embeddings, overrides and isolates, the word joiner, and a byte-order mark inside text.
_NOT_PLAIN = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")


#: Names of the control characters most often pasted by accident (Unicode gives controls no name).
_CONTROL_NAMES = {0x00: "NULL", 0x09: "CHARACTER TABULATION", 0x0A: "LINE FEED", 0x0D: "CARRIAGE RETURN",
                  0x1B: "ESCAPE", 0x7F: "DELETE", 0x85: "NEXT LINE"}


def plain_text_problem(text: str) -> str | None:
    """Why a cell is not plain text (the first control, bidi or zero-width character, named with its
    code point and position), or None."""
    found = _NOT_PLAIN.search(text)
    if found is None:
        return None
    char = found.group()
    name = unicodedata.name(char, _CONTROL_NAMES.get(ord(char), "control character"))
    return (f"contains U+{ord(char):04X} {name} at character {found.start() + 1}: text fields are plain text; "
            "delete the character (retype the text if it was pasted)")


# ---------------------------------------------------------------------------------------------
# Cell constraints
# ---------------------------------------------------------------------------------------------


def _example(field: Mapping[str, Any]) -> str:
    """`` (e.g. X)`` from the field's ``example`` in the schema (a real address for a URL field)."""
    if "example" in field:
        return f" (e.g. {field['example']})"
    return f" (e.g. {EXAMPLE_URL})" if field.get("format") == "uri" else ""


class Constraint:
    """A Table Schema constraint on one cell; ``check`` gets the converted value and its text."""

    key: ClassVar[str]

    def check(self, limit: Any, value: Any, text: str, field: Mapping[str, Any]) -> str | None:
        raise NotImplementedError

    def describe(self, limit: Any) -> str:
        raise NotImplementedError


class _Required(Constraint):
    key = "required"

    def check(self, limit, value, text, field):
        return f"is empty but the column is required: fill it in{_example(field)}" if limit and text == "" else None

    def describe(self, limit):
        return "required" if limit else ""


class _Unique(Constraint):
    key = "unique"

    def check(self, limit, value, text, field):
        return None  # applied over the whole column by the loader

    def describe(self, limit):
        return "unique" if limit else ""


class _Enum(Constraint):
    key = "enum"

    def check(self, limit, value, text, field):
        if value in limit:
            return None
        close = difflib.get_close_matches(text.lower(), [str(v) for v in limit], n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        return f"is not one of the allowed values: {hint}write one of {', '.join(map(str, limit))}"

    def describe(self, limit):
        return "one of: " + ", ".join(map(str, limit))


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


class _Pattern(Constraint):
    key = "pattern"

    def check(self, limit, value, text, field):
        if _compiled(limit).fullmatch(text):
            return None
        return f"does not have the expected form (pattern {limit!r}){_example(field)}"

    def describe(self, limit):
        return f"pattern {limit}"


class _MinLength(Constraint):
    key = "minLength"

    def check(self, limit, value, text, field):
        return f"is shorter than {limit} characters: write it in full" if len(text) < limit else None

    def describe(self, limit):
        return f"at least {limit} characters"


class _MaxLength(Constraint):
    key = "maxLength"

    def check(self, limit, value, text, field):
        if len(text) <= limit:
            return None
        return f"is {len(text):,} characters long, the limit is {limit}: shorten it"

    def describe(self, limit):
        return f"at most {limit} characters"


def _range_hint(field: Mapping[str, Any]) -> str:
    constraints = field.get("constraints", {})
    low, high = constraints.get("minimum"), constraints.get("maximum")
    span = f"from {low:,} to {high:,}" if low is not None and high is not None else ""
    return f" (plausible values run {span}; check the digits and the unit)" if span else \
        " (check the digits and the unit)"


class _Minimum(Constraint):
    key = "minimum"

    def check(self, limit, value, text, field):
        return f"is below the minimum {limit:,}{_range_hint(field)}" if value < limit else None

    def describe(self, limit):
        return f"≥ {limit}"


class _Maximum(Constraint):
    key = "maximum"

    def check(self, limit, value, text, field):
        return f"is above the maximum {limit:,}{_range_hint(field)}" if value > limit else None

    def describe(self, limit):
        return f"≤ {limit}"


#: Every supported constraint, by its Table Schema key, in the order the data dictionary lists them.
CONSTRAINTS: dict[str, Constraint] = {
    c.key: c for c in (_Required(), _Unique(), _Enum(), _Pattern(), _Minimum(), _Maximum(), _MinLength(), _MaxLength())
}


# ---------------------------------------------------------------------------------------------
# Table rules
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Param:
    """One parameter of a table rule.

    ``kind`` says what it must name: ``field`` (a field of the table), ``resource`` (another
    table), ``target_field`` (a field of the table named by ``resource``), ``resources`` (a list
    of tables), ``values`` (a list of cell values, ``null`` meaning empty) or ``text``.
    """

    name: str
    kind: str
    optional: bool = False


class Rule:
    """A rule over a whole table (and the tables it refers to), built from its descriptor entry."""

    name: ClassVar[str]
    params: ClassVar[tuple[Param, ...]]
    #: Rules on one cell (stage 0) run before rules that compare cells or tables (stage 1); a cell
    #: they refuse is emptied, so that the later rules do not report its knock-on effects.
    stage: ClassVar[int] = 1

    def __init__(self, spec: Mapping[str, Any]):
        self.spec = dict(spec)

    def __getitem__(self, key: str) -> Any:
        return self.spec[key]

    def dependencies(self) -> set[str]:
        """Names of the other tables this rule reads."""
        names = {self.spec[p.name] for p in self.params if p.kind == "resource" and p.name in self.spec}
        for p in self.params:
            if p.kind == "resources":
                names |= set(self.spec.get(p.name, []))
        return names

    def check(self, table: CheckedTable, tables: Mapping[str, CheckedTable], keys: Mapping[str, list[str]]) -> None:
        raise NotImplementedError

    def describe(self, field: str) -> str | None:
        """This rule in words for column ``field`` (None if it does not concern that column)."""
        raise NotImplementedError


def _present(row: Mapping[str, Any], *fields: str) -> bool:
    return all(row.get(f) is not None for f in fields)


class _Vocabulary:
    """The codes of a referenced table, for teaching messages about an unknown item (for example a
    country name where its ISO3 code belongs). Built once per check, so that the cost of many
    unknown items stays linear."""

    def __init__(self, target: CheckedTable, field: str):
        entity = target.entity
        self.file, self.noun, self.code_name = target.file, entity.get("noun", field), entity.get("code", field)
        codes = [str(row[field]) for row in target.rows if row.get(field) is not None]
        self.example = f" (e.g. {codes[0]})" if codes else ""
        self.by_case = {code.lower(): code for code in codes}
        label = entity.get("label_field")
        labelled = [(str(row[label]), row[field]) for row in target.rows if label and _present(row, label, field)]
        self.by_label = {name.lower(): code for name, code in labelled}
        self.first = labelled[0] if labelled else None

    def unknown(self, item: str) -> str:
        """What to write instead of ``item``."""
        head = f"unknown {self.noun} {item!r}"
        if item.lower() in self.by_case:
            return f"{head}: codes are case-sensitive, write {self.by_case[item.lower()]}"
        if item.lower() in self.by_label:
            return f"{head}: use its {self.code_name}, {self.by_label[item.lower()]} (listed in {self.file})"
        if self.first is not None:
            name, code = self.first
            return (f"{head}: use its {self.code_name} (e.g. {code} for {name}) and add it to {self.file} "
                    "if it is not there")
        return f"{head}: use a {self.code_name} listed in {self.file}{self.example}, or add a row for it there"


class PartialDate(Rule):
    name = "partial-date"
    params = (Param("field", "field"), Param("precision_field", "field", optional=True))
    stage = 0

    @staticmethod
    def _guess(text: str) -> str:
        """``19/12/2022`` → ``2022-12-19`` when day and month cannot be mixed up; else a fixed example."""
        match = re.fullmatch(r"([0-9]{1,2})[/.]([0-9]{1,2})[/.]([0-9]{4})", text)
        if match:
            first, second, year = (int(g) for g in match.groups())
            day, month = (first, second) if first > 12 else (second, first) if second > 12 else (0, 0)
            if 1 <= month <= 12 and 1 <= day <= 31:
                return f"{year:04d}-{month:02d}-{day:02d}"
        return "2022-12-19"

    def check(self, table, tables, keys):
        field, precision_field = self["field"], self.spec.get("precision_field")
        for index, row in enumerate(table.rows):
            text = row.get(field)
            if text is None:
                continue
            if dates.precision_of(text) is None:
                table.problem(index, field, text, "date",
                              f"write dates as YYYY-MM-DD, YYYY-MM or YYYY (e.g. {self._guess(text)})")
                row[field] = None
                continue
            if dates.parse(text) is None:
                table.problem(index, field, text, "date",
                              "is not a real calendar date: check the day and the month (e.g. 2023-02-28, not "
                              "2023-02-30)")
                row[field] = None
                continue
            precision = row.get(precision_field) if precision_field else None
            if precision in dates.PRECISION_LENGTH and dates.precision_of(text) != precision:
                want = dates.PRECISION_FORMAT[precision]
                table.problem(index, field, text, "date-precision",
                              f"does not match its precision '{precision}': write {want} (e.g. "
                              f"{'2022-12-19'[: dates.PRECISION_LENGTH[precision]]}), or change {precision_field}; "
                              "never add a day or month the sources do not give")

    def describe(self, field):
        if field != self["field"]:
            return None
        if "precision_field" in self.spec:
            return f"a real date as fine as {self['precision_field']} says"
        return "a real date written YYYY-MM-DD, YYYY-MM or YYYY"


class NotFuture(Rule):
    name = "not-future"
    params = (Param("field", "field"),)
    stage = 0

    def check(self, table, tables, keys):
        field, today = self["field"], dt.date.today()
        for index, row in enumerate(table.rows):
            value = row.get(field)
            if value is None:
                continue
            if isinstance(value, int):
                late = value > today.year
            else:
                bounds = dates.parse(str(value))
                late = bounds is not None and bounds[0] > today
            if late:
                table.problem(index, field, str(value), "not-future",
                              f"is later than the day of validation ({today.isoformat()}): the data record what "
                              "has happened; add the row once it has (check the year for a typo)")
                row[field] = None

    def describe(self, field):
        return "not later than the day the data are validated" if field == self["field"] else None


class DateOrder(Rule):
    name = "date-order"
    params = (Param("earlier", "field"), Param("later", "field"))

    def check(self, table, tables, keys):
        earlier, later = self["earlier"], self["later"]
        for index, row in enumerate(table.rows):
            if not _present(row, earlier, later):
                continue
            # A partial date stands for its whole period: an entry into force known only as 2021-03
            # does not come before a signing on 2021-03-22, since the month holds days after it.
            first, second = dates.parse(str(row[earlier])), dates.parse(str(row[later]))
            if first and second and second[1] < first[0]:
                table.problem(index, later, str(row[later]), "date-order",
                              f"comes before {earlier} ({row[earlier]}): {later} must be on or after it "
                              "(check for swapped columns)")

    def describe(self, field):
        return f"not before {self['earlier']}" if field == self["later"] else None


class ListReference(Rule):
    name = "list-reference"
    params = (Param("field", "field"), Param("delimiter", "text", optional=True), Param("resource", "resource"),
              Param("reference_field", "target_field"))

    def check(self, table, tables, keys):
        field, delimiter = self["field"], self.spec.get("delimiter", ";")
        target = tables[self["resource"]]
        if target.unreadable:
            return  # the target's own problem is the cause; do not repeat it on every row
        allowed = {r.get(self["reference_field"]) for r in target.rows}
        vocabulary: _Vocabulary | None = None
        for index, row in enumerate(table.rows):
            text = row.get(field)
            if text is None:
                continue
            items = text.split(delimiter)
            unknown = [item for item in items if item not in allowed]
            if unknown:
                vocabulary = vocabulary or _Vocabulary(target, self["reference_field"])
                table.problem(index, field, text, "foreign-key", "; ".join(map(vocabulary.unknown, unknown[:3])))
            repeated = sorted(item for item, count in Counter(items).items() if count > 1)
            if repeated:
                table.problem(index, field, text, "list-duplicate",
                              f"names {', '.join(repeated)} more than once: list each item once, separated by "
                              f"'{delimiter}' (e.g. USA{delimiter}JPN)")

    def describe(self, field):
        if field != self["field"]:
            return None
        return f"each item a {self['reference_field']} of {self['resource']}"


class ForeignKey(Rule):
    """Table Schema's ``foreignKeys`` entry: ``{"fields": …, "reference": {"resource", "fields"}}``."""

    name = "foreign-key"
    params = ()

    def __init__(self, spec: Mapping[str, Any]):
        super().__init__(spec)
        self.fields = _as_list(spec["fields"])
        self.target = spec["reference"]["resource"]
        self.target_fields = _as_list(spec["reference"]["fields"])

    def dependencies(self) -> set[str]:
        return {self.target} if self.target else set()

    def check(self, table, tables, keys):
        target = tables[self.target] if self.target else table
        if target.unreadable:
            return
        allowed = {tuple(r.get(f) for f in self.target_fields) for r in target.rows}
        vocabulary: _Vocabulary | None = None
        for index, row in enumerate(table.rows):
            value = tuple(row.get(f) for f in self.fields)
            if any(v is None for v in value) or value in allowed:
                continue
            shown = ",".join(map(str, value))
            if len(self.fields) == 1:
                vocabulary = vocabulary or _Vocabulary(target, self.target_fields[0])
                message = vocabulary.unknown(shown)
            else:
                message = f"is not a known {'/'.join(self.target_fields)} in {target.file}: add that row there first"
            table.problem(index, self.fields[0], shown, "foreign-key", message)

    def describe(self, field):
        if field != self.fields[0]:
            return None
        return f"a {'/'.join(self.target_fields)} of {self.target}"


class UrlPublisher(Rule):
    name = "url-publisher"
    params = (Param("field", "field"), Param("resource", "resource"), Param("reference_field", "target_field"))

    def check(self, table, tables, keys):
        field, target = self["field"], tables[self["resource"]]
        if target.unreadable:
            return
        domains = frozenset(r[self["reference_field"]] for r in target.rows if r.get(self["reference_field"]))
        for index, row in enumerate(table.rows):
            url = row.get(field)  # None when empty or refused as a URL (reported by the cell check)
            if url is None or publisher_domain(url, domains) is not None:
                continue
            table.problem(index, field, url, "publisher",
                          f"its host {host(url) or '?'} is not on a domain listed in {target.file}: add the "
                          f"publisher there (a row such as mod.go.jp, Ministry of Defense, government)")

    def describe(self, field):
        return f"on a domain listed in {self['resource']}" if field == self["field"] else None


class GapMarked(Rule):
    name = "gap-marked"
    params = (Param("value_field", "field"), Param("marker_field", "field"))

    def check(self, table, tables, keys):
        value_field, marker_field = self["value_field"], self["marker_field"]
        markers = table.field(marker_field).get("constraints", {}).get("enum", [])
        example = f" (e.g. '{markers[0]}')" if markers else ""
        for index, row in enumerate(table.rows):
            if table.texts[index].get(value_field) and row.get(value_field) is None:
                continue  # the value itself is wrong, and already reported
            has_value, has_marker = row.get(value_field) is not None, row.get(marker_field) is not None
            if has_value and has_marker:
                table.problem(index, marker_field, table.texts[index][marker_field], "gap-marked",
                              f"marks a gap although {value_field} has a value: empty one of the two")
            elif not has_value and not has_marker:
                table.problem(index, value_field, "", "gap-marked",
                              f"is empty without a marker in {marker_field} saying why: write the value, or the "
                              f"publisher's marker for a gap{example}; gaps must be explicit")

    def describe(self, field):
        if field == self["value_field"]:
            return f"empty only where {self['marker_field']} says why"
        if field == self["marker_field"]:
            return f"filled exactly when {self['value_field']} is empty"
        return None


class PresentUnless(Rule):
    name = "present-unless"
    params = (Param("field", "field"), Param("unless_field", "field"), Param("unless_values", "values"))

    def check(self, table, tables, keys):
        field, other, values = self["field"], self["unless_field"], self["unless_values"]
        for index, row in enumerate(table.rows):
            if table.texts[index].get(field) and row.get(field) is None:
                continue  # the cell itself is wrong, and already reported
            needed = row.get(other) not in values
            present = row.get(field) is not None
            if needed and not present:
                table.problem(index, field, "", "present-unless", f"is required when {other} is "
                              f"{row.get(other)!r}: fill it in{_example(table.field(field))}")
            elif present and not needed:
                table.problem(index, field, table.texts[index][field], "present-unless",
                              f"must be empty when {other} is {row.get(other)!r}: delete it, or fill in {other}")

    def describe(self, field):
        if field != self["field"]:
            return None
        others = [v for v in self["unless_values"] if v is not None]
        return f"filled exactly when {self['unless_field']} is " + (f"not {', '.join(others)}" if others else "filled")


class RowReference(Rule):
    name = "row-reference"
    params = (Param("field", "field"), Param("delimiter", "text", optional=True), Param("resources", "resources"))

    def check(self, table, tables, keys):
        field, delimiter = self["field"], self.spec.get("delimiter", ";")
        names = [n for n in self["resources"] if not tables[n].unreadable]
        known = {name: {row_key(r, keys[name]) for r in tables[name].rows} for name in names}
        examples = [f"{name}:{row_key(tables[name].rows[0], keys[name])}" for name in names if tables[name].rows]
        example = f" (e.g. {examples[0]})" if examples else ""
        for index, row in enumerate(table.rows):
            text = row.get(field)
            if text is None:
                continue
            for citation in parse_citations(text, delimiter):
                if citation.table not in self["resources"]:
                    table.problem(index, field, text, "row-reference",
                                  f"{str(citation)!r}: write table:key, the table one of "
                                  f"{', '.join(self['resources'])}{example}")
                elif citation.table in known and citation.key not in known[citation.table]:
                    table.problem(index, field, text, "row-reference",
                                  f"{str(citation)!r}: no row with key '{citation.key}' in "
                                  f"{tables[citation.table].file} (the key is the row's "
                                  f"{'/'.join(keys[citation.table])}){example}")

    def describe(self, field):
        if field != self["field"]:
            return None
        return "each item table:key, naming a row of " + ", ".join(self["resources"])


#: Every table rule of ``x-checks``, by name.
RULES: dict[str, type[Rule]] = {
    rule.name: rule
    for rule in (PartialDate, NotFuture, DateOrder, ListReference, UrlPublisher, GapMarked, PresentUnless, RowReference)
}


def _as_list(value: str | Iterable[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def rules_of(schema: Mapping[str, Any]) -> list[Rule]:
    """The table rules of a (validated) schema in the order they run: the one-cell rules first, then
    its foreign keys and the other ``x-checks``, each group in declaration order."""
    found: list[Rule] = [ForeignKey(fk) for fk in schema.get("foreignKeys", [])]
    found += [RULES[check["rule"]](check) for check in schema.get("x-checks", [])]
    return sorted(found, key=lambda rule: rule.stage)
