"""Patches to the pinned theme's HTML, applied by this Sphinx extension after the build:

* accessibility: the few places where the theme's markup fails WCAG 2.1 A/AA as axe-core checks
  it;
* weight: the pages stay light (the theme's 1.5 MB Font Awesome script, which redraws icons that
  its own CSS web fonts already draw, is not loaded; images below the fold load lazily).

Each patch replaces one exact fragment of markup, and says why. They are applied to every HTML page
when the build has finished (the files written to ``_build``, never a tracked file). A patch that
no longer matches after a theme upgrade simply stops applying; the browser tests (an axe-core audit
with no allow-list, and the page-weight budget) then fail, so an upgrade cannot silently undo them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

__all__ = ["PATCHES", "patched_html", "setup"]

#: (why, pattern, replacement): regular expressions over the page's HTML.
PATCHES: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("label-content-name-mismatch: the search field shows 'Search Ctrl+K' but is named 'Search'; "
     "without the aria-label its name is its visible text",
     re.compile(r'(<button class="btn search-button-field search-button__button[^"]*" title="Search") '
                r'aria-label="Search"'), r"\1"),
    ("label-content-name-mismatch: the colour-mode icons carry titles ('Light', 'Dark', …) that "
     "become text the button's name 'Color mode' does not contain; the button keeps its tooltip",
     re.compile(r'(<i class="theme-switch [^"]*" data-mode="\w+")\s+title="[^"]*"'), r"\1"),
    ("label-content-name-mismatch: MyST-NB names the code toggles 'Toggle hidden content' while "
     "they show 'Show code cell source'; their visible text is a better name",
     re.compile(r'<summary aria-label="Toggle hidden content">'), "<summary>"),
    ("label-content-name-mismatch: the version menu's button shows the edition ('v0.2.0') but is named "
     "'Version switcher list'; without the aria-label its name is its visible text",
     re.compile(r'(class="version-switcher__button[^"]*"(?:\s+[a-z-]+="[^"]*")*?)'
                r'\s+aria-label="Version switcher list"'),
     r"\1"),
    ("summary-name: the sidebar's section toggles hold only an icon",
     re.compile(r'<summary>(<span class="toctree-toggle" role="presentation">)'),
     r'<summary aria-label="Show or hide the pages of this section">\1'),
    ("aria-required-children: the bibliography is marked as a list but holds no list items",
     re.compile(r'<div role="list" class="citation-list">'), '<div class="citation-list">'),
    ("aria-deprecated-role: doc-biblioentry is deprecated in WAI-ARIA DPUB 1.1",
     re.compile(r' role="doc-biblioentry"'), ""),
    ("weight: Font Awesome's script (543 KB gzipped) turns icons into SVG; the theme's CSS already "
     "draws the same icons from its web fonts",
     re.compile(r'<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*"></script>\n?'), ""),
    ("weight: the book's figures (Sphinx copies them to _images/) load when the reader scrolls to them",
     re.compile(r'<img (?!loading=)([^>]*\bsrc="[^"]*_images/)'), r'<img loading="lazy" \1'),
)


def patched_html(text: str) -> str:
    """A page's HTML with every patch applied."""
    for _, pattern, replacement in PATCHES:
        text = pattern.sub(replacement, text)
    return text


def _patch_pages(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    for page in sorted(Path(app.outdir).rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        patched = patched_html(text)
        if patched != text:
            page.write_text(patched, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("build-finished", _patch_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
