"""The real editions from a clean clone without tags: `make site` (``python -m bookkit site``)
builds every release in ``releases.toml`` from its own commit, plus dev, each release with a PDF
and an offline archive; a second run takes every edition from the cache.

The clone is of this repository's committed history (``git clone --no-tags``), with ``main`` at
the commit checked out here. The chapter titles the PDF must carry are read from each edition's
own HTML pages, not from the PDF code. Needs chromium (skips outside CI without it).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from bookkit import pdf
from bookkit.releases import read_record
from conftest import ROOT, git

pytestmark = pytest.mark.slow


def _page_title(page: Path) -> str:
    """The page's own heading: the first ``h1`` with a heading anchor, as text."""
    import html

    headings = re.findall(r"<h1[^>]*>(.*?)</h1>", page.read_text(encoding="utf-8"), re.S)
    own = next(h for h in headings if 'class="headerlink"' in h)
    return html.unescape(re.sub(r"<a class=\"headerlink\".*?</a>|<[^>]+>", "", own, flags=re.S)).strip()


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, list[str], str]:
    if not pdf.chromium_available():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{pdf.CHROMIUM} is missing, and CI=true requires it: {pdf.INSTALL_HINT}")
        pytest.skip(f"{pdf.CHROMIUM} is missing; {pdf.INSTALL_HINT}")
    base = tmp_path_factory.mktemp("editions")
    head = git(ROOT, "rev-parse", "HEAD").strip()
    clone = base / "clone"
    subprocess.run(["git", "clone", "-q", "--no-tags", "--no-checkout", str(ROOT), str(clone)], check=True)
    git(clone, "checkout", "-q", "-B", "main", head)
    for tag in git(clone, "tag", "--list").split():
        git(clone, "tag", "-d", tag)
    runs = []
    for _ in range(2):
        result = subprocess.run([sys.executable, "-m", "bookkit", "site", "--out", str(base / "site")], cwd=clone,
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
        runs.append(result.stdout)
    return base / "site", [r.name for r in read_record(clone)], "\n".join(runs)


def test_every_recorded_release_and_dev_are_built_without_tags(built):
    site, releases, _ = built
    assert releases[:2] == ["v0.1.0", "v0.2.0"]
    entries = json.loads((site / "versions.json").read_text(encoding="utf-8"))
    assert [e["version"] for e in entries] == [*reversed(releases), "dev"]
    assert [e["version"] for e in entries if e.get("preferred")] == [releases[-1]]
    for name in [*releases, "dev"]:
        assert (site / name / "book" / "intro.html").is_file()


def test_each_release_has_a_pdf_with_every_chapter_and_an_archive(built):
    site, releases, _ = built
    for name in releases:
        data = (site / name / f"alliance-book-{name}.pdf").read_bytes()
        assert pdf.count_pages(data) >= 20, name
        # chromium's bookmarks drop the spaces at a heading's line breaks: compare without spaces
        titles = {"".join(t.split()) for t in pdf.outline_titles(data)}
        chapters = [*sorted((site / name / "notebooks").glob("*.html")), site / name / "book" / "intro.html"]
        for page in chapters:
            assert "".join(_page_title(page).split()) in titles, (name, page.name)
        with tarfile.open(site / name / f"alliance-book-{name}.tar.gz") as tar:
            assert f"alliance-book-{name}/book/intro.html" in tar.getnames()


def test_the_second_run_takes_every_edition_from_the_cache(built):
    _, releases, output = built
    second = output.split("Built ")[1]
    for name in [*releases, "dev"]:
        assert f"{name}: from the cache" in second
