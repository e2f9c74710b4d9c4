"""A PDF and an offline archive of one edition.

The PDF is the edition's ``singlehtml`` build printed by Debian's chromium through playwright (the
``pdfhtml`` builder wants to download its own browser, and the LaTeX route needs over a hundred
system packages). Before printing, a title page (title, edition, date) and a table of contents
(one line per chapter) are put in front, and print rules hide what only works on screen: the
sidebars, the header and its buttons, toggles, copy buttons, heading anchors and the footer;
code is hidden exactly where the web pages hide it. Pages are numbered in the footer. The PDF is
tagged (structure for screen readers) and has an outline (bookmarks) of the book's headings.

The archive is a ``.tar.gz`` of the edition's HTML that opens offline (``index.html`` in its top
folder); it is written deterministically (sorted names, no owners, fixed times).
"""

from __future__ import annotations

import gzip
import html
import io
import re
import tarfile
import zlib
from pathlib import Path

__all__ = ["CHROMIUM", "INSTALL_HINT", "LOAD_EVERY_IMAGE_JS", "PRINT_CSS", "chromium_available", "count_pages",
           "front_matter", "make_archive", "outline_titles", "print_pdf", "single_page"]

CHROMIUM = Path("/usr/bin/chromium")
INSTALL_HINT = "install it with `apt-get install chromium` (Debian) to get each edition's PDF"
PRINT_CSS = """
@page { size: A4; margin: 18mm 16mm 20mm 16mm; }
html { font-size: 13px !important; }
.bd-header, .bd-header-announcement, .bd-sidebar-primary, .bd-sidebar-secondary, .bd-header-article,
.bd-footer, .bd-footer-article, .bd-footer-content, .prev-next-area, .headerlink, .copybtn,
button, .toggle-details__summary, .dropdown-toggle, .version-switcher__container, .search-button,
.skip-link, #pst-back-to-top, .bookkit-downloads, .tag_hide-input > .cell_input,
.tag_remove-input > .cell_input { display: none !important; }
.bd-container, .bd-container__inner, .bd-page-width, .bd-main, .bd-content, .bd-article-container,
.bd-article { display: block !important; max-width: none !important; width: auto !important;
  margin: 0 !important; padding: 0 !important; overflow: visible !important; }
img, figure, .cell_output, table { break-inside: avoid; max-width: 100% !important; }
h1, h2, h3 { break-after: avoid; }
pre { white-space: pre-wrap !important; overflow-wrap: anywhere; }
span[id^="document-"] + section > :is(h2, h3):first-child { break-before: page; }
.bookkit-title { break-after: page; text-align: center; padding-top: 30vh; }
.bookkit-title h1 { font-size: 2.2em; }
.bookkit-toc { break-after: page; }
.bookkit-toc li { margin: 0.3em 0; }
"""
FOOTER = ('<div style="font-size:9px;width:100%;text-align:center;color:#555;">'
          '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')
PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def chromium_available() -> bool:
    """Whether Debian's chromium is installed where playwright is told to find it."""
    return CHROMIUM.is_file()


def single_page(folder: Path) -> Path:
    """The one page of a ``singlehtml`` build (its ``index.html`` may only redirect to it). Its
    links are relative to the build's root even when the page sits in a subfolder (the root
    document ``book/intro``), so it is printed from a copy at the root."""
    index = folder / "index.html"
    match = re.search(r'url=([^"\']+)"', index.read_text(encoding="utf-8"))
    return folder / match.group(1) if match else index


def front_matter(title: str, edition: str, date: str, chapters: list[tuple[str, str]]) -> str:
    """The title page and table of contents put before the book: ``chapters`` are
    (anchor, title) pairs in reading order. All text is escaped."""
    items = "".join(f'<li><a href="#{html.escape(anchor, quote=True)}">{html.escape(name)}</a></li>'
                    for anchor, name in chapters)
    return (f'<div class="bookkit-title"><h1>{html.escape(title)}</h1>'
            f"<p>Edition {html.escape(edition)}</p><p>{html.escape(date)}</p></div>"
            f'<nav class="bookkit-toc"><h2>Contents</h2><ol>{items}</ol></nav>')


