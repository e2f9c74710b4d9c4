"""The book's tooling (bookkit) without a browser: the release record, editions, the switcher file,
the redirect, the site overlay and cache key, data changes between recorded releases, downloads
served as files, the PDF's front matter and the offline archive, code fingerprints, and the one
version everything reads."""

from __future__ import annotations

import base64
import io
import json
import os
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

import pytest
import yaml

import alliance
from bookkit import fingerprint, history, pdf, release, releases, site, sphinxext
from bookkit.releases import Release
from conftest import GIT_ENV, ROOT, git

A, B, C = "a" * 40, "b" * 40, "c" * 40


# --- the release record -------------------------------------------------------------------------

def test_the_record_lists_the_releases_at_their_release_commits():
    recorded = releases.read_record(ROOT)
    assert [(r.version, r.date) for r in recorded] == [("0.1.0", "2026-11-25"), ("0.2.0", "2026-11-25"),
                                                       ("0.3.0", "2026-12-01")]
    for entry in recorded:
        subject = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%s", entry.commit],
                                 capture_output=True, text=True, check=True).stdout
        assert subject.startswith(f"Release v{entry.version}")


def _record(*entries: tuple[str, str, str]) -> str:
    return "".join(f'[[release]]\nversion = "{v}"\ndate = "{d}"\ncommit = "{c}"\n\n' for v, d, c in entries)


def test_parse_record_reads_entries_oldest_first():
    text = _record(("0.9.0", "2026-01-02", A), ("0.10.0", "2026-02-03", B))
    assert releases.parse_record(text) == [Release("0.9.0", "2026-01-02", A), Release("0.10.0", "2026-02-03", B)]
    assert releases.parse_record("") == []
    assert Release("0.10.0", "2026-02-03", B).name == "v0.10.0"


@pytest.mark.parametrize(("text", "message"), [
    (_record(("1.0", "2026-01-02", A)), "release 1: version '1.0' is not of the form X.Y.Z"),
    (_record(("1.0.0", "2026-13-02", A)), "release 1: date '2026-13-02' is not an ISO date"),
    (_record(("1.0.0", "2026-01-02", "abc123")), "release 1: commit 'abc123' is not a full 40-character"),
    (_record(("1.0.0", "2026-01-02", A), ("0.9.0", "2026-01-03", B)), "0.9.0 is listed after 1.0.0"),
    (_record(("1.0.0", "2026-01-02", A), ("1.0.0", "2026-01-03", B)), "1.0.0 is listed after 1.0.0"),
    ('[[release]]\nversion = "1.0.0"\n', "release 1: write exactly the keys version, date and commit"),
    ("[[release]\n", "releases.toml: "),
])
def test_parse_record_names_the_bad_entry(text, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(".", r"\.")):
        releases.parse_record(text)


def test_append_entry_adds_a_newer_release_and_refuses_an_older_one():
    existing = [Release("0.1.0", "2026-01-01", A)]
    text = releases.append_entry(_record(("0.1.0", "2026-01-01", A)), Release("0.2.0", "2026-02-01", B), existing)
    assert releases.parse_record(text) == [*existing, Release("0.2.0", "2026-02-01", B)]
    assert releases.parse_record(releases.append_entry("", existing[0], [])) == existing
    with pytest.raises(ValueError, match=r"0\.1\.0 is not newer than the last release, 0\.1\.0"):
        releases.append_entry(text, Release("0.1.0", "2026-03-01", C), existing)


# --- one version ---------------------------------------------------------------------------------

def test_package_pyproject_and_citation_agree_on_the_version():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))["version"]
    assert alliance.__version__ == project == citation


# --- editions, switcher, redirect, overlay, cache ----------------------------------------------

EDITIONS = [site.Edition("v0.2.0", B, "2026-02-01"), site.Edition("v0.1.0", A, "2026-01-01"),
            site.Edition("dev", C, "2026-03-01")]


