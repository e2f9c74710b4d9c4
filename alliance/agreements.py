"""The status of each security instrument on a given day: signed, provisionally applied, in force, ended.

Pure functions over the ``instruments`` table. The status is derived from the instrument's dates
alone, by the same reading of partial dates as the network (:mod:`alliance.dates`): a date
known to the day counts on that day; a month or a year counts from its last day, except an end,
which counts from its first day (the book claims only what the sources make certain).

Status on day ``d``, first match wins:

* ``ended``: the instrument has an end date on or before ``d``;
* ``in_force``: its entry into force is on or before ``d``, or it is of a kind that takes effect
  when signed (:data:`EFFECTIVE_ON_SIGNING`: declarations, ministerial frameworks, grant notes
  and non-binding defence cooperation arrangements), has no entry-into-force date of its own,
  and is signed;
* ``provisional``: it is applied provisionally from a date on or before ``d`` (the optional
  ``provisional`` column);
* ``signed``: it is signed on or before ``d`` but not known to be in force: either it has not yet
  entered into force, or no source gives the day it did;
* ``not_signed``: none of the above (not yet signed on ``d``).

**The tracker** (:func:`tracker_table`) is the table behind the book's tracker page and the
``python -m alliance agreements`` command: one row per instrument to which Japan is a party,
with its partners (every other party) in words, its kind in words, its dates as the source gives
them and its status on a chosen day. :func:`partner_rows` gives one row per partner and
instrument (a trilateral instrument appears under each partner), :func:`partner_kind_matrix`
the partner by kind overview, and :func:`latest_date` the last date the table records, the
default day of the status.
"""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd

from alliance.dates import first_day, last_day
from alliance.report import date_label

__all__ = [
    "EFFECTIVE_ON_SIGNING",
    "JAPAN",
    "KIND_LABELS",
    "STATUS_LABELS",
    "TRACKER_COLUMNS",
    "counted",
    "fiscal_year",
    "latest_date",
    "page_numbers",
    "partner_anchor",
    "partner_kind_matrix",
    "partner_rows",
    "start_words",
    "status_counts",
    "status_on",
    "status_table",
    "statuses_on",
    "tracker_json",
    "tracker_summary",
    "tracker_table",
]

#: The country whose agreements the tracker follows.
JAPAN = "JPN"

#: What each status counts, in words, for the tables that count them.
STATUS_MEANINGS: dict[str, str] = {
    "in_force": "entered into force on or before the day (declarations, 2+2 meetings, grant notes and "
                "defence cooperation arrangements: from the day signed or first held)",
    "provisional": "applied provisionally before entering into force",
    "signed": "signed, but no source gives an entry into force on or before the day",
    "ended": "terminated or replaced on or before the day",
}

#: Reader-facing names of the kinds of instrument, in the order the tracker shows them.
KIND_LABELS: dict[str, str] = {
    "mutual_defence_treaty": "Mutual defence treaty",
    "status_of_forces_agreement": "Status of forces",
    "reciprocal_access_agreement": "Reciprocal access",
    "acsa": "Logistics (ACSA)",
    "information_security_agreement": "Information security",
    "equipment_technology_transfer_agreement": "Equipment transfer",
    "joint_development_convention": "Joint development",
    "defence_cooperation_arrangement": "Defence cooperation",
    "security_declaration": "Security declaration",
    "two_plus_two_framework": "2+2 meetings",
    "official_security_assistance": "Security assistance (OSA)",
}

#: Columns of :func:`tracker_table`, in order (also the CSV and JSON the book offers).
TRACKER_COLUMNS: list[str] = [
    "id", "partners", "partner_codes", "kind", "kind_code", "title", "signed", "in_force", "ended",
    "status", "status_code", "source_title", "source_url",
]

