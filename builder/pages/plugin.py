"""The MkDocs plugin: wiring between MkDocs's events and the build chain. It does no work itself.

The chain (builder/chain.py) prepares data, models and assets; the page transforms
(builder/pages/markdown.py, a Python-Markdown extension) embed demos; render.py renders embeds
and a page's tags; standalone.py writes each demo's page of its own; page_fixes.py,
notebooks.py, credits.py and downloads.py do the rest; builder/offline_zip.py writes the zip.
"""

import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from builder import paths
from builder import settings as build_settings
from builder.assets.vendor import vendor_site_path
from builder.chain import Prepared, prepare
from builder.errors import BuildError
from builder.offline_zip import write_zip
from builder.pages import build_date, credits, csp, downloads, notebooks, page_fixes, show_demo, standalone
from builder.pages.config import CnnDemosConfig
from builder.pages.dataset_notice import dataset_notice
from builder.pages.embeds import Found
from builder.pages.markdown import PageContext, PageTransforms
from builder.pages.render import DemoRenderer, add_page_assets, relative_base
from builder.pages.writable import check_writable
from builder.settings import Settings

log = logging.getLogger("mkdocs.plugins.cnn-demos")


class CnnDemosPlugin(BasePlugin[CnnDemosConfig]):
    def __init__(self) -> None:
        self.command = "build"
        self.notebooks: dict[str, list[notebooks.Download]] = {}  # notebook page src_uri -> downloads
        self.downloads_pages: list[str] = []  # dest_uris of pages with {{ downloads() }}

    # Serve builds into a temporary folder and writes no zip: remember which command runs.
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    # First of all (priority 100): the offline plugin adds a CDN shim unless a local one is listed,
    # and every later hook needs the prepared chain.
    @event_priority(100)
    def on_config(self, config: Any) -> Any:
        self.root = Path(config.config_file_path).resolve().parent
        build_date.pin_build_date(self.root)
        _add_local_search_shim(config)
        try:
            self.settings = build_settings.resolve(self.root, self.config)
            if self.command != "serve":
                _check_outputs(Path(config.site_dir), self.settings)
            self.prepared = prepare(self.settings, log.info)
        except BuildError as exc:
            raise PluginError(str(exc)) from exc
        self.transforms = self._page_transforms(self.prepared)
        config.markdown_extensions.append(self.transforms)
        return config

    # The chain's files (vendor libraries, demo scripts, models, data) become site files, with
    # each demo's standalone page and the notebook helper; .ipynb files become pages, and every
    # notebook page gets its downloads.
    def on_files(self, files: Files, *, config: Any) -> Files:
        for site_path, source in sorted(self.prepared.files.items()):
            files.append(File.generated(config, site_path, abs_src_path=str(source)))
        self._add_standalone_pages(files, config)
        try:
            self.notebooks = notebooks.add_notebooks(files, config, self.root, self.transforms.demos,
                                                     self.transforms.placeholders)
        except BuildError as exc:
            raise PluginError(str(exc)) from exc
        self.downloads_pages = []
        return files

    # The page transforms run inside Markdown: tell them which page comes next.
    def on_page_markdown(self, markdown: str, *, page: Page, config: Any, files: Files) -> str:
        self.transforms.start_page(PageContext(self._source_name(page), page.file.src_uri,
                                               relative_base(page.url)))
        return markdown

    # After Markdown: a notebook page links to its download; a page with demos says which data
    # they were trained on, unless digits; the downloads page is remembered for the zip's slot.
    def on_page_content(self, html: str, *, page: Page, config: Any, files: Files) -> str:
        if "downloads" in self._found(page).placeholders:
            self.downloads_pages.append(page.file.dest_uri)
        note = dataset_notice(self.prepared.dataset.kind)
        if note and self._found(page).demos:
            html = notebooks.insert_after_title(html, note)
        if page.file.src_uri in self.notebooks:
            html = notebooks.insert_after_title(
                html, notebooks.download_links(page.file.dest_uri, self.notebooks[page.file.src_uri]))
        return html

    # The whole page: the demos' scripts and styles, the named search dialog, and last the
    # Content-Security-Policy (it hashes the page's inline scripts as they finally are; not
    # under `serve`, whose live reload adds an inline script no hash can allow).
    def on_post_page(self, output: str, *, page: Page, config: Any) -> str:
        output = page_fixes.name_search_dialog(output)
        names = dict.fromkeys(self._found(page).demos)
        if names:
            output = add_page_assets(output, relative_base(page.url),
                                     [self.prepared.demos[n] for n in names])
        return output if self.command == "serve" else csp.add_policy(output, self._search_shim())

    # 404.html alone comes out with root-absolute links and bypasses on_post_page.
    def on_post_template(self, output_content: str, *, template_name: str, config: Any) -> str:
        if template_name != "404.html":
            return output_content
        output = page_fixes.name_search_dialog(page_fixes.relative_404(output_content))
        return output if self.command == "serve" else csp.add_policy(output, self._search_shim())

    # `serve` rebuilds when a demo or a model definition changes, not only a page.
    def on_serve(self, server: Any, *, config: Any, builder: Any) -> Any:
        kit = self.prepared.kit
        folders = [self.settings.demos_dir, self.settings.models_dir]
        if not kit.bundled:  # a source checkout: its own demos and models may be edited too
            folders += [kit.demos, kit.models]
        for folder in filter(None, folders):
            server.watch(str(folder))
        return server

    # Last of all (priority -200): the offline plugin writes search/search_index.js at -100.
    @event_priority(-200)
    def on_post_build(self, *, config: Any) -> None:
        target = self.settings.zip
        if self.command == "serve" or target is None:
            return
        site_dir = Path(config.site_dir)
        pages = [site_dir / uri for uri in self.downloads_pages if (site_dir / uri).is_file()]
        notebook_files = [d for found in self.notebooks.values() for d in found]
        try:
            downloads.mark_inside(pages)
            notebooks.write_downloads(site_dir, notebook_files, inside=True)
            write_zip(site_dir, target)
            notebooks.write_downloads(site_dir, notebook_files, inside=False)
            downloads.publish(site_dir, target, pages)
        except BuildError as exc:
            raise PluginError(str(exc)) from exc
        log.info(f"offline zip: {target} ({target.stat().st_size / 1e6:.1f} MB)")

    # ---------------------------------------------------------------------------------------

    def _search_shim(self) -> str:
        """The iframe-worker shim the site ships: its iframe's inline script is hashed too."""
        return self.prepared.files[vendor_site_path("iframe-worker")].read_text(encoding="utf-8")

    def _page_transforms(self, prepared: Prepared) -> PageTransforms:
        self.renderer = renderer = DemoRenderer(prepared.demos,
                                                {n: m.metrics for n, m in prepared.models.items()},
                                                prepared.dataset.kind)
        return PageTransforms(
            demos={name: demo.options for name, demo in prepared.demos.items()},
            render_demo=lambda name, number, options, page: renderer.embed(name, number, page.base, options),
            placeholders={
                "credits": lambda page: credits.credits_markdown(
                    credits.collect(prepared.kit, set(prepared.files), prepared.dataset)),
                "downloads": lambda page: downloads.render(page.src_uri, prepared.models),
                "demo_pages": lambda page: standalone.listing(page.src_uri, prepared.demos),
            },
            error=PluginError,
        )

    def _add_standalone_pages(self, files: Files, config: Any) -> None:
        """Each demo alone on a page, styled by the theme's and the site's stylesheets, and the
        script that shows one in Jupyter."""
        docs = Path(config.docs_dir).resolve()
        theme_css = sorted(f.dest_uri for f in files.css_files()
                           if f.generated_by is None and f.src_dir and Path(f.src_dir).resolve() != docs)
        stylesheets = theme_css + [str(s) for s in config.extra_css]
        palette = config.theme.get("palette") or {}
        first = palette[0] if isinstance(palette, list) and palette else palette
        body = {f"data-md-color-{key}": str(first[key]) for key in ("scheme", "primary", "accent")
                if isinstance(first, dict) and key in first}
        pages = standalone.pages(self.renderer, self.prepared.demos, config.site_name, stylesheets, body)
        for site_path, html in pages.items():
            html = csp.without_policy(html) if self.command == "serve" else html  # see on_post_page
            files.append(File.generated(config, site_path, content=html))
        files.append(File.generated(config, paths.JUPYTER_HELPER, abs_src_path=show_demo.__file__))

    def _found(self, page: Page) -> Found:
        return self.transforms.found.get(page.file.src_uri, Found())

    def _source_name(self, page: Page) -> str:
        path = page.file.abs_src_path
        return os.path.relpath(path, self.root) if path else page.file.src_uri


def _add_local_search_shim(config: Any) -> None:
    """mkdocs-material's offline plugin keeps a polyfill whose name contains "iframe-worker"
    instead of adding its CDN copy: list ours first."""
    polyfills = config.extra.setdefault("polyfills", [])
    shim = vendor_site_path("iframe-worker")
    if shim not in polyfills:
        polyfills.insert(0, shim)


def _check_outputs(site_dir: Path, settings: Settings) -> None:
    """A build that cannot write fails now, not after the training."""
    check_writable(site_dir, "site", "--site-dir (site_dir in mkdocs.yml)")
    if settings.zip is not None:
        check_writable(settings.zip, "offline zip",
                       "--zip (the cnn-demos plugin's zip option in mkdocs.yml)", is_file=True)
