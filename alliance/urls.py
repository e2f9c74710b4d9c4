"""Source URLs read the way a browser reads them.

A URL is parsed by the WHATWG URL Standard (the ``ada-url`` library, the parser of Node.js), not
by string splitting, so that the host the publisher check looks at is the host a reader's browser
would visit. Before parsing, the book asks more than a browser does, so that every accepted URL
means one thing to every parser: ``http``/``https`` only, at most :data:`MAX_LENGTH` characters, no
credentials (``user@``), no backslashes, no spaces or control characters, and no placeholders
(``https://www.mod.go.jp/...`` or an ``example.org`` address copied from a guide).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from ada_url import parse_url

__all__ = ["EXAMPLE_URL", "MAX_LENGTH", "PLACEHOLDER_DOMAINS", "host", "publisher_domain", "url_problem"]

#: Longest URL accepted (the longest in the data is about 200 characters).
MAX_LENGTH = 2000
#: Domains reserved for examples (RFC 2606): never a source.
PLACEHOLDER_DOMAINS = ("example.org", "example.com", "example.net")
#: A real address, shown in messages as the shape to follow.
EXAMPLE_URL = "https://www.mod.go.jp/en/"

_FORBIDDEN = re.compile(r"[\x00-\x20\x7f\\]")


_PARTS = ("protocol", "username", "password", "hostname")


def _parse(url: str) -> dict[str, str] | None:
    """The parts of ``url`` that the checks need, as the WHATWG URL Standard reads it; None if a
    browser could not open it."""
    try:
        return parse_url(url, attributes=_PARTS)
    except ValueError:
        return None


@lru_cache(maxsize=4096)  # tables repeat the same source URL on many rows
def host(url: str) -> str:
    """The host a browser visits for ``url`` (lower case, no trailing dot); "" if it cannot be parsed."""
    parsed = _parse(url)
    return parsed["hostname"].rstrip(".").lower() if parsed else ""


@lru_cache(maxsize=4096)
def url_problem(url: str) -> str | None:
    """Why ``url`` is not an acceptable source address (a message that says what to write), or None."""
    example = f"e.g. {EXAMPLE_URL}"
    if len(url) > MAX_LENGTH:
        return f"is {len(url):,} characters long; a source URL may have at most {MAX_LENGTH:,} ({example})"
    bad = _FORBIDDEN.search(url)
    if bad:
        char = bad.group()
        what = "a backslash" if char == "\\" else "a space" if char == " " else f"control character U+{ord(char):04X}"
        return (f"contains {what} at character {bad.start() + 1}: write the address as the browser's "
                f"address bar shows it, with spaces as %20 ({example})")
    scheme, sep, rest = url.partition("://")
    if not sep or scheme.lower() not in ("http", "https"):
        return f"must start with http:// or https:// ({example})"
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
    if "@" in authority:
        return f"has a user name or password before '@' in its host part; write the plain address ({example})"
    if url.endswith(("...", "…")):
        return f"is a placeholder ending in '...': paste the full address of the page you read ({example})"
    parsed = _parse(url)
    if parsed is None:
        return f"is not a URL a browser can open ({example})"
    if parsed["protocol"] not in ("http:", "https:") or parsed["username"] or parsed["password"]:
        return f"must be a plain http:// or https:// address ({example})"
    visited = parsed["hostname"].rstrip(".").lower()
    if any(visited == d or visited.endswith("." + d) for d in PLACEHOLDER_DOMAINS):
        return f"is an example address ({visited}), not a source: paste the address of the page you read ({example})"
    return None


def publisher_domain(url: str, domains: Iterable[str] | frozenset[str]) -> str | None:
    """The listed domain that a URL's host (as a browser reads it) is, or is a subdomain of
    (longest match), else None. Pass a frozenset to check many URLs against the same list: each
    check then costs one look-up per label of the host, whatever the length of the list."""
    listed = domains if isinstance(domains, frozenset) else frozenset(domains)
    labels = host(url).split(".")
    for start in range(len(labels)):  # longest suffix first
        candidate = ".".join(labels[start:])
        if candidate and candidate in listed:
            return candidate
    return None
