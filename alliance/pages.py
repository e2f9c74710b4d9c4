"""The book's generated pages, in one place: the chronology, the claims checked and the
agreements tracker's partner sections, each as escaped HTML (a title or source holding markup
shows as text; URLs are attribute-escaped).

Pure functions over the loaded tables and the analysis modules' results; the notebooks show them
with ``IPython.display.HTML``.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from alliance.agreements import partner_anchor, start_words
from alliance.claims import CHECK_LABELS, VERDICT_LABELS
from alliance.report import date_label
from alliance.timeline import assign_eras, format_date, with_dates

__all__ = ["chronology_html", "claims_html", "partner_links_html", "partner_sections_html"]


@dataclass(frozen=True)
class _Link:
    text: str
    url: str

    def html(self) -> str:
        return f'<a href="{html.escape(self.url, quote=True)}">{html.escape(self.text)}</a>'


def chronology_html(events: pd.DataFrame, spans: pd.DataFrame, labels: dict[str, str]) -> str:
    """Every event grouped by era, each with its date at its precision, its title and summary,
    and a link to its source. All data are escaped: a title containing markup shows as text.

    ``labels`` maps category slugs to the words shown for them.
    """
    dated = with_dates(events)
    dated["era"] = assign_eras(events, spans).to_numpy()
    parts: list[str] = ['<div class="alliance-chronology">']
    groups: Iterable[tuple[str | None, str]] = [(None, "Before the first era")] if dated["era"].isna().any() else []
    groups = [*groups, *zip(spans["id"], spans["name"], strict=True)]
    for era_id, name in groups:
        rows = dated[dated["era"].isna()] if era_id is None else dated[dated["era"] == era_id]
        anchor = "era-before" if era_id is None else f"era-{era_id}"
        parts.append(f'<h2 id="{html.escape(anchor, quote=True)}">{html.escape(name)}</h2>')
        if rows.empty:
            parts.append("<p>No events recorded in this era.</p>")
            continue
        parts.append("<dl>")
        for row in rows.itertuples():
            when = format_date(row.date, row.date_precision)
            kind = labels.get(row.category, row.category)
            place = f", {row.place}" if isinstance(row.place, str) and row.place else ""
            parts.append(
                f'<dt id="{html.escape(row.id, quote=True)}">{html.escape(when)}: {html.escape(row.title)}</dt>'
                f"<dd>{html.escape(row.summary)} <em>({html.escape(kind)}{html.escape(place)})</em> "
                f"Source: {_Link(row.source_title, row.source_url).html()}</dd>"
            )
        parts.append("</dl>")
    parts.append("</div>")
    return "\n".join(parts)


def claims_html(claims: pd.DataFrame, evidence: pd.DataFrame) -> str:
    """The claims as an HTML list in the essay's order: claim, verdict, reason, and each cited row
    linked to its own source. Every text from the data is escaped."""
    parts = ['<ol class="alliance-claims">']
    for claim in claims.sort_values("position").itertuples(index=False):
        cited = evidence[evidence["claim"] == claim.id]
        links = "; ".join(
            f'<a href="{html.escape(row.source_url, quote=True)}">{html.escape(row.table)}: {html.escape(row.key)}</a>'
            for row in cited.itertuples(index=False)
        ) or "no data row"
        parts.append(
            f'<li><p><strong>{html.escape(claim.claim)}</strong> '
            f'<span class="alliance-verdict alliance-verdict-{html.escape(claim.verdict)}">'
            f'{html.escape(VERDICT_LABELS[claim.verdict])}</span></p>'
            f"<p>{html.escape(claim.reason)} <em>Essay section: {html.escape(claim.essay_section)}; "
            f"{CHECK_LABELS[claim.checks]}.</em> "
            f"Data: {links}</p></li>"
        )
    parts.append("</ol>")
    return "\n".join(parts)


def partner_sections_html(by_partner: pd.DataFrame) -> str:
    """Every agreement grouped by partner as HTML: a heading per partner with a fixed anchor
    (``#partner-<iso3 in lower case>``, for example ``#partner-phl``), then a list of its
    agreements with dates, status and a link to the source. All data are escaped."""
    parts = ['<div class="alliance-tracker">']
    for (partner, code), rows in by_partner.groupby(["partner", "partner_code"], sort=True):
        parts.append(f'<h3 id="{html.escape(partner_anchor(code), quote=True)}">{html.escape(partner)} '
                     f'({len(rows)} agreement{"s" if len(rows) != 1 else ""})</h3>')
        parts.append("<ul>")
        for r in rows.itertuples():
            dates = [f"{start_words(r.kind_code)} {date_label(r.signed)}"] + (
                [f"in force {date_label(r.in_force)}"] if r.in_force else []) + (
                [f"ended {date_label(r.ended)}"] if r.ended else [])
            link = f'<a href="{html.escape(r.source_url, quote=True)}">{html.escape(r.source_title)}</a>'
            parts.append(f'<li id="{html.escape(r.id, quote=True)}-{html.escape(code.lower(), quote=True)}">'
                         f"<strong>{html.escape(r.title)}</strong> ({html.escape(r.kind)}): "
                         f"{html.escape(', '.join(dates))}. Status: {html.escape(r.status)}. Source: {link}</li>")
        parts.append("</ul>")
    parts.append("</div>")
    return "\n".join(parts)


def partner_links_html(by_partner: pd.DataFrame) -> str:
    """One line of links to the partner sections of :func:`partner_sections_html`, by name."""
    pairs = by_partner[["partner", "partner_code"]].drop_duplicates().sort_values("partner")
    links = [f'<a href="#{html.escape(partner_anchor(code), quote=True)}">{html.escape(name)}</a>'
             for name, code in pairs.itertuples(index=False)]
    return '<p class="alliance-tracker-links">Partners: ' + " · ".join(links) + "</p>"
