"""The status of each security instrument on a given day: signed, provisionally applied, in force, ended.

Pure functions over the ``instruments`` table. The status is derived from the instrument's dates
alone, by the same reading of partial dates as the network (:mod:`alliance.dates`): a date
known to the day counts on that day; a month or a year counts from its last day, except an end,
which counts from its first day (the book claims only what the sources make certain).

Status on day ``d``, first match wins:

* ``ended``: the instrument has an end date on or before ``d``;
* ``in_force``: its entry into force is on or before ``d``, or it is of a kind that takes effect
  when signed (:data:`EFFECTIVE_ON_SIGNING`: declarations and ministerial frameworks have no
  separate entry into force) and it is signed;
* ``provisional``: it is applied provisionally from a date on or before ``d`` (the optional
  ``provisional`` column);
* ``signed``: it is signed on or before ``d`` but not known to be in force: either it has not yet
  entered into force, or no source gives the day it did;
* ``not_signed``: none of the above (not yet signed on ``d``).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from alliance.dates import first_day, last_day

__all__ = ["EFFECTIVE_ON_SIGNING", "STATUS_LABELS", "status_counts", "status_on", "statuses_on"]

#: Kinds of instrument that take effect when they are signed or issued (no ratification step).
EFFECTIVE_ON_SIGNING: frozenset[str] = frozenset({"security_declaration", "two_plus_two_framework"})

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
    if row.get("type") in EFFECTIVE_ON_SIGNING and signed is not None and signed <= on:
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