def test_versions_json_marks_the_latest_release_preferred_under_the_base_path():
    assert site.versions_json(EDITIONS, "/book/") == [
        {"name": "v0.2.0 (latest)", "version": "v0.2.0", "url": "/book/v0.2.0/", "preferred": True},
        {"name": "v0.1.0", "version": "v0.1.0", "url": "/book/v0.1.0/"},
        {"name": "dev", "version": "dev", "url": "/book/dev/"},
    ]
    assert site.versions_json(EDITIONS[2:], "/") == [
        {"name": "dev", "version": "dev", "url": "/dev/", "preferred": True}]


def test_redirect_page_escapes_its_target():
    page = site.redirect_page('/x/"><script>/')
    assert 'content="0; url=/x/&quot;&gt;&lt;script&gt;/"' in page
    assert "<script>" not in page


def test_editions_come_from_the_record_on_the_branch_not_from_tags(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "f.txt").write_text("1", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "first")
    first = git(repo, "rev-parse", "HEAD").strip()
    (repo / "releases.toml").write_text(_record(("1.0.0", "2026-01-05", first)), encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "record")
    head = git(repo, "rev-parse", "HEAD").strip()
    found = site.editions(repo, "main")
    assert [(e.name, e.commit, e.is_release) for e in found] == [("v1.0.0", first, True), ("dev", head, False)]
    assert found[0].date == "2026-01-05"
    assert git(repo, "tag", "--list") == ""


def test_downloads_line_links_a_release_pdf_and_archive_only():
    release = EDITIONS[0]
    line = site.downloads_html(release, "/book/", with_pdf=True)
    assert 'href="/book/v0.2.0/alliance-book-v0.2.0.pdf"' in line
    assert 'href="/book/v0.2.0/alliance-book-v0.2.0.tar.gz"' in line
    assert ".pdf" not in site.downloads_html(release, "/", with_pdf=False)
    assert site.downloads_html(EDITIONS[2], "/", with_pdf=True) == ""


def test_overlay_sets_version_switcher_footer_and_what_the_data_changes_table_reads(tmp_path):
    config = {"title": "T", "html": {"extra_footer": "<p>Licence.</p>"},
              "sphinx": {"config": {"extensions": ["myst_nb", "bookkit.sphinxext"], "html_theme_options": {"a": 1}}}}
    recorded = [Release("0.1.0", "2026-01-01", A), Release("0.2.0", "2026-02-01", B)]
    merged = site.overlay(config, EDITIONS[0], tmp_path, recorded, "<p>Downloads</p>")
    settings = merged["sphinx"]["config"]
    assert settings["version"] == settings["release"] == "v0.2.0"
    assert settings["html_theme_options"]["a"] == 1
    assert settings["html_theme_options"]["switcher"] == {"json_url": "../versions.json", "version_match": "v0.2.0"}
    assert settings["bookkit_edition_ref"] == B
    assert settings["bookkit_releases"] == [["0.1.0", "2026-01-01", A], ["0.2.0", "2026-02-01", B]]
    assert merged["html"]["extra_footer"] == ("<p>You are reading edition v0.2.0 of 2026-02-01.</p>\n"
                                              "<p>Downloads</p>\n<p>Licence.</p>")
    assert merged["parse"]["myst_substitutions"]["edition"] == "edition v0.2.0 of 2026-02-01"
    assert config["html"]["extra_footer"] == "<p>Licence.</p>"  # the edition's own config is untouched
    old = {"sphinx": {"config": {"extensions": ["alliance.sphinxext"]}}}
    old_settings = site.overlay(old, EDITIONS[1], tmp_path, recorded[:1], "", tmp_path / "tagged")["sphinx"]["config"]
    assert old_settings["alliance_git_repo"] == str(tmp_path / "tagged")
    assert old_settings["alliance_edition_ref"] == A
    assert "bookkit_releases" not in old_settings