#: Kinds of instrument that take effect when they are signed or issued unless the data give a
#: separate entry into force: declarations and ministerial (2+2) frameworks, which have no
#: ratification step; the exchanges of notes of Official Security Assistance grants (the notes
#: are the agreement, in effect from the day they are exchanged); and defence cooperation
#: arrangements, which are mostly non-binding memoranda and arrangements between defence
#: ministries (Japan–Philippines 2015, Japan–Malaysia 2018, the NATO–Japan partnership
#: programme) and take effect when signed. Counting them from signing treats every non-binding
#: instrument alike; an instrument of these kinds whose row records an entry into force (a
#: binding agreement filed under the kind) counts from that date instead.
EFFECTIVE_ON_SIGNING: frozenset[str] = frozenset(
    {"security_declaration", "two_plus_two_framework", "official_security_assistance",
     "defence_cooperation_arrangement"}
)

#: Reader-facing names of the statuses, in the order the book lists them.
STATUS_LABELS: dict[str, str] = {
    "in_force": "In force",
    "provisional": "Applied provisionally",
    "signed": "Signed, not (known to be) in force",
    "ended": "Ended",
    "not_signed": "Not yet signed",
}


def _given(value: object) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _from_last_day(value: object) -> dt.date | None:
    return last_day(value) if _given(value) else None


def _from_first_day(value: object) -> dt.date | None:
    return first_day(value) if _given(value) else None


def status_on(row: pd.Series | dict, on: dt.date) -> str:
    """The status (a key of :data:`STATUS_LABELS`) of one instrument row on day ``on``."""
    ended = _from_first_day(row.get("ended"))
    if ended is not None and ended <= on:
        return "ended"
    signed = _from_last_day(row.get("signed"))
    in_force = _from_last_day(row.get("in_force"))
    if in_force is not None and in_force <= on:
        return "in_force"
    takes_effect_on_signing = row.get("type") in EFFECTIVE_ON_SIGNING and not _given(row.get("in_force"))
    if takes_effect_on_signing and signed is not None and signed <= on:
        return "in_force"
    provisional = _from_last_day(row.get("provisional"))
    if provisional is not None and provisional <= on:
        return "provisional"
    if signed is not None and signed <= on:
        return "signed"
    return "not_signed"


def statuses_on(instruments: pd.DataFrame, on: dt.date) -> pd.Series:
    """The status of every instrument on ``on``, indexed like ``instruments``."""
    return pd.Series([status_on(row, on) for _, row in instruments.iterrows()], index=instruments.index,
                     name="status", dtype="object")


def status_counts(instruments: pd.DataFrame, on: dt.date) -> dict[str, int]:
    """How many instruments have each status on ``on`` (every status listed, zeros included)."""
    counts = statuses_on(instruments, on).value_counts()
    return {status: int(counts.get(status, 0)) for status in STATUS_LABELS}


def _text(value: object) -> str:
    return value.strip() if _given(value) else ""


def latest_date(instruments: pd.DataFrame) -> dt.date:
    """The last day any instrument date (signed, in force, ended, provisional) reaches, reading a
    partial date as its last day: the day the data are complete to, and the tracker's default."""
    columns = [c for c in ("signed", "in_force", "ended", "provisional") if c in instruments.columns]
    days = [last_day(v) for c in columns for v in instruments[c] if _given(v)]
    if not days:
        raise ValueError("no instrument has a date")
    return max(days)


def tracker_table(instruments: pd.DataFrame, countries: pd.DataFrame, on: dt.date) -> pd.DataFrame:
    """One row per instrument to which Japan is a party, signed on or before ``on``, with its
    partners and kind in words and its status on ``on`` (columns :data:`TRACKER_COLUMNS`).

    Sorted by signing date, then id. An instrument whose kind has no label raises ``KeyError``
    rather than being dropped (nothing is lost silently)."""
    names = countries.set_index("iso3")["name"].to_dict()
    rows = []
    for _, row in instruments.iterrows():
        parties = row["parties"].split(";")
        if JAPAN not in parties:
            continue
        status = status_on(row, on)
        if status == "not_signed":
            continue
        partners = [p for p in parties if p != JAPAN]
        rows.append({
            "id": row["id"],
            "partners": "; ".join(names.get(p, p) for p in partners),
            "partner_codes": ";".join(partners),
            "kind": KIND_LABELS[row["type"]],
            "kind_code": row["type"],
            "title": row["title"],
            "signed": _text(row.get("signed")),
            "in_force": _text(row.get("in_force")),
            "ended": _text(row.get("ended")),
            "status": STATUS_LABELS[status],
            "status_code": status,
            "source_title": row["source_title"],
            "source_url": row["source_url"],
        })
    table = pd.DataFrame(rows, columns=TRACKER_COLUMNS)
    order = table["signed"].map(lambda v: first_day(v)) if len(table) else table["signed"]
    return table.assign(_order=order).sort_values(["_order", "id"]).drop(columns="_order").reset_index(drop=True)


