"""A Sphinx extension for the book: the ``data-changes`` and ``citation-cff`` directives, and
CSV downloads served as files.

``{data-changes}`` renders, at build time, a table of the rows added, changed and removed in each
data table for every recorded release (see :mod:`bookkit.history`). It reads git and the release
record, and writes nothing tracked. Config values: ``bookkit_git_repo`` (default: the source
folder), ``bookkit_edition_ref`` (default ``HEAD``) and ``bookkit_releases`` (default: the source
folder's ``releases.toml``; the site builder passes the record of the branch it publishes, so
that a release's own page lists it).

``{citation-cff}`` renders the repository's ``CITATION.cff`` as a reference and a BibTeX entry,
so that the how-to-cite page can never disagree with the file GitHub and Zenodo read.

Downloads: a notebook output carries each chart's and table's data as a link with a base64
``data:`` URI (``alliance.figures.style.download_link``, class ``alliance-download``), so the notebook
works on its own. In the HTML build each such payload is written to a file beside the page,
``_downloads/<page>/<filename>``, and the link points to it, so the page does not carry a second
copy of the data (it still works offline).
"""

from __future__ import annotations

import base64
import binascii
import html
import posixpath
import re
import subprocess
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from bookkit.history import edition_changes
from bookkit.releases import Release, read_record

HEADERS = ("Edition", "Compared with", "Table", "Rows added", "Rows changed", "Rows removed")
NO_HISTORY = ("This copy of the book has no git history, so the changes in the data between editions "
              "cannot be counted here; see the repository.")


