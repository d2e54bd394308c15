"""The page pipeline: everything the build does to pages and to the site after the chain, for
any front end (builder/frontends/). It imports nothing from MkDocs or Zensical.

A front end makes one Site from the prepared chain, activates the Markdown extension with it
(builder/pages/markdown.py), and then:

1. renders pages with its own theme; the extension calls markdown_lines() for each page;
2. passes every page's HTML, whatever its kind, through finish_page(), the one function that
   finishes a page: the 404 page's links, the search dialog's name, the dataset note, a
   notebook page's download links, the demos' scripts and styles, and last the CSP;
3. after the build, calls finish_site(): each demo's page of its own, the Jupyter helper,
   the notebook downloads, and the offline zip (builder/offline_zip.py does that part).
"""

import functools
import html as html_text
import posixpath
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from builder import paths
from builder.chain import Prepared
from builder.errors import BuildError
from builder.for_readers.demo_options import OptionSpec
from builder.kit.vendor import vendor_site_path
from builder.pages import csp, page_fixes, standalone, widget_wheel
from builder.pages.dataset_notice import dataset_notice
from builder.pages.embeds import transform
from builder.pages.markdown import PageRef
from builder.pages.notebooks import Notebooks, download_links, find_notebooks, write_downloads
from builder.pages.questions import Course
from builder.pages.questions.course import PLACEHOLDER as QUESTIONS
from builder.pages.render import DemoRenderer, add_page_assets, relative_base
from builder.pages.special import credits, downloads

JUPYTER_HELPER_SOURCE = Path(__file__).resolve().parents[1] / "for_readers" / "show_demo.py"
_DEMO = re.compile(r'\sdata-cnn-demo="([a-z0-9-]+)"')
_QUESTIONS = re.compile(r"\sdata-cnn-(?:question=|answers\b)")
_ARTICLE = re.compile(r'<article\b[^>]*>')
_STYLESHEET = re.compile(r'<link\b[^>]*\brel="stylesheet"[^>]*>')
_HREF = re.compile(r'\bhref="([^"]+)"')
_BODY = re.compile(r"<body\b([^>]*)>")
_COLOR = re.compile(r'\s(data-md-color-[a-z]+)="([^"]*)"')


@dataclass(frozen=True)
class FrontEnd:
    """What a front end tells the pipeline about the site it builds."""
    name: str  # "mkdocs" or "zensical": the theme the credits name
    site_name: str
    use_directory_urls: bool
    serve: bool  # a development server: no CSP (its live reload injects scripts no hash allows)
    nav: tuple[str, ...] = ()  # the docs folder's pages in the order of the nav (nav_pages)


def nav_pages(nav: Any) -> tuple[str, ...]:
    """The pages a nav (mkdocs.yml's, as YAML reads it) lists, in order; links are left out."""
    if isinstance(nav, list):
        return tuple(p for item in nav for p in nav_pages(item))
    if isinstance(nav, dict):
        return tuple(p for value in nav.values() for p in nav_pages(value))
    return (nav,) if isinstance(nav, str) and "://" not in nav else ()


def page_site_path(src_uri: str, use_directory_urls: bool) -> str:
    """Where a page of the docs folder lands in the site, as MkDocs and Zensical both place it."""
    stem, _ = src_uri.rsplit(".", 1)
    folder, _, name = stem.rpartition("/")
    prefix = f"{folder}/" if folder else ""
    if name in ("index", "README"):
        return f"{prefix}index.html"
    return f"{prefix}{name}/index.html" if use_directory_urls else f"{prefix}{name}.html"