def partner_rows(tracker: pd.DataFrame, countries: pd.DataFrame) -> pd.DataFrame:
    """The tracker with one row per partner and instrument (``partner``, ``partner_code`` first),
    partners in the order of their names, each partner's instruments by signing date."""
    names = countries.set_index("iso3")["name"].to_dict()
    exploded = tracker.assign(partner_code=tracker["partner_codes"].str.split(";")).explode("partner_code")
    exploded.insert(0, "partner", exploded["partner_code"].map(lambda c: names.get(c, c)))
    exploded = exploded[["partner", "partner_code", *[c for c in tracker.columns if c != "partner_code"]]]
    exploded["_rank"] = range(len(exploded))
    return exploded.sort_values(["partner", "_rank"]).drop(columns="_rank").reset_index(drop=True)


#: Kinds whose date is not a signing but the first meeting (a 2+2 format is held, not signed).
FIRST_HELD: frozenset[str] = frozenset({"two_plus_two_framework"})


def start_words(kind_code: str) -> str:
    """What an instrument's start date is, in words: "first held" for a meeting format, else "signed"."""
    return "first held" if kind_code in FIRST_HELD else "signed"


def _cell(rows: pd.DataFrame) -> str:
    """Start dates (in words, "15 January 2026") of the instruments of one kind with one partner,
    each with its status; a meeting format's date reads "first held"."""
    short = {"in_force": "in force", "provisional": "provisional", "signed": "signed", "ended": "ended"}
    return "; ".join(("first held " if r.kind_code in FIRST_HELD else "") + f"{date_label(r.signed)} "
                     f"({short[r.status_code]})" for r in rows.itertuples())


def partner_kind_matrix(by_partner: pd.DataFrame) -> pd.DataFrame:
    """Partner by kind: for each partner (rows, by name) and kind (columns, in
    :data:`KIND_LABELS` order, only kinds that occur), the signing date of each instrument of that
    kind in words with its status in brackets ("first held" before a 2+2 format's date); an empty
    string where there is none."""
    kinds = [label for label in KIND_LABELS.values() if label in set(by_partner["kind"])]
    partners = sorted(set(by_partner["partner"]))
    matrix = pd.DataFrame("", index=pd.Index(partners, name="Partner"), columns=kinds)
    for (partner, kind), rows in by_partner.groupby(["partner", "kind"], sort=True):
        matrix.at[partner, kind] = _cell(rows)
    return matrix


def partner_anchor(code: str) -> str:
    """The anchor of a partner's section on the tracker page: ``partner-`` and its ISO3 code in lower case."""
    return f"partner-{code.lower()}"


def status_table(tracker: pd.DataFrame) -> pd.DataFrame:
    """How many agreements of the tracker have each status, with what each status counts; every
    status of :data:`STATUS_MEANINGS` listed, zeros included, then the total."""
    counts = tracker["status_code"].value_counts()
    rows = [{"Status": STATUS_LABELS[code], "Agreements": int(counts.get(code, 0)), "What it counts": meaning}
            for code, meaning in STATUS_MEANINGS.items()]
    rows.append({"Status": "All", "Agreements": len(tracker), "What it counts": "every agreement signed by the day"})
    return pd.DataFrame(rows)


