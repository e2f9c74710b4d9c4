"""The source essay's claims against the book's data: verdict counts and the claims page.

Each claim in ``claims.csv`` cites data rows as ``table:key`` (the key is the row's primary-key
values joined by ``/``; the loader has already checked that every cited row exists). These
functions resolve the citations to the rows' own sources and render the claims as escaped HTML.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from alliance.citations import Citation, parse_citations, row_key

__all__ = ["CHECK_KINDS", "VERDICT_LABELS", "cited_tables", "page_numbers", "resolve_evidence",
           "verdict_counts"]

#: Verdicts in the order the book reports them, with their reader-facing labels.
VERDICT_LABELS: dict[str, str] = {
    "supported": "supported",
    "partly": "partly supported",
    "not_supported": "not supported",
    "not_checkable": "not checkable with this data",
}


def verdict_counts(claims: pd.DataFrame) -> pd.Series:
    """Number of claims per verdict, every verdict listed (zeros included), in report order."""
    unknown = set(claims["verdict"]) - set(VERDICT_LABELS)
    if unknown:
        raise ValueError(f"unknown verdicts: {', '.join(sorted(unknown))}")
    return claims["verdict"].value_counts().reindex(list(VERDICT_LABELS), fill_value=0)


def _citations(text: object) -> list[Citation]:
    """The citations of an evidence cell; none when it is empty."""
    return parse_citations(text) if isinstance(text, str) and text else []


def cited_tables(claims: pd.DataFrame) -> list[str]:
    """The tables that the claims cite rows of (sorted): the ones the claims page must load."""
    return sorted({name for text in claims["evidence"] for name, _ in _citations(text)})


#: What a verdict checks (the ``checks`` column): that a dated event, decision, meeting or
#: attendance is as the essay states, or an assessment (a trend, a meaning or a cause).
CHECK_KINDS = ("record", "assessment")
CHECK_LABELS = {"record": "a record check", "assessment": "an assessment"}


def page_numbers(claims: pd.DataFrame, evidence: pd.DataFrame) -> dict[str, int]:
    """The claims page's numbers, to glue: claims in all and per verdict (``n_<verdict>``), the
    supported claims split by what they check (``n_supported_record``, ``n_supported_assessment``;
    a record check confirms a date, meeting or decision, which is weaker support for the essay's
    argument than a confirmed trend), data rows cited, and claims that cite no row (they rest on
    their reason alone)."""
    unknown = set(claims["checks"]) - set(CHECK_KINDS)
    if unknown:
        raise ValueError(f"unknown kinds of check: {', '.join(sorted(unknown))}")
    numbers = {"n_claims": len(claims),
               "n_cited_rows": len(evidence.drop_duplicates(["table", "key"])),
               "n_without_rows": sum(not _citations(text) for text in claims["evidence"])}
    numbers |= {f"n_{verdict}": int(count) for verdict, count in verdict_counts(claims).items()}
    supported = claims[claims["verdict"] == "supported"]
    numbers |= {f"n_supported_{kind}": int((supported["checks"] == kind).sum()) for kind in CHECK_KINDS}
    return numbers


def resolve_evidence(claims: pd.DataFrame, tables: Mapping[str, pd.DataFrame],
                     keys: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    """One row per cited data row: claim id, table, key, and the cited row's source title and URL.

    ``tables`` maps table names to loaded tables and ``keys`` to their primary-key fields.
    """
    rows = []
    for claim in claims.sort_values("position").itertuples(index=False):
        for citation in _citations(claim.evidence):
            name, key = citation
            table, fields = tables[name], list(keys[name])
            row_keys = [row_key(row, fields) for row in table[fields].to_dict("records")]
            match = table[[found == key for found in row_keys]]
            if len(match) != 1:
                raise KeyError(f"claim {claim.id}: {str(citation)!r} matches {len(match)} rows")
            found = match.iloc[0]
            rows.append({"claim": claim.id, "table": name, "key": key,
                         "source_title": found["source_title"], "source_url": found["source_url"]})
    return pd.DataFrame(rows, columns=["claim", "table", "key", "source_title", "source_url"])


