"""alliance.urls: source URLs read as a browser reads them (hosts worked out by hand)."""

from __future__ import annotations

import pytest

from alliance.urls import host, publisher_domain, url_problem


@pytest.mark.parametrize(
    ("url", "visited"),
    [("https://evil.net\\@www.mofa.go.jp/", "evil.net"),  # a browser reads the backslash as a slash
     ("https://www.mofa.go.jp\\@evil.net/", "www.mofa.go.jp"),
     ("HTTPS://WWW.MOFA.GO.JP./a", "www.mofa.go.jp"),
     ("https://%77ww.mofa.go.jp/", "www.mofa.go.jp"),
     ("not a url", "")],
)
def test_host_is_the_one_a_browser_visits(url, visited):
    assert host(url) == visited


def test_the_publisher_check_follows_the_browser():
    assert publisher_domain("https://evil.net\\@www.mofa.go.jp/", ["mofa.go.jp"]) is None
    assert publisher_domain("https://www.mofa.go.jp/a", ["mofa.go.jp"]) == "mofa.go.jp"


@pytest.mark.parametrize(
    ("url", "teaches"),
    [("https://evil.net\\@www.mofa.go.jp/", "contains a backslash at character 17"),
     ("https://user:pw@www.mofa.go.jp/", "has a user name or password before '@'"),
     ("https://www.mofa.go.jp/a b", "contains a space at character 25"),
     ("https://www.mofa.go.jp/\ta", "contains control character U+0009 at character 24"),
     ("javascript:alert(1)", "must start with http:// or https://"),
     ("ftp://www.mofa.go.jp/", "must start with http:// or https://"),
     ("https://www.mod.go.jp/...", "is a placeholder ending in '...'"),
     ("https://www.mod.go.jp/j/…", "is a placeholder ending in '...'"),
     ("https://example.com/page", "is an example address (example.com)"),
     ("https://docs.example.net/", "is an example address (docs.example.net)"),
     ("https://" + "a" * 2000 + ".jp/", "is 2,012 characters long; a source URL may have at most 2,000"),
     ("https://[::1/", "is not a URL a browser can open")],
)
def test_unacceptable_urls_are_refused_with_the_fix(url, teaches):
    problem = url_problem(url)
    assert problem is not None and teaches in problem
    assert "e.g. https://www.mod.go.jp/en/" in problem


@pytest.mark.parametrize("url", ["https://www.mofa.go.jp/na/st/page4e_000239.html", "http://www.mod.go.jp/j/",
                                 "https://www.iso.org/obp/ui/#iso:code:3166:AU", "https://a.example.jp/x?y=1"])
def test_ordinary_source_urls_pass(url):
    assert url_problem(url) is None