def tracker_summary(tracker: pd.DataFrame, by_partner: pd.DataFrame) -> dict[str, int]:
    """The tracker's headline numbers: agreements and partners, agreements by status, partners
    with an agreement of each kind in force (``partners_in_force_<kind>``), and the partners
    that have any agreement in force."""
    in_force = by_partner[by_partner["status_code"] == "in_force"]
    summary = {
        "agreements": len(tracker),
        "partners": int(by_partner["partner_code"].nunique()),
        "partners_in_force": int(in_force["partner_code"].nunique()),
    }
    summary |= {f"status_{code}": int((tracker["status_code"] == code).sum()) for code in STATUS_MEANINGS}
    summary |= {f"partners_in_force_{kind}": int(in_force.loc[in_force["kind_code"] == kind, "partner_code"].nunique())
                for kind in KIND_LABELS}
    return summary


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """``n`` and its noun, agreeing in number: ``counted(1, "partner")`` is "1 partner",
    ``counted(3, "partner")`` "3 partners" (``plural`` for irregular nouns), so that glued prose
    reads right whatever the data say."""
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"


def fiscal_year(day: dt.date) -> int:
    """Japan's fiscal year of a day: FY``y`` runs from 1 April ``y`` to 31 March ``y + 1``."""
    return day.year if day.month >= 4 else day.year - 1


def _osa_numbers(tracker: pd.DataFrame, by_partner: pd.DataFrame) -> dict[str, object]:
    """Official Security Assistance: the countries with grant notes in the tracker, and the
    fiscal years of the first and latest notes (first read from a date's first day, latest from
    its last day, so a partial date never widens the span)."""
    notes = tracker[tracker["kind_code"] == "official_security_assistance"]
    countries = by_partner.loc[by_partner["kind_code"] == "official_security_assistance", "partner_code"].nunique()
    if notes.empty:
        return {"osa_countries": counted(0, "country", "countries"), "osa_span": "none yet"}
    first = min(fiscal_year(first_day(v)) for v in notes["signed"])
    last = max(fiscal_year(last_day(v)) for v in notes["signed"])
    span = f"FY{first}" if first == last else f"FY{first}–FY{last}"
    return {"osa_countries": counted(int(countries), "country", "countries"), "osa_span": span}


def page_numbers(instruments: pd.DataFrame, tracker: pd.DataFrame, by_partner: pd.DataFrame,
                 on: dt.date) -> dict[str, object]:
    """The tracker page's numbers, to glue: the day (in words), instruments and partners,
    instruments by status, partners with an instrument of each main kind in force (as phrases
    that agree in number: "1 partner has", "3 partners have"), the Official Security Assistance
    recipients and fiscal years, the instruments among Japan's partners only (not tracked here),
    and the partners with a defence treaty or a status of forces agreement in force (by name)."""
    summary = tracker_summary(tracker, by_partner)
    kinds = {"raa": "reciprocal_access_agreement", "acsa": "acsa", "isa": "information_security_agreement",
             "equip": "equipment_technology_transfer_agreement"}
    allied = by_partner[by_partner["kind_code"].isin(["mutual_defence_treaty", "status_of_forces_agreement"])
                        & (by_partner["status_code"] == "in_force")]
    first_kind = summary[f"partners_in_force_{kinds['raa']}"]
    return {
        "as_of": date_label(on.isoformat()),
        "n_agreements": summary["agreements"], "n_partners": summary["partners"],
        "n_partners_in_force": summary["partners_in_force"],
        "n_in_force": summary["status_in_force"], "n_signed": summary["status_signed"],
        "n_ended": summary["status_ended"],
        "raa_partners_have": f"{counted(first_kind, 'partner')} {'has' if first_kind == 1 else 'have'}",
        **{f"{name}_partners": counted(summary[f"partners_in_force_{kind}"], "partner")
           for name, kind in kinds.items() if name != "raa"},
        **_osa_numbers(tracker, by_partner),
        "n_not_japan": int((~instruments["parties"].str.split(";").map(lambda p: JAPAN in p)).sum()),
        "treaty_partners": ", ".join(sorted(set(allied["partner"]))) or "none",
    }


def tracker_json(tracker: pd.DataFrame, on: dt.date) -> str:
    """The tracker as JSON text: ``{"as_of": "YYYY-MM-DD", "agreements": [one object per row]}``,
    empty dates as empty strings, non-ASCII kept as is (the same text the book and the command give)."""
    document = {"as_of": on.isoformat(), "agreements": tracker.to_dict(orient="records")}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"