def test_an_old_edition_shows_the_releases_up_to_itself_and_keeps_its_cache_key_after_a_new_release():
    recorded = [Release("0.1.0", "2026-01-01", A), Release("0.2.0", "2026-02-01", B)]
    old = EDITIONS[1]
    assert site.shown_releases(old, recorded) == recorded[:1]
    assert site.shown_releases(EDITIONS[2], recorded) == recorded
    key = site.cache_key(old, site.shown_releases(old, recorded[:1]), "/", "builder", True)
    assert site.cache_key(old, site.shown_releases(old, recorded), "/", "builder", True) == key
    assert site.cache_key(old, recorded[:1], "/", "builder 2", True) != key
    assert site.cache_key(old, recorded[:1], "/book/", "builder", True) != key
    assert site.cache_key(site.Edition("v0.1.0", C, "2026-01-01"), recorded[:1], "/", "builder", True) != key
    assert site.cache_key(old, recorded[:1], "/", "builder", False) != key


# --- data changes between recorded releases ---------------------------------------------------------

def test_diff_rows_matches_rows_by_key():
    old = [{"id": "a", "v": "1"}, {"id": "b", "v": "2"}, {"id": "c", "v": "3"}]
    new = [{"id": "a", "v": "1"}, {"id": "b", "v": "9"}, {"id": "d", "v": "4"}, {"id": "e", "v": "5"}]
    assert history.diff_rows(old, new, ["id"]) == (2, 1, 1)