def _row(cells: tuple[str, ...]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        entry += nodes.paragraph(text=cell)
        row += entry
    return row


class DataChanges(SphinxDirective):
    """Table of data changes per edition, newest first."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        repo = Path(self.config.bookkit_git_repo or self.env.srcdir)
        if self.config.bookkit_releases is None:
            releases = read_record(Path(self.env.srcdir))
        else:
            releases = [Release(*entry) for entry in self.config.bookkit_releases]
        try:
            editions = edition_changes(repo, releases, self.config.bookkit_edition_ref)
        except (subprocess.CalledProcessError, FileNotFoundError):
            return [nodes.paragraph(text=NO_HISTORY)]
        rows = []
        for name, previous, changes in editions:
            changed = [c for c in changes if c.added or c.changed or c.removed]
            if not changed:
                rows.append((name, previous or "(none)", "(no data changes)", "0", "0", "0"))
            rows += [(name, previous or "(none)", c.table, str(c.added), str(c.changed), str(c.removed))
                     for c in changed]
        table = nodes.table(classes=["alliance-data-changes"])
        group = nodes.tgroup(cols=len(HEADERS))
        table += group
        group.extend(nodes.colspec(colwidth=1) for _ in HEADERS)
        head, body = nodes.thead(), nodes.tbody()
        head += _row(HEADERS)
        body.extend(_row(r) for r in rows)
        group += head
        group += body
        return [table]


def citation_text(cff: dict[str, Any]) -> tuple[str, str]:
    """A reference line and a BibTeX entry from a parsed CITATION.cff."""
    authors = [a.get("name") or " ".join(p for p in (a.get("given-names"), a.get("family-names")) if p)
               for a in cff.get("authors", [])]
    year = str(cff.get("date-released", ""))[:4]
    url = cff.get("url") or cff.get("repository-code", "")
    version = cff.get("version", "")
    reference = f"{'; '.join(authors)} ({year}). {cff['title']}, version {version}. {url}".strip()
    key = "alliance-book-" + (year or "nd")
    bibtex = "\n".join([
        f"@software{{{key},",
        f"  author  = {{{' and '.join('{' + a + '}' for a in authors)}}},",
        f"  title   = {{{cff['title']}}},",
        f"  year    = {{{year}}},",
        f"  version = {{{version}}},",
        f"  url     = {{{url}}}",
        "}",
    ])
    return reference, bibtex


class CitationCff(SphinxDirective):
    """The reference and BibTeX entry of the book, read from CITATION.cff at build time."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        import yaml

        path = Path(self.config.bookkit_citation_file or Path(self.env.srcdir) / "CITATION.cff")
        self.env.note_dependency(str(path))
        cff = yaml.safe_load(path.read_text(encoding="utf-8"))
        reference, bibtex = citation_text(cff)
        message = nodes.paragraph(text=cff.get("message", ""))
        cite = nodes.paragraph(text=reference, classes=["alliance-citation"])
        block = nodes.literal_block(bibtex, bibtex, language="bibtex")
        return [message, cite, block]


DOWNLOAD_TAG = re.compile(r'<a\b[^>]*\bclass="(?:[^"]*\s)?alliance-download(?:\s[^"]*)?"[^>]*>')
DATA_HREF = re.compile(r'\bhref="data:[^";,]*(?:;charset=[^";,]*)?;base64,(?P<payload>[A-Za-z0-9+/=]*)"')
DOWNLOAD_NAME = re.compile(r'\bdownload="(?P<name>[^"]*)"')
DOWNLOADS = "_downloads"


def safe_filename(name: str) -> str:
    """A download's file name reduced to letters, digits, ``.``, ``-`` and ``_`` (no folders)."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]", "_", html.unescape(name).rsplit("/", 1)[-1]).lstrip(".")
    return cleaned or "download"


def extract_downloads(body: str, pagename: str) -> tuple[str, dict[str, bytes]]:
    """The page's HTML with every ``alliance-download`` link's data URI replaced by a link to a
    file ``_downloads/<page>/<name>`` (relative to the page), and those files' contents by path."""
    files: dict[str, bytes] = {}
    page_dir = posixpath.dirname(pagename) or "."

    def to_file(tag: re.Match[str]) -> str:
        href, name = DATA_HREF.search(tag[0]), DOWNLOAD_NAME.search(tag[0])
        if not href:
            return tag[0]
        try:
            payload = base64.b64decode(href["payload"], validate=True)
        except binascii.Error:
            return tag[0]  # not a payload we can write: leave the link as the notebook wrote it
        path = posixpath.join(DOWNLOADS, pagename, safe_filename(name["name"] if name else ""))
        files[path] = payload
        relative = html.escape(posixpath.relpath(path, page_dir), quote=True)
        return tag[0][:href.start()] + f'href="{relative}"' + tag[0][href.end():]

    return DOWNLOAD_TAG.sub(to_file, body), files


def _write_downloads(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                     doctree: object) -> None:
    """``html-page-context``: move the page's data-URI downloads into files beside it."""
    if app.builder.name != "html" or "body" not in context:
        return
    body, files = extract_downloads(context["body"], pagename)
    for path, payload in files.items():
        target = Path(app.outdir, path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(payload)
    context["body"] = body


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("bookkit_git_repo", None, "env")
    app.add_config_value("bookkit_edition_ref", "HEAD", "env")
    app.add_config_value("bookkit_releases", None, "env")
    app.add_config_value("bookkit_citation_file", None, "env")
    app.add_directive("data-changes", DataChanges)
    app.add_directive("citation-cff", CitationCff)
    app.connect("html-page-context", _write_downloads)
    _hide_code_in_single_page(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def _hide_code_in_single_page(app: Sphinx) -> None:
    """MyST-NB draws its code toggles (``hide-input``) for the ``html`` builder only, so the
    single-page build the PDF is printed from fails on them; give it the same drawing."""
    from myst_nb.sphinx_ import HideCodeCellNode, depart_HideCellInput, visit_HideCellInput

    app.add_node(HideCodeCellNode, override=True, html=(visit_HideCellInput, depart_HideCellInput),
                 singlehtml=(visit_HideCellInput, depart_HideCellInput))
