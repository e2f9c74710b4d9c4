"""``make it-mine``: give a fork its own title, author and repository everywhere they appear.

One command instead of a list of files to remember. It rewrites, keeping everything else of each
file byte for byte:

* ``_config.yml``: ``title``, ``author``, ``repository.url`` (the repository, issues, Binder and
  Colab buttons all follow it) and the footer's identity line (``html.extra_footer``);
* ``CITATION.cff``: ``title``, ``authors``, ``repository-code`` (the cite page is generated from it);
* ``book/intro.md`` and ``README.md``: the top heading (the home page, its sidebar link and the
  "previous" links of other pages);
* the Colab set-up cell of every notebook that has one (it installs the package from the fork).
  The cell's text is not a notebook input, so this stales no notebook.

The version and release date in ``CITATION.cff`` are left alone: set them when you publish an
edition (see the fork guide). ``pyproject.toml`` is left alone too (it names no repository), so
the next ``make`` does not set up ``.venv`` again.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from pathlib import Path

__all__ = ["identity_footer", "make_it_mine", "parse_repository"]

GITHUB = re.compile(r"^https://github\.com/(?P<owner>[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)/"
                    r"(?P<name>[A-Za-z0-9._-]+?)(?:\.git)?/?$")
FOOTER_CLASS = "alliance-identity"
USAGE = 'make it-mine TITLE="Your title" AUTHOR="Your name" REPO=https://github.com/you/your-fork'


def parse_repository(url: str) -> str:
    """The canonical ``https://github.com/OWNER/NAME`` of a fork, or a ValueError saying why not
    (the Binder and Colab buttons only know GitHub repositories)."""
    match = GITHUB.match(url.strip())
    if not match:
        raise ValueError(f"REPO {url!r} is not a GitHub repository address: write it as "
                         "https://github.com/OWNER/NAME (the launch buttons need GitHub)")
    return f"https://github.com/{match['owner']}/{match['name']}"


def _yaml_string(text: str) -> str:
    """A double-quoted YAML scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def identity_footer(title: str, author: str, repo: str) -> str:
    """The footer line naming the book, its author and its repository (HTML)."""
    return (f'<p class="{FOOTER_CLASS}"><a href="{html.escape(repo)}">{html.escape(title, quote=False)}</a>, '
            f"by {html.escape(author, quote=False)}.</p>")


def _sub_line(text: str, pattern: str, line: str, where: str) -> str:
    """Replace the one line matching ``pattern`` (multiline regex) by ``line``."""
    new, count = re.subn(pattern, lambda _: line, text, count=1, flags=re.MULTILINE)
    if count != 1:
        raise ValueError(f"{where}: no line matching {pattern!r} to rewrite")
    return new


def _config(text: str, title: str, author: str, repo: str) -> str:
    text = _sub_line(text, r"^title: .*$", f"title: {_yaml_string(title)}", "_config.yml")
    text = _sub_line(text, r"^author: .*$", f"author: {_yaml_string(author)}", "_config.yml")
    text = _sub_line(text, r"(?<=^repository:\n)  url: .*$", f"  url: {repo}", "_config.yml")
    footer = re.search(r"^  extra_footer: \|\n((?:    .*\n|\n)*)", text, flags=re.MULTILINE)
    if not footer:
        raise ValueError("_config.yml: no html.extra_footer block (`  extra_footer: |`) to rewrite")
    kept = [line for line in footer[1].splitlines(keepends=True) if f'class="{FOOTER_CLASS}"' not in line]
    block = f"    {identity_footer(title, author, repo)}\n" + "".join(kept)
    return text[:footer.start(1)] + block + text[footer.end(1):]


def _citation(text: str, title: str, author: str, repo: str) -> str:
    text = _sub_line(text, r"^title: .*$", f"title: {_yaml_string(title)}", "CITATION.cff")
    text = _sub_line(text, r"^authors:\n(?:[ -].*\n)*", f"authors:\n  - name: {_yaml_string(author)}\n",
                     "CITATION.cff")
    text = _sub_line(text, r"^repository-code: .*$", f"repository-code: {_yaml_string(repo)}", "CITATION.cff")
    if re.search(r"^url: ", text, flags=re.MULTILINE):
        text = _sub_line(text, r"^url: .*$", f"url: {_yaml_string(repo)}", "CITATION.cff")
    return text


def _heading(text: str, title: str, where: str) -> str:
    return _sub_line(text, r"\A# .*$", f"# {title}", where)


def _setup_cells(root: Path, repo: str) -> list[Path]:
    """Point the set-up cell of every notebook that has one at the fork."""
    import nbformat

    from bookkit import colab

    source = colab.setup_cell_source(repo, colab.edition_ref(root))
    changed = []
    for path in sorted((root / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        if not any(c.get("id") == colab.SETUP_CELL_ID for c in nb.cells):
            continue
        if colab.apply_setup_cell(nb, source):
            with open(path, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(nbformat.writes(nb) + "\n")
            changed.append(path)
    return changed


def make_it_mine(root: Path, title: str, author: str, repo: str,
                 say: Callable[[str], object] = print) -> list[Path]:
    """Set the fork's title, author and repository in every place they appear; return the files
    changed (none when they already match)."""
    for name, value in (("TITLE", title), ("AUTHOR", author)):
        if not value.strip():
            raise ValueError(f"{name} is empty: {USAGE}")
        if "\n" in value:
            raise ValueError(f"{name} must be one line")
    title, author, repo = title.strip(), author.strip(), parse_repository(repo)
    edits: dict[str, Callable[[str], str]] = {
        "_config.yml": lambda t: _config(t, title, author, repo),
        "CITATION.cff": lambda t: _citation(t, title, author, repo),
        "book/intro.md": lambda t: _heading(t, title, "book/intro.md"),
        "README.md": lambda t: _heading(t, title, "README.md"),
    }
    new_texts = {}
    for name, edit in edits.items():  # compute every edit first: a file that cannot be edited changes nothing
        old = (root / name).read_text(encoding="utf-8")
        new_texts[name] = (old, edit(old))
    changed = []
    for name, (old, new) in new_texts.items():
        if new != old:
            with open(root / name, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(new)
            changed.append(root / name)
    changed += _setup_cells(root, repo)
    for path in changed:
        say(f"updated {path.relative_to(root).as_posix()}")
    say("Nothing changed: the book is already yours." if not changed else
        "Now run `make book` and commit the changes.")
    return changed
