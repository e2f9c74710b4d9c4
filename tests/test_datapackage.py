"""The data package is valid for the reference Frictionless implementation too, and every row
of every table carries a source."""

from __future__ import annotations

import csv
import json
import shutil

import pytest
from frictionless import Package

from conftest import DATA, FIXTURES

DESCRIPTOR = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))


def test_frictionless_validates_the_package():
    report = Package(str(DATA / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_frictionless_also_rejects_a_bad_fixture(data_copy):
    shutil.copyfile(FIXTURES / "bad" / "value_outside_enum.csv", data_copy / "events.csv")
    report = Package(str(data_copy / "datapackage.json")).validate()
    assert not report.valid
    assert ["constraint-error"] in [e[1:] for e in report.flatten(["rowNumber", "type"])]


def test_every_csv_in_data_is_described():
    described = {r["path"] for r in DESCRIPTOR["resources"]}
    assert {p.name for p in DATA.glob("*.csv")} == described


@pytest.mark.parametrize("resource", DESCRIPTOR["resources"], ids=lambda r: r["name"])
def test_every_row_names_its_source(resource):
    """Every row names its source; the claims table, the book's own verdicts, cites data rows
    instead (checked by the loader's row-reference rule) and says why in each row."""
    fields = {f["name"]: f for f in resource["schema"]["fields"]}
    if any(c["rule"] == "row-reference" for c in resource["schema"].get("x-checks", [])):
        assert fields["reason"]["constraints"]["required"] is True
        return
    assert fields["source_url"]["constraints"]["required"] is True
    assert fields["source_title"]["constraints"]["required"] is True
    with open(DATA / resource["path"], encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows
    assert all(r["source_url"].startswith(("http://", "https://")) and r["source_title"] for r in rows)


def test_every_table_has_a_primary_key_and_a_description():
    for resource in DESCRIPTOR["resources"]:
        assert resource["schema"].get("primaryKey"), resource["name"]
        assert resource.get("description"), resource["name"]
