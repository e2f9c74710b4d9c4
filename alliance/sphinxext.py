"""A Sphinx extension for the book: the ``data-changes`` and ``citation-cff`` directives.

``{data-changes}`` renders, at build time, a table of the rows added, changed and removed in each
data table for every edition (see :mod:`alliance.history`). It reads git, never a tracked file,
so a build rewrites nothing. Config values: ``alliance_git_repo`` (default: the source folder)
and ``alliance_edition_ref`` (default ``HEAD``), which the site builder sets for each edition.

``{citation-cff}`` renders the repository's ``CITATION.cff`` as a reference and a BibTeX entry,
so that the how-to-cite page can never disagree with the file GitHub and Zenodo read.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from alliance.history import edition_changes

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
        repo = Path(self.config.alliance_git_repo or self.env.srcdir)
        try:
            editions = edition_changes(repo, self.config.alliance_edition_ref)
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

        path = Path(self.config.alliance_citation_file or Path(self.env.srcdir) / "CITATION.cff")
        self.env.note_dependency(str(path))
        cff = yaml.safe_load(path.read_text(encoding="utf-8"))
        reference, bibtex = citation_text(cff)
        message = nodes.paragraph(text=cff.get("message", ""))
        cite = nodes.paragraph(text=reference, classes=["alliance-citation"])
        block = nodes.literal_block(bibtex, bibtex, language="bibtex")
        return [message, cite, block]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("alliance_git_repo", None, "env")
    app.add_config_value("alliance_edition_ref", "HEAD", "env")
    app.add_config_value("alliance_citation_file", None, "env")
    app.add_directive("data-changes", DataChanges)
    app.add_directive("citation-cff", CitationCff)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