def _commit_table(repo: Path, rows: list[str], message: str) -> str:
    (repo / "data").mkdir(exist_ok=True)
    (repo / "data" / "datapackage.json").write_text(json.dumps({"resources": [
        {"name": "things", "path": "things.csv", "schema": {"fields": [{"name": "id"}, {"name": "v"}],
                                                          "primaryKey": "id"}}]}), encoding="utf-8")
    (repo / "data" / "things.csv").write_text("id,v\n" + "".join(f"{r}\n" for r in rows), encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", message)
    return git(repo, "rev-parse", "HEAD").strip()


def test_edition_changes_count_from_the_record_without_tags(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    first = _commit_table(repo, ["a,1", "b,2"], "one")
    second = _commit_table(repo, ["a,1", "b,3", "c,4"], "two")
    head = _commit_table(repo, ["b,3", "c,4"], "three")
    recorded = [Release("0.1.0", "2026-01-01", first), Release("0.2.0", "2026-02-01", second)]
    changes = history.edition_changes(repo, recorded, head)
    assert [(name, previous, [(c.table, c.added, c.changed, c.removed) for c in found])
            for name, previous, found in changes] == [
        ("unreleased changes", "v0.2.0", [("things", 0, 0, 1)]),
        ("v0.2.0", "v0.1.0", [("things", 1, 1, 0)]),
        ("v0.1.0", None, [("things", 2, 0, 0)]),
    ]
    at_release = history.edition_changes(repo, recorded, second)
    assert [name for name, _, _ in at_release] == ["v0.2.0", "v0.1.0"]


# --- downloads as files -------------------------------------------------------------------------------

def _link(name: str, text: str) -> str:
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return (f'<a class="alliance-download" download="{name}" '
            f'href="data:text/csv;charset=utf-8;base64,{payload}">Download the data (CSV)</a>')


def test_download_payloads_become_files_beside_the_page():
    first, second = _link("overview.csv", "a,b\n1,2\n"), _link("../../evil name.csv", "x\n")
    body = f"<p>{first}</p><p>{second}</p>"
    body += '<a href="data:text/csv;base64,eA==">not ours</a>'
    rewritten, files = sphinxext.extract_downloads(body, "notebooks/01_timeline")
    assert files == {"_downloads/notebooks/01_timeline/overview.csv": b"a,b\n1,2\n",
                     "_downloads/notebooks/01_timeline/evil_name.csv": b"x\n"}
    assert 'href="../_downloads/notebooks/01_timeline/overview.csv"' in rewritten
    assert 'download="overview.csv"' in rewritten
    assert rewritten.count("base64,") == 1  # only the link that is not a book download keeps its data URI
    top, _ = sphinxext.extract_downloads(_link("t.csv", "t"), "intro")
    assert 'href="_downloads/intro/t.csv"' in top


# --- PDF front matter, page count, archive ---------------------------------------------------------

def test_front_matter_escapes_and_lists_chapters_in_order():
    matter = pdf.front_matter("A <b> book", "v1.0.0", "2026-01-01",
                              [("document-a", "First & one"), ("document-b", "Second")])
    assert "A &lt;b&gt; book" in matter and "Edition v1.0.0" in matter and "2026-01-01" in matter
    assert matter.index("First &amp; one") < matter.index("Second")
    assert '<a href="#document-a">' in matter


def test_count_pages_counts_page_objects_not_the_page_tree():
    data = b"<< /Type /Pages /Count 2 >> << /Type /Page >> << /Type/Page /Parent 1 0 R >>"
    assert pdf.count_pages(data) == 2


def test_archive_is_deterministic_and_opens_at_its_index(tmp_path):
    html = tmp_path / "html"
    (html / "book").mkdir(parents=True)
    (html / "index.html").write_text("<p>home</p>", encoding="utf-8")
    (html / "book" / "intro.html").write_text("<p>intro</p>", encoding="utf-8")
    pdf.make_archive(html, tmp_path / "one.tar.gz", "book-v1")
    (html / "index.html").touch()
    pdf.make_archive(html, tmp_path / "two.tar.gz", "book-v1")
    assert (tmp_path / "one.tar.gz").read_bytes() == (tmp_path / "two.tar.gz").read_bytes()
    with tarfile.open(fileobj=io.BytesIO((tmp_path / "one.tar.gz").read_bytes())) as tar:
        assert tar.getnames() == ["book-v1/book", "book-v1/book/intro.html", "book-v1/index.html"]
        assert tar.extractfile("book-v1/index.html").read() == b"<p>home</p>"


def test_single_page_follows_the_singlehtml_redirect(tmp_path):
    (tmp_path / "index.html").write_text('<meta http-equiv="Refresh" content="0; url=book/intro.html" />',
                                         encoding="utf-8")
    assert pdf.single_page(tmp_path) == tmp_path / "book" / "intro.html"


# --- code fingerprints --------------------------------------------------------------------------------

def test_code_digest_ignores_comments_docstrings_and_formatting_but_not_code():
    base = fingerprint.code_digest('"""Module."""\n\ndef f(x):\n    """Doc."""\n    return x + 1\n')
    same = '# comment\n"""Other text."""\ndef f( x ):  # why\n\n    return (x +\n            1)\n'
    assert fingerprint.code_digest(same) == base
    assert fingerprint.code_digest("def f(x):\n    return x + 2\n") != base
    assert fingerprint.code_digest("def f(y):\n    return y + 1\n") != base
    assert fingerprint.code_digest("%matplotlib inline") != fingerprint.code_digest("%matplotlib  inline")


def test_outline_titles_read_literal_hex_and_compressed_titles():
    import zlib

    hidden = zlib.compress(b"<< /Title (Inside a stream) >>")
    data = (b"%PDF-1.4\n1 0 obj << /Title (Chapter \\(one\\)) >> endobj\n"
            b"2 0 obj << /Title <FEFF004A00610070 0061006E2019> >> endobj\n"
            b"3 0 obj << /Length 9 /Filter /FlateDecode >>\nstream\n" + hidden + b"\nendstream\nendobj\n")
    assert pdf.outline_titles(data) == ["Chapter (one)", "Japan\u2019", "Inside a stream"]


# --- make release ------------------------------------------------------------------------------------

def test_set_project_version_changes_only_the_project_table():
    text = '[build-system]\nversion = "keep"\n\n[project]\nname = "x"\nversion = "0.2.0"\n\n[tool.x]\nversion = "1"\n'
    assert release.set_project_version(text, "1.0.0") == text.replace('version = "0.2.0"', 'version = "1.0.0"')
    with pytest.raises(release.ReleaseError, match=r"no `version = \"...\"` line in its \[project\] table"):
        release.set_project_version("[project]\nname = 'x'\n", "1.0.0")


def test_set_citation_version_sets_version_and_date():
    text = 'title: "T"\nversion: "0.2.0"\ndate-released: "2026-11-25"\n'
    assert release.set_citation_version(text, "1.0.0", "2027-01-02") == (
        'title: "T"\nversion: "1.0.0"\ndate-released: "2027-01-02"\n')


def test_move_unreleased_puts_the_entries_under_the_new_version():
    text = "# Changelog\n\nIntro.\n\n## [Unreleased]\n\n### Added\n- A thing.\n\n## [0.2.0] - 2026-11-25\n- Old.\n"
    assert release.move_unreleased(text, "1.0.0", "2027-01-02") == (
        "# Changelog\n\nIntro.\n\n## [Unreleased]\n\n## [1.0.0] - 2027-01-02\n### Added\n- A thing.\n\n"
        "## [0.2.0] - 2026-11-25\n- Old.\n")
    with pytest.raises(release.ReleaseError, match="says nothing under"):
        release.move_unreleased("## [Unreleased]\n\n## [0.2.0] - 2026-11-25\n- Old.\n", "1.0.0", "2027-01-02")


@pytest.mark.slow
def test_make_release_on_a_throwaway_copy(tmp_path):
    """Refuses a dirty tree and an old version; then bumps every place, moves the changelog,
    records the release at its commit, and says what to push."""
    from conftest import repo_copy

    repo = repo_copy(tmp_path / "repo")
    (repo / "releases.toml").write_text(releases.HEADER + _record(("0.2.0", "2026-11-25", A)), encoding="utf-8")
    changelog = (repo / "CHANGELOG.md").read_text(encoding="utf-8")  # notes for the new edition
    (repo / "CHANGELOG.md").write_text(changelog.replace("## [Unreleased]\n", "## [Unreleased]\n\n### Added\n"
                                                         "- A test edition.\n", 1), encoding="utf-8")
    git(repo, "commit", "-qam", "a record of its own")
    env = {**os.environ, **GIT_ENV}

    def make_release(version: str) -> subprocess.CompletedProcess[str]:
        venv = Path(sys.prefix)  # this test run's environment
        return subprocess.run(["make", f"VENV={venv}", "-o", str(venv / ".installed"), "release",
                               f"VERSION={version}"], cwd=repo, capture_output=True, text=True, env=env)

    (repo / "data" / "README.md").write_text("uncommitted", encoding="utf-8")
    dirty = make_release("1.0.0")
    assert dirty.returncode != 0 and "uncommitted changes" in dirty.stderr and "data/README.md" in dirty.stderr
    git(repo, "checkout", "--", "data/README.md")
    old = make_release("0.2.0")
    assert old.returncode != 0 and "0.2.0 is not newer than the last release, 0.2.0" in old.stderr
    assert git(repo, "log", "-1", "--format=%s") == "a record of its own\n"

    done = make_release("1.0.0")
    assert done.returncode == 0, done.stdout + done.stderr
    today = git(repo, "log", "-1", "--format=%cs").strip()
    recorded = releases.read_record(repo)
    assert [(r.version, r.date) for r in recorded] == [("0.2.0", "2026-11-25"), ("1.0.0", today)]
    assert git(repo, "log", "-1", "--format=%s", recorded[-1].commit) == "Release v1.0.0\n"
    at_release = git(repo, "show", f"{recorded[-1].commit}:pyproject.toml")
    assert tomllib.loads(at_release)["project"]["version"] == "1.0.0"
    citation = yaml.safe_load(git(repo, "show", f"{recorded[-1].commit}:CITATION.cff"))
    assert (citation["version"], str(citation["date-released"])) == ("1.0.0", today)
    changelog = (repo / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## [Unreleased]\n\n## [1.0.0] - {today}\n" in changelog
    assert git(repo, "status", "--porcelain") == ""
    assert "git push origin main" in done.stdout


def test_without_chromium_the_pdfs_are_skipped_with_one_line_outside_ci_and_fail_under_ci(monkeypatch, tmp_path):
    monkeypatch.setattr(pdf, "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.delenv("CI", raising=False)
    said: list[str] = []
    assert site._pdf_available(said.append) is False
    assert said == [f"PDFs skipped: {tmp_path / 'no-chromium'} is missing; install it with `apt-get install chromium` "
                    "(Debian) to get each edition's PDF"]
    monkeypatch.setenv("CI", "true")
    with pytest.raises(RuntimeError, match="CI=true requires the PDFs"):
        site._pdf_available(said.append)
