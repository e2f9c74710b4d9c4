"""Digests of a notebook's inputs that change only when the outputs could.

Python code is hashed on its syntax tree with docstrings removed (``ast.dump`` without line
numbers), so comments, docstrings, blank lines and formatting leave the digest unchanged while
any change to what the code does changes it. Other files are hashed on their bytes, with line
ends normalised (a CRLF checkout hashes the same).
"""

from __future__ import annotations

import ast
import functools
import hashlib
from pathlib import Path

__all__ = ["code_digest", "file_digest", "input_digest", "text_digest"]


def text_digest(data: bytes) -> str:
    """SHA-256 of ``data``, in hex."""
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path) -> str:
    """Digest of a file's bytes with CRLF line ends read as LF."""
    return text_digest(path.read_bytes().replace(b"\r\n", b"\n"))


def _without_docstrings(tree: ast.AST) -> ast.AST:
    """Drop the docstring of the module and of every class and function (in place)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str):
                node.body = body[1:] or [ast.Pass()]
    return tree


@functools.lru_cache(maxsize=4096)
def code_digest(source: str) -> str:
    """Digest of Python code that ignores comments, docstrings and formatting.

    Code that does not parse (an IPython magic in a notebook cell, say) is hashed as text. The
    digest is a pure function of the text, so it is cached by text (checking every notebook reads
    the same modules and cells again)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return text_digest(source.replace("\r\n", "\n").encode("utf-8"))
    dump = ast.dump(_without_docstrings(tree), annotate_fields=True, include_attributes=False)
    return text_digest(dump.encode("utf-8"))


def input_digest(path: Path) -> str:
    """The digest recorded for one input file: by syntax tree for ``.py``, by bytes otherwise;
    ``"missing"`` when the file is gone."""
    if not path.is_file():
        return "missing"
    if path.suffix == ".py":
        return code_digest(path.read_text(encoding="utf-8"))
    return file_digest(path)
