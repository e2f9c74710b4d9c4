"""What the data package holds: tables, their coverage, their sources and their fields.

Pure functions over loaded tables and the descriptor; the data-overview notebook and the data
dictionary are built from them, so that a row added to any CSV shows up everywhere at once.
"""

from __future__ import annotations

import os
from typing import Any

import pandas as pd

from alliance.data import load, load_descriptor, publisher_domain
from alliance.rules import CONSTRAINTS, rules_of

__all__ = [
    "OFFICIAL_KINDS",
    "data_dictionary",
    "dataset_summary",
    "load_all",
    "official_share",
    "rows_by_publisher",
    "year_span",
]

#: Publisher kinds that count as official sources: government pages, official records kept by a
#: library, and the standards body that defines the country codes.
OFFICIAL_KINDS = ("government", "archive", "standards")


def load_all(directory: str | os.PathLike[str] | None = None) -> dict[str, pd.DataFrame]:
    """Every table of the package, validated, by name (descriptor order)."""
    return {r["name"]: load(r["name"], directory) for r in load_descriptor(directory)["resources"]}


def _date_fields(resource: dict[str, Any]) -> list[str]:
    """Fields holding dates or years: typed ``date``/``year`` or checked as partial dates."""
    schema = resource["schema"]
    typed = [f["name"] for f in schema["fields"] if f.get("type") in ("date", "year")]
    partial = [c["field"] for c in schema.get("x-checks", []) if c["rule"] == "partial-date"]
    return typed + [f for f in partial if f not in typed]


def year_span(frame: pd.DataFrame, fields: list[str]) -> tuple[int | None, int | None]:
    """First and last year found in the given date/year columns (None, None if there are none)."""
    years: list[int] = []
    for field in fields:
        for value in frame[field].dropna():
            years.append(value if isinstance(value, int) else int(str(value)[:4]))
    return (min(years), max(years)) if years else (None, None)


def dataset_summary(tables: dict[str, pd.DataFrame], descriptor: dict[str, Any]) -> pd.DataFrame:
    """One row per table: title, rows, columns, years covered and number of distinct sources."""
    records = []
    for resource in descriptor["resources"]:
        frame = tables[resource["name"]]
        first, last = year_span(frame, _date_fields(resource))
        records.append({
            "table": resource["name"],
            "title": resource.get("title", ""),
            "rows": len(frame),
            "columns": frame.shape[1],
            "first_year": first,
            "last_year": last,
            "distinct_sources": frame["source_url"].nunique() if "source_url" in frame else 0,
        })
    summary = pd.DataFrame.from_records(records)
    for column in ("first_year", "last_year"):
        summary[column] = summary[column].astype("Int64")
    return summary


def rows_by_publisher(tables: dict[str, pd.DataFrame], publishers: pd.DataFrame) -> pd.DataFrame:
    """How many rows of the content tables cite each publisher (the publishers table itself is
    not counted; a publisher listed under several domains is counted once). Sorted by rows, most
    cited first, then by name."""
    domains = list(publishers["domain"])
    by_domain = publishers.set_index("domain")
    counts: dict[tuple[str, str], int] = {}
    for name, frame in tables.items():
        if name == "publishers" or "source_url" not in frame:
            continue
        for url in frame["source_url"]:
            domain = publisher_domain(url, domains)
            if domain is None:  # the loader rejects such rows; guard against unvalidated input
                raise ValueError(f"{name}: {url} has no publisher")
            key = (by_domain.loc[domain, "publisher"], by_domain.loc[domain, "kind"])
            counts[key] = counts.get(key, 0) + 1
    result = pd.DataFrame([(p, k, n) for (p, k), n in counts.items()], columns=["publisher", "kind", "rows"])
    return result.sort_values(["rows", "publisher"], ascending=[False, True], ignore_index=True)


def official_share(by_publisher: pd.DataFrame) -> float:
    """Share of cited rows whose publisher is official (see :data:`OFFICIAL_KINDS`)."""
    total = by_publisher["rows"].sum()
    if total == 0:
        raise ValueError("no cited rows")
    return float(by_publisher.loc[by_publisher["kind"].isin(OFFICIAL_KINDS), "rows"].sum() / total)


def _rules(field: dict[str, Any], schema: dict[str, Any]) -> str:
    """The rules the loader enforces on one field, in words: each rule object describes itself
    (:mod:`alliance.rules`), so the dictionary can never drift from what is checked."""
    constraints = field.get("constraints", {})
    words = [CONSTRAINTS[key].describe(constraints[key]) for key in CONSTRAINTS if key in constraints]
    words += [rule.describe(field["name"]) for rule in rules_of(schema)]
    return "; ".join(word for word in words if word)


def data_dictionary(descriptor: dict[str, Any]) -> pd.DataFrame:
    """One row per column of every table: its type, meaning and the rules the loader enforces."""
    records = []
    for resource in descriptor["resources"]:
        schema = resource["schema"]
        for field in schema["fields"]:
            records.append({
                "table": resource["name"],
                "column": field["name"],
                "type": field.get("type", "string"),
                "meaning": field.get("title", ""),
                "rules": _rules(field, schema),
            })
    return pd.DataFrame.from_records(records)
