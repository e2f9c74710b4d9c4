"""alliance.network's chapter numbers and interactive views, on a small hand-made world whose
answers are worked out in the comments (in force vs signed only, the sole-partner years, the
triangles, the ATOP comparison, the tie-kind readouts)."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from alliance import network
from alliance.centrality import StateYear

D = dt.date

INSTRUMENTS = pd.DataFrame([
    # id, parties, type, title, signed, in_force
    ("t", "JPN;USA", "mutual_defence_treaty", "Treaty T", "1951-09-08", "1952-04-28"),
    ("k", "USA;KOR", "mutual_defence_treaty", "Treaty K", "1953-10-01", "1954-11-17"),
    ("d", "JPN;IND", "security_declaration", "Declaration D", "2008-10-22", None),  # in force when issued
    ("a", "JPN;AUS", "acsa", "Logistics A", "2010-05-19", "2013-01-31"),
    ("g", "JPN;GBR", "equipment_technology_transfer_agreement", "Equipment G", "2013-07-04", None),  # signed only
    ("i", "JPN;IND", "information_security_agreement", "Information I", "2015-12-12", None),  # signed only
    ("x", "JPN;KOR", "information_security_agreement", "Information X", "2016-11-23", "2016-11-23"),
], columns=["id", "parties", "type", "title", "signed", "in_force"]).assign(ended=None)
FRAMEWORKS = pd.DataFrame({
    "id": ["q1", "q2", "q3"], "grouping": ["quad"] * 3, "level": ["officials", "officials", "leaders"],
    "start": ["2007", "2017-11-12", "2021-03-12"], "end": ["2007", None, None],
})
MEMBERS = pd.DataFrame({"grouping": ["quad"] * 4, "iso3": ["USA", "JPN", "AUS", "IND"]})
NAMES = {"AUS": "Australia", "GBR": "United Kingdom", "IND": "India", "JPN": "Japan", "KOR": "South Korea",
         "USA": "United States"}


def test_data_numbers_count_each_status_apart():
    values = network.data_numbers(INSTRUMENTS, FRAMEWORKS, D(2018, 1, 1))
    assert values["n_instruments"] == 7
    assert values["n_partners_ever"] == 5  # USA, KOR, IND, AUS, GBR
    assert values["n_groupings"] == 1 and values["n_phases"] == 3
    assert values["latest_date"] == "1 January 2018"
    assert values["n_in_force_latest"] == 5  # t, k, d, a, x
    assert values["n_signed_only_latest"] == 2  # g, i
    assert values["n_ended_latest"] == 0
    assert values["n_no_entry"] == 2  # g and i; the declaration needs no date


def test_data_numbers_tell_japans_instruments_from_the_others():
    values = network.data_numbers(INSTRUMENTS, FRAMEWORKS, D(2018, 1, 1))
    assert values["n_japan_instruments"] == 6 and values["n_other_instruments"] == 1  # k is U.S.-Korea
    assert (values["n_japan_in_force"], values["n_japan_signed_only"], values["n_japan_ended"]) == (4, 2, 0)
    assert (values["n_other_in_force"], values["n_other_signed_only"], values["n_other_ended"]) == (1, 0, 0)


def test_lattice_numbers_name_the_allies_and_isolate_japans_ties():
    values = network.lattice_numbers(INSTRUMENTS, FRAMEWORKS, MEMBERS, D(2000, 12, 31), D(2018, 1, 1), NAMES)
    # End of 2000: U.S. tied to Japan (t) and South Korea (k) only; no tie between them.
    assert values["lattice_allies_base"] == "2 countries"
    assert values["lattice_allies_names_last"] == (
        "Australia (AUS), India (IND), Japan (JPN), South Korea (KOR)")
    assert values["lattice_max_base"] == 0.33  # (2 - 1) / (2 + 1)
    assert values["lattice_allies_names_base"] == "Japan (JPN), South Korea (KOR)"
    assert values["lattice_ties_base"] == "none"
    # 2018: allies JPN, KOR, AUS, IND (the Quad ties the U.S. to Australia and India): max 3/5.
    assert values["lattice_allies_last"] == "4 countries" and values["lattice_max_last"] == 0.6
    # Ties between allies: JPN-IND 2 (d + Quad), JPN-AUS 3 (a + Quad), JPN-KOR 2 (x), AUS-IND 1 (Quad):
    # Japan's carry 7 of 8. Without them: 1 / (1 + spokes 5 + 4 + 1 + 1) = 1/12.
    assert values["japan_lattice_share_last"] == 0.88
    assert values["lattice_without_japan_last"] == 0.08


def test_lattice_numbers_name_what_ties_two_allies_at_the_base():
    rows = pd.concat([INSTRUMENTS, pd.DataFrame([
        ("p", "AUS;PHL", "defence_cooperation_arrangement", "Memo P", "1995-08-22", None, None),
        ("z", "AUS;NZL;USA", "mutual_defence_treaty", "Treaty Z", "1951-09-01", "1952-04-29", None),
        ("u", "USA;PHL", "mutual_defence_treaty", "Treaty U", "1951-08-30", "1952-08-27", None),
    ], columns=INSTRUMENTS.columns)], ignore_index=True)
    values = network.lattice_numbers(rows, FRAMEWORKS, MEMBERS, D(2000, 12, 31), D(2018, 1, 1), NAMES)
    assert values["lattice_allies_base"] == "5 countries"  # AUS, NZL, PHL, JPN, KOR
    assert values["lattice_ties_base"] == "Memo P; Treaty Z"  # memo in effect when signed; Z ties AUS-NZL


def test_japan_partners_split_in_force_from_signed_only():
    in_force, signed_only = network.japan_partners(INSTRUMENTS, FRAMEWORKS, MEMBERS, D(2018, 1, 1))
    assert in_force == ["AUS", "IND", "KOR", "USA"]  # a; d and the Quad; x; t and the Quad
    assert signed_only == ["GBR"]  # India's signed-only agreement adds no partner: d is in force


def test_partners_numbers_name_the_partners_and_size_the_network_on_both_bases():
    values = network.partners_numbers(INSTRUMENTS, FRAMEWORKS, MEMBERS, {"late": D(2018, 1, 1)}, NAMES)
    assert values["partners_in_force_late"] == 4
    assert values["partners_in_force_names_late"] == (
        "Australia (AUS), India (IND), South Korea (KOR), United States (USA)")
    assert values["partners_signed_only_late"] == 1
    assert values["partners_signed_only_names_late"] == "United Kingdom (GBR)"
    assert values["countries_late"] == 5 and values["countries_signed_late"] == 6  # GBR joins when signed counts
    # in force: JPN–USA, JPN–IND, JPN–AUS, JPN–KOR, USA–KOR, and the Quad's USA–AUS, USA–IND, AUS–IND
    assert values["ties_late"] == 8 and values["ties_signed_late"] == 9


def test_sole_partner_years_find_the_first_run_with_one_partner():
    values = network.sole_partner_years(INSTRUMENTS, FRAMEWORKS, MEMBERS, range(1951, 2012), NAMES)
    # 1951: the treaty is signed, not yet in force; 1952–2006 the United States alone; the Quad's
    # first round ("2007") is active on 31 December 2007 and adds Australia and India
    assert values == {"sole_partner": "United States", "sole_from": 1952, "sole_to": 2006, "sole_years": 55}


def test_sole_partner_years_refuse_a_span_without_one():
    with pytest.raises(ValueError, match="never had exactly one partner"):
        network.sole_partner_years(INSTRUMENTS, FRAMEWORKS, MEMBERS, [1951], NAMES)


def test_measures_numbers_read_each_table_at_both_years():
    def table(lattice, betweenness):
        return pd.DataFrame({"year": [2000, 2001, 2002], "latticework": lattice, "betweenness": betweenness,
                             "eigenvector": [0.5, 0.6, 0.7]})
    values = network.measures_numbers(table([0.1, 0.2, 0.333], [0.0, 0.0, 0.5]), table([0.15, 0.2, 0.4], [0, 0, 0]),
                                      table([0.1, 0.3, 0.5], [0.0, 0.25, 0.6]), 2000, 2002)
    assert values["first_betweenness_year"] == 2002
    assert values["lattice_base"] == 0.1 and values["lattice_last"] == 0.33
    assert values["lattice_equal_last"] == 0.4 and values["lattice_signed_last"] == 0.5
    assert values["betweenness_last"] == 0.5 and values["betweenness_signed_last"] == 0.6
    assert values["eigen_base"] == 0.5 and values["eigen_last"] == 0.7
    assert values["lattice_direction"] == "rises on all three counts"
    falling = network.measures_numbers(table([0.5, 0.2, 0.3], [0, 0, 0]), table([0.1, 0.2, 0.4], [0, 0, 0]),
                                       table([0.1, 0.3, 0.5], [0, 0, 0]), 2000, 2002)
    assert falling["lattice_direction"] == "does not rise on all three counts"  # 0.5 → 0.3 in force


def test_type_numbers_give_japans_own_treaties_and_forces_agreements():
    rows = pd.concat([INSTRUMENTS, pd.DataFrame([
        ("s", "JPN;USA", "status_of_forces_agreement", "Forces S", "1960-01-19", "1960-06-23", None),
        ("r", "USA;KOR", "status_of_forces_agreement", "Forces R", "1966-07-09", "1967-02-09", None),
    ], columns=INSTRUMENTS.columns)], ignore_index=True)
    values = network.type_numbers(rows, D(2000, 12, 31), D(2018, 1, 1))
    assert values["treaties_in_force_last"] == 2 and values["access_in_force_last"] == 2  # every pair
    assert values["japan_treaties_in_force_last"] == "1 mutual defence treaty"
    assert values["japan_treaties_in_force_names"] == "Treaty T (1951)"
    assert values["japan_access_in_force_last"] == 1
    assert values["japan_access_in_force_names"] == "Forces S (1960)"


def test_type_numbers_count_routine_agreements_in_force_and_signed_only():
    values = network.type_numbers(INSTRUMENTS, D(2014, 1, 1), D(2018, 1, 1))
    assert values["routine_in_force_base"] == 1  # a
    assert values["routine_signed_only_base"] == 1  # g
    assert values["routine_in_force_last"] == 2  # a, x
    assert values["routine_signed_only_last"] == 2  # g, i
    assert values["access_in_force_last"] == 0
    assert values["treaties_in_force_last"] == 2 and values["latest_treaty_year"] == 1953


def test_density_numbers_date_each_group_on_both_bases():
    years = range(2014, 2019)
    in_force = network.japan_measures_by_year(INSTRUMENTS, FRAMEWORKS, MEMBERS, years)
    signed = network.japan_measures_by_year(INSTRUMENTS, FRAMEWORKS, MEMBERS, years, basis="signed")
    values = network.density_numbers(in_force, signed, INSTRUMENTS, FRAMEWORKS, MEMBERS, D(2018, 1, 1), NAMES)
    assert values["quad_first"] == "2007" and values["quad_revival"] == "12 November 2017"
    assert values["quad_leaders"] == "12 March 2021"
    # Quad pairs tied by instruments: USA–JPN (t), JPN–AUS (a), JPN–IND (d): 3 of 6
    assert values["quad_density_last"] == 0.5
    assert values["quad_missing"] == "United States–Australia, United States–India, Australia–India"
    assert values["quad_full_year"] == values["quad_full_year_signed"] == "not yet"
    assert values["korea_full_year"] == values["korea_full_year_signed"] == 2016  # x, in force when signed
    assert values["korea_closing"] == "Information X"
    assert values["phil_full_year"] == "not yet" and values["phil_closing"] == "none"


def test_atop_comparison_tells_a_defence_pact_from_any_tie():
    atop = pd.DataFrame({
        "ccode1": [740, 740, 740], "stateabb1": ["JPN"] * 3, "ccode2": [2, 900, 750],
        "stateabb2": ["USA", "AUL", "IND"], "year": [2018] * 3,
        "atop_defense": [1, 0, 0], "atop_offense": [0, 0, 0], "atop_neutral": [0, 0, 0],
        "atop_nonagg": [0, 1, 0], "atop_consul": [1, 0, 0],
    })
    countries = pd.DataFrame({"iso3": list(NAMES), "name": list(NAMES.values()),
                              "cow_ccode": [900, 200, 750, 740, 732, 2]})
    table, values = network.atop_comparison(atop, countries, INSTRUMENTS, FRAMEWORKS, MEMBERS, 2018)
    assert list(table["partner"]) == ["Australia", "India", "South Korea", "United States"]
    assert list(table["instruments"]) == [1, 1, 1, 1]  # a; d (i is signed only); x; t
    assert list(table["any_atop_tie"]) == ["yes", "no", "no", "yes"]  # India's row has no obligation
    assert list(table["atop_defence_pact"]) == ["no", "no", "no", "yes"]
    assert values["atop_ties"] == 2 and values["atop_defence_names"] == "United States"
    assert values["atop_nonagg_only"] == 1  # Australia
    assert values["network_partners"] == 4 and values["no_atop_defence"] == 3 and values["no_atop_tie"] == 2
    assert values["no_atop_tie_phrase"] == "2 have"


def test_world_numbers_rank_by_degree():
    rows = [StateYear(2, 2018, 0.5, 0.3, 0.2), StateYear(740, 2018, 0.25, 0.1, 0.012345),
            StateYear(900, 2018, 0.25, 0.1, 0.0), StateYear(740, 2017, 0.9, 0.1, 0.0)]
    assert network.world_numbers(rows, 2018) == {"world_year": 2018, "world_states": 3, "world_rank": 2,
                                                 "world_betweenness": 0.0123}


def test_tie_kind_readouts_cover_every_subset_of_kinds():
    instruments = pd.DataFrame([
        ("t", "JPN;USA", "mutual_defence_treaty", "1960-01-19", "1960-06-23"),
        ("u", "AUS;USA", "mutual_defence_treaty", "1951-09-01", "1952-04-29"),
        ("a", "JPN;AUS", "acsa", "2010-05-19", "2013-01-31"),
    ], columns=["id", "parties", "type", "signed", "in_force"]).assign(ended=None)
    readouts = network.tie_kind_readouts(instruments, FRAMEWORKS, MEMBERS, D(2018, 1, 1))
    # present on the day: treaties, logistics, and the Quad (a grouping); no other kind has a row
    assert list(readouts.columns) == ["mutual_defence_treaty", "acsa", "grouping", "partners", "latticework"]
    assert len(readouts) == 2 ** 3
    none = readouts.iloc[0]
    assert none["partners"] == 0 and math.isnan(none["latticework"])
    bit = {"mutual_defence_treaty": 1, "acsa": 2, "grouping": 4}  # row = sum of the kinds' bits
    treaties = readouts.iloc[bit["mutual_defence_treaty"]]
    assert treaties["mutual_defence_treaty"] and not treaties["acsa"]
    # treaties alone: a star around the United States (spokes 4 + 4, no lattice)
    assert treaties["partners"] == 1 and treaties["latticework"] == 0
    every = readouts.iloc[-1]
    # all kinds: spokes USA–JPN 4 + 1 (Quad), USA–AUS 4 + 1, USA–IND 1; allies' ties JPN–AUS 2 + 1,
    # JPN–IND 1, AUS–IND 1: lattice 5 / (5 + 11)
    assert every["partners"] == 3 and every["latticework"] == pytest.approx(5 / 16)
    pair = readouts.iloc[bit["mutual_defence_treaty"] + bit["acsa"]]
    assert pair["partners"] == 2 and pair["latticework"] == pytest.approx(2 / 10)  # 2 / (2 + 4 + 4)


def test_year_views_separate_signed_only_ties_and_name_the_partners():
    views = network.year_views(INSTRUMENTS, FRAMEWORKS, MEMBERS, [1951, 2015], NAMES, until=D(2015, 6, 30))
    first, last = views
    assert first["date"] == "31 December 1951" and last["date"] == "30 June 2015"  # the data end mid-year
    assert first["in_force"] == [] and first["signed_only"] == [["JPN", "USA"]] and first["n_partners"] == 0
    assert first["partners"] == "none" and first["signed_only_partners"] == "United States (USA)"
    assert first["latticework"] is None
    assert last["signed_only"] == [["GBR", "JPN"]]  # i (India) is signed only, but JPN–IND is in force (d)
    assert last["n_partners"] == 3 and last["n_signed_only"] == 1  # USA, IND, AUS; the Quad lapsed in 2007
    assert ["JPN", "USA"] in last["in_force"] and ["KOR", "USA"] in last["in_force"]


def test_kind_presets_pick_the_rows_of_their_subsets():
    readouts = pd.DataFrame({"mutual_defence_treaty": [False, True, False, True],
                             "grouping": [False, False, True, True],
                             "partners": [0, 1, 3, 3], "latticework": [float("nan"), 0.0, 0.5, 0.3]})
    presets = network.kind_presets(readouts)
    # absent kinds (SOFA, RAA, every other instrument) are simply not ticked: treaties alone for the
    # first three presets, treaties and the grouping for the last
    assert list(presets["preset"]) == [label for label, _ in network.KIND_PRESETS]
    assert list(presets["partners"]) == [1, 1, 1, 3]
    assert list(presets["latticework"]) == [0.0, 0.0, 0.0, 0.3]
    assert network.kinds_numbers(presets) == {"treaty_only_partners": 1, "treaty_only_lattice": 0.0,
                                              "every_kind_partners": 3, "every_kind_lattice": 0.3}


def test_measures_stop_at_the_day_the_data_reach():
    until = dt.date(2020, 3, 1)
    table = network.japan_measures_by_year(INSTRUMENTS, FRAMEWORKS, MEMBERS, [2019, 2020], until=until)
    assert list(table["date"]) == ["2019-12-31", "2020-03-01"]  # no year-end after the data is assumed


def test_type_counts_stop_at_the_day_the_data_reach():
    last_day = network.types_by_year(INSTRUMENTS, [2020], until=dt.date(2020, 3, 1))
    year_end = network.types_by_year(INSTRUMENTS, [2020])
    assert last_day.loc[2020].sum() <= year_end.loc[2020].sum()
    assert (last_day.loc[2020] == network.counts_by_type(INSTRUMENTS, dt.date(2020, 3, 1))).all()


def test_full_phrase_reads_right_on_every_basis():
    assert network.full_phrase(2016, 2014) == (
        "every pair has been tied since the end of 2016 counting instruments in force (2014 counting signed ones too)")
    assert network.full_phrase("not yet", 2020) == (
        "counting instruments in force, not every pair is tied yet; counting signed ones too, every pair has been "
        "tied since the end of 2020")
    assert network.full_phrase("not yet", "not yet") == "not every pair is tied yet, even counting signed instruments"
