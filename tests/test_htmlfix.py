"""The theme's HTML, patched for WCAG 2.1 A/AA and for weight: each patch on the markup the pinned theme writes."""

from __future__ import annotations

from bookkit.htmlfix import patched_html


def test_search_field_is_named_by_its_visible_text():
    html = ('<button class="btn search-button-field search-button__button pst-js-only" title="Search" '
            'aria-label="Search" data-bs-placement="bottom">')
    assert patched_html(html) == ('<button class="btn search-button-field search-button__button pst-js-only" '
                                     'title="Search" data-bs-placement="bottom">')


def test_icon_only_search_button_keeps_its_label():
    html = ('<button class="btn btn-sm pst-navbar-icon search-button search-button__button" title="Search" '
            'aria-label="Search">')
    assert patched_html(html) == html


def test_colour_mode_icons_lose_their_titles_and_toggles_their_wrong_names():
    html = ('<i class="theme-switch fa-solid fa-sun fa-lg" data-mode="light" title="Light"></i>'
            '<summary aria-label="Toggle hidden content"><p>Show code cell source</p></summary>'
            '<summary><span class="toctree-toggle" role="presentation"><i></i></span></summary>')
    assert patched_html(html) == (
        '<i class="theme-switch fa-solid fa-sun fa-lg" data-mode="light"></i>'
        "<summary><p>Show code cell source</p></summary>"
        '<summary aria-label="Show or hide the pages of this section"><span class="toctree-toggle" '
        'role="presentation"><i></i></span></summary>')


def test_bibliography_is_not_announced_as_an_empty_list():
    html = '<div role="list" class="citation-list"><div class="citation" id="id5" role="doc-biblioentry">'
    assert patched_html(html) == '<div class="citation-list"><div class="citation" id="id5">'


def test_font_awesome_script_is_dropped_and_images_load_lazily():
    html = ('<script defer src="../_static/scripts/fontawesome.js?digest=55c26ed414f5f8a31ebb"></script>\n'
            '<script src="../_static/doctools.js"></script>'
            '<img alt="A chart" src="../_images/a.png" width="600px" /><img loading="eager" src="../_images/b.png">'
            '<img alt="Binder logo" src="../_static/images/logo_binder.svg">')
    assert patched_html(html) == ('<script src="../_static/doctools.js"></script>'
                                  '<img loading="lazy" alt="A chart" src="../_images/a.png" width="600px" />'
                                  '<img loading="eager" src="../_images/b.png">'
                                  '<img alt="Binder logo" src="../_static/images/logo_binder.svg">')  # the theme's own


def test_version_menu_is_named_by_the_edition_it_shows():
    html = ('<button id="b" type="button"\n    class="version-switcher__button btn btn-sm dropdown-toggle"\n'
            '    data-bs-toggle="dropdown"\n    aria-haspopup="listbox"\n    aria-controls="l"\n'
            '    aria-label="Version switcher list"\n  >')
    assert patched_html(html) == ('<button id="b" type="button"\n    class="version-switcher__button btn btn-sm '
                                  'dropdown-toggle"\n    data-bs-toggle="dropdown"\n    aria-haspopup="listbox"\n'
                                  '    aria-controls="l"\n  >')
