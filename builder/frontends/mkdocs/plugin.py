"""The MkDocs plugin: wiring between MkDocs's events and the page pipeline. It does no work
itself: builder/chain.py prepares, builder/pages/site.py does everything to pages and to the
site, builder/offline_zip.py writes the zip."""

import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from builder import settings as build_settings
from builder.chain import prepare
from builder.errors import BuildError
from builder.frontends import build_date
from builder.frontends.mkdocs.config import CnnDemosConfig
from builder.frontends.writable import check_outputs
from builder.kit.vendor import vendor_site_path
from builder.offline_zip import write_offline_zip
from builder.pages import markdown as demo_embeds
from builder.pages.compiled_templates import CachedTemplates
from builder.pages.site import FrontEnd, Site, nav_pages

log = logging.getLogger("mkdocs.plugins.cnn-demos")
EXTENSION = "builder.pages.markdown"


class CnnDemosPlugin(BasePlugin[CnnDemosConfig]):
    def __init__(self) -> None:
        self.command = "build"
        self.page: demo_embeds.PageRef | None = None

    # Serve builds into a temporary folder and writes no zip: remember which command runs.
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    # First of all (priority 100): the offline plugin adds a CDN shim unless a local one is
    # listed, and every later hook needs the site.
    @event_priority(100)
    def on_config(self, config: Any) -> Any:
        self.root = Path(config.config_file_path).resolve().parent
        build_date.pin_build_date(self.root)
        config.extra.setdefault("polyfills", [])
        if vendor_site_path("iframe-worker") not in config.extra["polyfills"]:
            config.extra["polyfills"].insert(0, vendor_site_path("iframe-worker"))
        try:
            self.settings = build_settings.resolve(self.root, self.config)
            if self.command != "serve":
                check_outputs(Path(config.site_dir), self.settings.zip)
            front = FrontEnd("mkdocs", config.site_name, config.use_directory_urls, self.command == "serve",
                             nav_pages(config.nav))
            self.site = Site(prepare(self.settings, log.info), self.root, Path(config.docs_dir), front)
        except BuildError as exc:
            raise PluginError(str(exc)) from exc
        demo_embeds.activate(self.site, lambda md: self.page, PluginError)
        if EXTENSION not in config.markdown_extensions:  # a course whose mkdocs.yml does not list it
            config.markdown_extensions.append(EXTENSION)
        return config

    # The theme's templates compiled once, then read from the build's cache.
    def on_env(self, env: Any, *, config: Any, files: Files) -> Any:
        env.bytecode_cache = CachedTemplates(self.settings.cache)
        return env

    # The chain's files become site files; an .ipynb becomes a page; each demo's own page is
    # listed now (so links to it check) and written after the build, styled like the home page.
    def on_files(self, files: Files, *, config: Any) -> Files:
        for site_path, source in sorted(self.site.prepared.files.items()):
            files.append(File.generated(config, site_path, abs_src_path=str(source)))
        for file in [f for f in files if f.src_uri in self.site.notebooks.ipynb_pages]:
            page = self.site.notebooks.ipynb_pages[file.src_uri]
            files.remove(file)
            files.append(_IpynbPage(file, page.markdown))
            for path, data in sorted(page.images.items()):
                files.append(File.generated(config, path, content=data))
        for site_path in self.site.standalone_site_paths():
            files.append(File.generated(config, site_path, content=""))
        return files

    # The Markdown extension asks which page it converts.
    def on_page_markdown(self, markdown: str, *, page: Page, config: Any, files: Files) -> str:
        path = page.file.abs_src_path
        self.page = demo_embeds.PageRef(os.path.relpath(path, self.root) if path else page.file.src_uri,
                                        page.file.src_uri)
        return markdown

    def on_post_page(self, output: str, *, page: Page, config: Any) -> str:
        return self.site.finish_page(output, page.file.dest_uri)

    # 404.html bypasses on_post_page.
    def on_post_template(self, output_content: str, *, template_name: str, config: Any) -> str:
        if template_name != "404.html":
            return output_content
        return self.site.finish_page(output_content, "404.html")

    # `serve` rebuilds when a demo or a model definition changes, not only a page.
    def on_serve(self, server: Any, *, config: Any, builder: Any) -> Any:
        kit = self.site.prepared.kit
        folders = [self.settings.demos_dir, self.settings.models_dir]
        if not kit.bundled:  # a source checkout: its own demos and models may be edited too
            folders += [kit.demos, kit.models]
        for folder in filter(None, folders):
            server.watch(str(folder))
        return server

    # Last of all (priority -200): the offline plugin writes search/search_index.js at -100.
    @event_priority(-200)
    def on_post_build(self, *, config: Any) -> None:
        site_dir, target = Path(config.site_dir), self.settings.zip
        try:
            self.site.finish_site(site_dir)
            if self.command != "serve" and target is not None:
                write_offline_zip(self.site, site_dir, target, self.settings.cache)
                log.info(f"offline zip: {target} ({target.stat().st_size / 1e6:.1f} MB)")
        except BuildError as exc:
            raise PluginError(str(exc)) from exc

    def on_shutdown(self) -> None:
        demo_embeds.deactivate()


class _IpynbPage(File):
    """An .ipynb of the docs folder, read as a page: its content is nbconvert's Markdown."""

    def __init__(self, file: File, markdown: str) -> None:
        super().__init__(file.src_uri, file.src_dir, file.dest_dir, file.use_directory_urls,
                         inclusion=file.inclusion)
        self.content_string = markdown

    def is_documentation_page(self) -> bool:
        return True

