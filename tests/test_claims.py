"""The claims table and page: verdict counts, citations resolved to real rows, escaping."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from alliance import claims, pages
from alliance.data import load, primary_key
from bookkit.sphinxext import citation_text
from conftest import ROOT

CLAIMS = pd.DataFrame({
    "id": ["a", "b", "c"], "position": [2, 1, 3], "essay_section": ["S", "S", "S<"],
    "claim": ["<b>bold</b> claim", "second", "third"], "verdict": ["supported", "partly", "supported"],
    "checks": ["record", "record", "assessment"],
    "reason": ["r & r", "r", "r"], "evidence": ["events:e1;events:e2", "instruments:x/1", None],
})
TABLES = {
    "events": pd.DataFrame({"id": ["e1", "e2"], "source_title": ["T1", "T2"],
                            "source_url": ["https://a.org/1", "https://a.org/2?x=1&y=2"]}),
    "instruments": pd.DataFrame({"id": ["x"], "n": [1], "source_title": ["T3"], "source_url": ["https://b.org/"]}),
}
KEYS = {"events": ["id"], "instruments": ["id", "n"]}


def test_verdict_counts_list_every_verdict_in_report_order():
    counts = claims.verdict_counts(CLAIMS)
    assert counts.to_dict() == {"supported": 2, "partly": 1, "not_supported": 0, "not_checkable": 0}
    with pytest.raises(ValueError, match="maybe"):
        claims.verdict_counts(CLAIMS.assign(verdict=["maybe", "partly", "supported"]))


def test_evidence_resolves_composite_keys_in_the_essays_order():
    evidence = claims.resolve_evidence(CLAIMS, TABLES, KEYS)
    assert list(evidence["claim"]) == ["b", "a", "a"]  # position 1 first
    assert list(evidence["source_title"]) == ["T3", "T1", "T2"]


def test_the_page_escapes_every_text_from_the_data():
    page = pages.claims_html(CLAIMS, claims.resolve_evidence(CLAIMS, TABLES, KEYS))
    assert "<b>bold</b>" not in page and "&lt;b&gt;bold&lt;/b&gt;" in page
    assert "r &amp; r" in page and "S&lt;" in page
    assert 'href="https://a.org/2?x=1&amp;y=2"' in page
    assert "no data row" in page  # claim c cites nothing
    assert page.count("a record check") == 2 and page.count("an assessment") == 1


def test_every_checkable_claim_cites_at_least_one_row():
    table = load("claims")
    checkable = table[table["verdict"] != "not_checkable"]
    assert checkable["evidence"].notna().all()
    assert table["reason"].str.len().gt(0).all()
    assert primary_key("milex_sipri") == ["iso3", "measure", "year"]


def test_the_citation_is_read_from_citation_cff():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    reference, bibtex = citation_text(cff)
    assert cff["title"] in reference and str(cff["version"]) in reference
    assert bibtex.startswith("@software{") and f"version = {{{cff['version']}}}" in bibtex


def test_page_numbers_count_claims_verdicts_rows_and_uncited_claims():
    evidence = claims.resolve_evidence(CLAIMS, TABLES, KEYS)
    assert claims.cited_tables(CLAIMS) == ["events", "instruments"]
    assert claims.page_numbers(CLAIMS, evidence) == {
        "n_claims": 3, "n_cited_rows": 3, "n_without_rows": 1,
        "n_supported": 2, "n_partly": 1, "n_not_supported": 0, "n_not_checkable": 0,
        "n_supported_record": 1, "n_supported_assessment": 1}  # b is a record check but only partly
    with pytest.raises(ValueError, match="hunch"):
        claims.page_numbers(CLAIMS.assign(checks=["hunch", "record", "record"]), evidence)


def test_claim_reasons_fit_the_page_and_hold_on_the_data():
    table = load("claims").set_index("id")
    assert table["reason"].str.len().le(200).all()
    assert "broker" not in table.loc["regional-role", "reason"]
    # "from the U.S. alone to at least a dozen", counted by hand: Japan's instruments in
    # force today (not ended), and the partners they name besides Japan.
    instruments = load("instruments")
    japans = instruments[instruments["parties"].str.split(";").map(lambda parties: "JPN" in parties)]
    in_force = japans[japans["in_force"].notna() & japans["ended"].isna()]
    partners = {party for parties in in_force["parties"] for party in parties.split(";")} - {"JPN"}
    assert len(partners) >= 12
    assert "counting signed instruments" in table.loc["quad", "reason"]