class Site:
    def __init__(self, prepared: Prepared, root: Path, docs_dir: Path, front: FrontEnd) -> None:
        """root: the project folder, from which errors name a page."""
        self.prepared = prepared
        self.front = front
        self.renderer = DemoRenderer(prepared.demos, {n: m.metrics for n, m in prepared.models.items()},
                                     prepared.dataset.identity, prepared.cache)
        self.demo_options: dict[str, dict[str, OptionSpec]] = {
            n: d.options for n, d in prepared.demos.items()}
        self.placeholders: dict[str, Callable[[PageRef], str]] = {
            "credits": lambda page: credits.credits_markdown(credits.collect(
                prepared.kit, set(prepared.files), prepared.dataset, front.name,
                {p: f for p, f in prepared.files.items() if p.startswith(f"{paths.WHEELS_DIR}/")})),
            "downloads": self._downloads_page,
            "demo_pages": lambda page: standalone.listing(page.src_uri, prepared.demos),
            QUESTIONS: lambda page: self.course.gathering(page.src_uri),
        }
        self.course = Course(prepared.demos, prepared.models, list(prepared.dataset.identity.classes),
                             front.site_name, lambda uri: page_site_path(uri, front.use_directory_urls))
        self.course.scan(docs_dir, root, list(front.nav))
        self.notebooks: Notebooks = find_notebooks(docs_dir, root, self.demo_options,
                                                   self.placeholders, prepared.cache)
        self._notebook_pages = {page_site_path(src, front.use_directory_urls): found
                                for src, found in self.notebooks.downloads.items()}
        self._dataset_note = dataset_notice(prepared.dataset.identity)
        self.downloads_pages: set[str] = set()  # site paths of the pages with the zip's slot

    def _downloads_page(self, page: PageRef) -> str:
        self.downloads_pages.add(page_site_path(page.src_uri, self.front.use_directory_urls))
        return downloads.render(page.src_uri, self.prepared.models)

    # -- Markdown ---------------------------------------------------------------------------

    def markdown_lines(self, lines: list[str], page: PageRef, stash: Callable[[str], str]) -> list[str]:
        """A page's lines with its embed and placeholder lines rendered; demo HTML goes through
        stash (Python-Markdown's), so Markdown leaves it as rendered."""
        base = relative_base(page_site_path(page.src_uri, self.front.use_directory_urls))

        def demo(name: str, number: int, options: dict) -> list[str]:
            return [stash(self.renderer.embed(name, number, base, options))]

        renderers = {name: (lambda r=render: r(page)) for name, render in self.placeholders.items()}
        lines = self.course.page_lines(lines, page.source, stash)
        lines, _ = transform(lines, page.source, self.demo_options, demo, renderers)
        return lines

    # -- Pages ------------------------------------------------------------------------------

    def finish_page(self, page_html: str, site_path: str) -> str:
        """The one finish of every page's HTML: course pages, the 404 page, standalone pages."""
        if site_path == "404.html":
            page_html = page_fixes.relative_404(page_html)
        page_html = page_fixes.name_search_dialog(page_html)
        names = list(dict.fromkeys(_DEMO.findall(page_html)))
        if self._dataset_note and names:
            page_html = _after_title(page_html, self._dataset_note)
        if site_path in self._notebook_pages:
            page_html = _after_title(page_html, download_links(site_path, self._notebook_pages[site_path]))
        known = [self.prepared.demos[n] for n in names if n in self.prepared.demos]
        questions = bool(_QUESTIONS.search(page_html))
        if known or questions:
            page_html = add_page_assets(page_html, relative_base(site_path), known, questions)
        return page_html if self.front.serve else csp.add_policy(page_html, self.search_shim)

    @functools.cached_property
    def search_shim(self) -> str:
        """The iframe-worker shim the site ships: its iframe's inline script is hashed too."""
        return self.prepared.files[vendor_site_path("iframe-worker")].read_text(encoding="utf-8")

    def standalone_pages(self, home_page: str) -> dict[str, str]:
        """site path -> each demo's finished page of its own, styled like the built home page
        (its stylesheets, and the colour scheme on its <body>)."""
        hrefs = [posixpath.normpath(html_text.unescape(href)) for tag in _STYLESHEET.findall(home_page)
                 for href in _HREF.findall(tag)]
        stylesheets = [h for h in hrefs if not h.startswith(f"{paths.ASSETS}/")]  # not its demos' own
        body = _BODY.search(home_page)
        colours = dict(_COLOR.findall(body.group(1))) if body else {}
        return {site_path: self.finish_page(text, site_path) for site_path, text in standalone.pages(
            self.renderer, self.prepared.demos, self.front.site_name, stylesheets, colours).items()}

    # -- The site ---------------------------------------------------------------------------

    def copy_files(self, site_dir: Path) -> None:
        """The chain's files (vendor libraries, demo scripts, models, data), for a front end
        that does not copy them itself."""
        for site_path, source in sorted(self.prepared.files.items()):
            target = site_dir / site_path
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)

    def finish_site(self, site_dir: Path) -> None:
        """After the front end has written its pages: the standalone pages, the Jupyter helper,
        the notebook widget's wheel, the notebook downloads (the hosted versions)."""
        home = site_dir / "index.html"
        try:
            home_page = home.read_text(encoding="utf-8")
        except OSError as exc:
            raise BuildError(f"{home}: the site has no home page to style the demos' own pages "
                             f"after ({exc.strerror or exc}); the docs folder needs an index.md.") from exc
        for site_path, text in self.standalone_pages(home_page).items():
            target = site_dir / site_path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        shutil.copyfile(JUPYTER_HELPER_SOURCE, site_dir / paths.JUPYTER_HELPER)
        widget_wheel.write(site_dir, self.prepared.demos, self.prepared.cache)
        write_downloads(site_dir, self.notebooks.all_downloads(), inside=False)

    def standalone_site_paths(self) -> list[str]:
        return [paths.standalone_page(name) for name in sorted(self.prepared.demos)]


def _after_title(page_html: str, snippet: str) -> str:
    """snippet just after the page's first <h1> in its article, or first in the article if it
    has no <h1>; pages without an article (a demo's own page) are left as they are."""
    article = _ARTICLE.search(page_html)
    if article is None:
        return page_html
    end = page_html.find("</h1>", article.end())
    at = end + len("</h1>") if end >= 0 else article.end()
    return page_html[:at] + snippet + page_html[at:]


def pages_of(site_dir: Path) -> list[Path]:
    """Every HTML page of a built site."""
    return sorted(site_dir.rglob("*.html"))