#: Reads (anchor, title) of every document in a singlehtml page, in order.
#: Turn the pages' lazily loaded images into eager ones and wait until every image has loaded.
LOAD_EVERY_IMAGE_JS = """async () => {
  const images = Array.from(document.images);
  images.forEach(image => { image.loading = "eager"; });
  await Promise.all(images.map(image => image.complete ? null : new Promise(done => {
    image.addEventListener("load", done, {once: true});
    image.addEventListener("error", done, {once: true});
  })));
}"""
_CHAPTERS_JS = """() => Array.from(document.querySelectorAll('span[id^="document-"]')).map(span => {
  const section = span.nextElementSibling;
  const heading = section && section.querySelector('h1, h2, h3');
  const own = heading ? Array.from(heading.childNodes).filter(n => !(n.classList && n.classList.contains('headerlink')))
    : [];
  const text = heading ? own.map(n => n.textContent).join('').trim() : span.id.slice('document-'.length);
  return [span.id, text];
})"""


def count_pages(data: bytes) -> int:
    """The number of pages of a PDF (its ``/Type /Page`` objects)."""
    return len(PAGE.findall(data))


_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
_TITLE = re.compile(rb"/Title\s*(<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\))")


def _pdf_string(token: bytes) -> str:
    """A PDF text string (hex or literal; UTF-16 with a byte-order mark, or PDFDocEncoding)."""
    if token.startswith(b"<"):
        raw = bytes.fromhex(re.sub(rb"\s", b"", token[1:-1]).decode("ascii"))
    else:
        raw = re.sub(rb"\\(.)", lambda m: {b"n": b"\n", b"r": b"\r", b"t": b"\t"}.get(m[1], m[1]), token[1:-1])
    return raw[2:].decode("utf-16-be") if raw.startswith(b"\xfe\xff") else raw.decode("latin-1")


def outline_titles(data: bytes) -> list[str]:
    """The titles of a PDF's outline entries (bookmarks) and document title, in file order,
    including those inside compressed object streams; runs of white space (a heading's line
    break) read as one space."""
    inflated = []
    for match in _STREAM.finditer(data):
        try:
            inflated.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue  # an image or a stream that is not deflated: no titles in it
    return [" ".join(_pdf_string(m.group(1)).split()) for blob in (data, *inflated) for m in _TITLE.finditer(blob)]


def print_pdf(singlehtml: Path, target: Path, title: str, edition: str, date: str) -> int:
    """Print a ``singlehtml`` build (its folder or page) to ``target``; return the page count."""
    from playwright.sync_api import sync_playwright

    folder = singlehtml.parent if singlehtml.name == "index.html" else singlehtml
    page_file = folder / "bookkit-print.html"
    page_file.write_bytes(single_page(folder).read_bytes())
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM),
                                    args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                          "--disable-background-networking", "--disable-component-update"])
        try:
            page = browser.new_page()
            page.goto(page_file.resolve().as_uri(), wait_until="load")
            page.emulate_media(media="print")
            # The web pages load their images lazily; a printed book needs every one of them now.
            page.evaluate(LOAD_EVERY_IMAGE_JS)
            missing = page.evaluate("() => Array.from(document.images).filter(i => !i.complete || !i.naturalWidth)"
                                    ".map(i => i.getAttribute('src'))")
            if missing:
                raise RuntimeError(f"{len(missing)} image(s) of the book did not load for the PDF: {missing[:3]}")
            chapters = [(a, t) for a, t in page.evaluate(_CHAPTERS_JS)]
            page.add_style_tag(content=PRINT_CSS)
            matter = front_matter(title, edition, date, chapters)
            page.evaluate("html => document.querySelector('main, body').insertAdjacentHTML('afterbegin', html)",
                          matter)
            page.evaluate("() => document.fonts.ready")
            data = page.pdf(format="A4", print_background=True, display_header_footer=True, outline=True, tagged=True,
                            header_template="<div></div>", footer_template=FOOTER,
                            margin={"top": "18mm", "bottom": "20mm", "left": "16mm", "right": "16mm"})
        finally:
            browser.close()
    target.write_bytes(data)
    return count_pages(data)


def make_archive(folder: Path, target: Path, top: str) -> None:
    """A deterministic ``.tar.gz`` of ``folder`` under the top folder ``top``."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for path in sorted(folder.rglob("*")):
            info = tar.gettarinfo(str(path), arcname=f"{top}/{path.relative_to(folder).as_posix()}")
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            info.mtime = 0
            info.mode = 0o755 if path.is_dir() else 0o644
            if path.is_file():
                with open(path, "rb") as fh:
                    tar.addfile(info, fh)
            elif path.is_dir():
                tar.addfile(info)
    with open(target, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        gz.write(buffer.getvalue())
