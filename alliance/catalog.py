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
    "cited_rows",
    "data_dictionary",
    "dataset_summary",
    "load_all",
    "official_share_by_table",
    "overview_numbers",
    "rows_by_publisher",
    "year_span",
]

#: Publisher kinds that count as official sources: government pages, official records kept by a
#: library, and the standards body that defines the country codes.
OFFICIAL_KINDS = ("government", "archive", "standards")


def load_all(directory: str | os.PathLike[str] | None = None) -> dict[str, pd.DataFrame]:
    """Every table of the package, validated, by name (descriptor order)."""
    return {r["name"]: load(r["name"], directory) for r in load_descriptor(directory)["resources"]}


def _is_year_number(field: dict[str, Any]) -> bool:
    """Whether a field is a year held as a number: an integer whose name has ``year`` as one of
    its ``_``-separated parts (``year``, ``fiscal_year``, ``fiscal_year_from``). The research
    datasets store their years this way rather than as typed dates."""
    return field.get("type") == "integer" and "year" in field["name"].split("_")


def _date_fields(resource: dict[str, Any]) -> list[str]:
    """Fields holding dates or years: typed ``date``/``year``, integer year columns (see
    :func:`_is_year_number`) or text checked as partial dates."""
    schema = resource["schema"]
    typed = [f["name"] for f in schema["fields"] if f.get("type") in ("date", "year") or _is_year_number(f)]
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


def cited_rows(tables: dict[str, pd.DataFrame], publishers: pd.DataFrame) -> pd.DataFrame:
    """One row per sourced row of the content tables: its table, the publisher of its source and
    the publisher's kind (the publishers table itself is not counted; a publisher listed under
    several domains is one publisher)."""
    domains = list(publishers["domain"])
    by_domain = publishers.set_index("domain")
    records = []
    for name, frame in tables.items():
        if name == "publishers" or "source_url" not in frame:
            continue
        for url in frame["source_url"]:
            domain = publisher_domain(url, domains)
            if domain is None:  # the loader rejects such rows; guard against unvalidated input
                raise ValueError(f"{name}: {url} has no publisher")
            records.append((name, by_domain.loc[domain, "publisher"], by_domain.loc[domain, "kind"]))
    return pd.DataFrame(records, columns=["table", "publisher", "kind"])


def rows_by_publisher(cited: pd.DataFrame) -> pd.DataFrame:
    """How many cited rows name each publisher, most cited first, then by name."""
    result = cited.groupby(["publisher", "kind"]).size().rename("rows").reset_index()
    return result.sort_values(["rows", "publisher"], ascending=[False, True], ignore_index=True)


def official_share_by_table(cited: pd.DataFrame) -> pd.DataFrame:
    """Per table (in the order given): sourced rows, rows citing an official publisher (see
    :data:`OFFICIAL_KINDS`) and their share in percent. Reported per table because one
    pooled share would be decided by the two large dataset tables (SIPRI and ATOP), whose rows all
    cite one research institute each."""
    official = cited["kind"].isin(OFFICIAL_KINDS)
    grouped = cited.assign(official=official).groupby("table", sort=False)
    result = pd.DataFrame({"rows": grouped.size(), "official_rows": grouped["official"].sum()}).reset_index()
    result["official_pct"] = 100 * result["official_rows"] / result["rows"]
    return result


def overview_numbers(summary: pd.DataFrame, by_table: pd.DataFrame, n_scc_meetings: int) -> dict[str, object]:
    """The data overview's numbers, to glue: tables and rows, the events table's size and years,
    SCC meetings, how many tables cite official publishers for every row or for most rows, and the
    tables whose rows are not counted as sourced (in ``summary`` but not in ``by_table``: the
    publishers list and the claims table), by name."""
    events = summary.set_index("table").loc["events"]
    curated = by_table[by_table["official_pct"] < 100]
    unsourced = [name for name in summary["table"] if name not in set(by_table["table"])]
    return {
        "n_unsourced_tables": len(unsourced),
        "unsourced_tables": " and ".join([", ".join(unsourced[:-1]), unsourced[-1]]) if len(unsourced) > 1
        else "".join(unsourced),
        "n_tables": len(summary),
        "n_rows": int(summary["rows"].sum()),
        "n_events": int(events["rows"]),
        "events_first_year": int(events["first_year"]),
        "events_last_year": int(events["last_year"]),
        "n_scc_meetings": n_scc_meetings,
        "n_sourced_tables": len(by_table),
        "n_tables_all_official": int((by_table["official_pct"] == 100).sum()),
        "n_tables_mostly_official": int((by_table["official_pct"] >= 50).sum()),
        "least_official_table": str(curated.sort_values(["official_pct", "table"]).iloc[0]["table"])
        if len(curated) else "none",
    }


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
