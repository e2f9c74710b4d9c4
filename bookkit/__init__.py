"""The book's tooling, kept apart from the analysis package :mod:`alliance`.

* :mod:`bookkit.notebooks`: execute notebooks and keep them fresh (their recorded inputs are the
  code cells, the first-party modules they imported, ``requirements.txt`` and the data they read);
* :mod:`bookkit.fingerprint`: digests of those inputs (Python code by its syntax tree, so comments,
  docstrings and formatting never stale a notebook);
* :mod:`bookkit.releases`: the tracked release record (``releases.toml``), the source of truth for
  editions;
* :mod:`bookkit.release`: ``make release VERSION=X.Y.Z``;
* :mod:`bookkit.history`: what changed in the data between editions;
* :mod:`bookkit.site` and :mod:`bookkit.pdf`: the versioned site, with a PDF and an offline archive
  of every released edition;
* :mod:`bookkit.sphinxext`: the book's Sphinx extension;
* :mod:`bookkit.htmlfix`: accessibility and weight patches to the theme's built pages;
* :mod:`bookkit.cli`: ``python -m bookkit notebooks | site | release | latest-release``.

Notebooks never import this package, so a change here stales no notebook.
"""
