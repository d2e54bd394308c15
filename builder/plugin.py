"""The MkDocs plugin: runs the build chain and embeds demos in pages.

One hook per concern: on_config prepares the assets (npm, data, training, export), on_files
adds them to the site, on_page_markdown finds embeds, on_page_content renders them,
on_post_page adds the scripts and styles a page needs, on_serve watches demos and models,
on_post_build writes the offline zip. The course's own pages add: notebook pages with a
download of their source (builder/notebooks), and the {{ credits() }} and {{ downloads() }}
placeholders (builder/credits, builder/downloads); on_post_template makes 404.html's
links relative (builder/hosting); builder/a11y names the theme's search dialog.
"""

import logging
import os
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from builder import a11y, build_date, credits, downloads, hosting, notebooks, overrides
from builder.embed import Embed, replace_embeds
from builder.errors import BuildError
from builder.output import check_writable
from builder.package import write_zip
from builder.pipeline import ASSETS, BuildSettings, Prepared, page_assets, prepare
from builder.placeholders import replace_placeholders
from builder.train import TrainOptions
from builder.vendor import vendor_site_path

log = logging.getLogger("mkdocs.plugins.cnn-demos")


class CnnDemosConfig(Config):
    data_dir = c.Optional(c.Type(str))  # folder of IDX files; default: the embedded npm digits
    cache_dir = c.Optional(c.Type(str))
    epochs = c.Optional(c.Type(int))  # override every model's TRAINING["epochs"]
    train_examples = c.Optional(c.Type(int))  # train on a prefix of the split (tests)
    zip = c.Type(str, default="dist/cnn-demos-site.zip")  # "" for no zip


class CnnDemosPlugin(BasePlugin[CnnDemosConfig]):
    def __init__(self) -> None:
        self.command = "build"
        self.prepared: Prepared | None = None
        self.embeds: dict[str, list[Embed]] = {}
        self.notebooks: set[str] = set()  # src_uris of jupytext notebook pages
        self.model_zip_sizes: dict[str, int] = {}
        self.downloads_pages: list[str] = []  # dest_uris of pages with {{ downloads() }}

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    # Before mkdocs-material's offline plugin, which adds a CDN shim unless one is present.
    @event_priority(100)
    def on_config(self, config: Any) -> Any:
        self.root = Path(config.config_file_path).resolve().parent
        build_date.pin_build_date(self.root)
        polyfills = config.extra.setdefault("polyfills", [])
        shim = vendor_site_path("iframe-worker")
        if shim not in polyfills:
            polyfills.insert(0, shim)
        try:
            self._check_outputs(config)
            settings = BuildSettings(
                root=self.root,
                data=overrides.env_path(overrides.DATA) or self._path(self.config.data_dir),
                cache_dir=self._path(self.config.cache_dir),
                train=TrainOptions(
                    overrides.env_int(overrides.EPOCHS, 1) or self.config.epochs,
                    overrides.env_int(overrides.TRAIN_EXAMPLES, 10) or self.config.train_examples,
                ),
            )
            self.prepared = prepare(settings, log.info)
        except BuildError as exc:
            raise PluginError(str(exc)) from exc
        self.templates = jinja2.Environment(
            loader=jinja2.FileSystemLoader(self.root / "demos"),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
        )
        return config

    def _check_outputs(self, config: Any) -> None:
        if self.command == "serve":  # MkDocs serves from a temporary folder it makes itself
            return
        check_writable(Path(config.site_dir), "site", "--site-dir (site_dir in mkdocs.yml)")
        target = self._zip_target()
        if target is not None:
            check_writable(target, "offline zip",
                           "--zip (the cnn-demos plugin's zip option in mkdocs.yml)", is_file=True)

    def _zip_target(self) -> Path | None:
        if not self.config.zip:  # "" turns the zip off
            return None
        return overrides.env_path(overrides.ZIP) or self._path(self.config.zip)

    def _path(self, value: str | None) -> Path | None:
        return None if value is None else (self.root / value).resolve()

    def on_files(self, files: Files, *, config: Any) -> Files:
        assert self.prepared is not None
        for site_path, source in sorted(self.prepared.files.items()):
            files.append(File.generated(config, site_path, abs_src_path=str(source)))
        self.notebooks = set(notebooks.add_downloads(files, config))
        self.downloads_pages = []
        self.model_zip_sizes = {}
        for name, model in sorted(self.prepared.models.items()):
            content = downloads.model_zip(model)
            self.model_zip_sizes[name] = len(content)
            files.append(File.generated(config, downloads.model_zip_path(name), content=content))
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: Any, files: Files) -> str:
        assert self.prepared is not None
        prepared = self.prepared
        renderers = {
            "credits": lambda: credits.credits_markdown(
                credits.collect(self.root, set(prepared.files), prepared.dataset.name)),
            "downloads": lambda: downloads.render(
                page.file.src_uri, prepared.models, self.model_zip_sizes),
        }
        try:
            markdown, found = replace_placeholders(markdown, self._source_name(page), renderers)
            markdown, embeds = replace_embeds(markdown, self._source_name(page),
                                              set(self.prepared.demos))
        except BuildError as exc:
            raise PluginError(str(exc)) from exc
        self.embeds[page.file.src_uri] = embeds
        if "downloads" in found and page.file.dest_uri not in self.downloads_pages:
            self.downloads_pages.append(page.file.dest_uri)
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: Any, files: Files) -> str:
        assert self.prepared is not None
        for number, embed in enumerate(self.embeds.get(page.file.src_uri, []), start=1):
            demo = self.prepared.demos[embed.name]
            template = f"{demo.name}/{demo.template}"
            try:
                rendered = self.templates.get_template(template).render(
                    id=f"{demo.name}-{number}",
                    title=demo.title,
                    assets=f"{_base(page)}/{ASSETS}",
                    models={n: self.prepared.models[n].metrics for n in demo.models},
                )
            except jinja2.TemplateError as exc:
                where = getattr(exc, "lineno", None)
                raise PluginError(f"demos/{template}{f':{where}' if where else ''}: "
                                  f"{type(exc).__name__}: {exc}") from exc
            html = html.replace(embed.slot, rendered, 1)
        if page.file.src_uri in self.notebooks:
            html = notebooks.insert_after_title(
                html, notebooks.download_link(page.file.dest_uri, page.file.src_uri))
        return html

    def on_post_page(self, output: str, *, page: Page, config: Any) -> str:
        assert self.prepared is not None
        output = a11y.name_search_dialog(output)
        embeds = self.embeds.get(page.file.src_uri, [])
        if not embeds:
            return output
        demos = [self.prepared.demos[n] for n in dict.fromkeys(e.name for e in embeds)]
        scripts, styles = page_assets(demos)
        base = _base(page)
        links = "".join(f'<link rel="stylesheet" href="{base}/{s}">' for s in styles)
        tags = "".join(f'<script src="{base}/{s}"></script>' for s in scripts)
        head, sep, rest = output.partition("</head>")
        output = head + links + sep + rest if sep else output
        body, sep, tail = output.rpartition("</body>")
        return body + tags + sep + tail if sep else output + tags

    def on_post_template(self, output_content: str, *, template_name: str, config: Any) -> str:
        # 404.html alone comes out with root-absolute links; the site must work under a sub-path.
        if template_name != "404.html":
            return output_content
        return a11y.name_search_dialog(hosting.relative_404(output_content))

    def on_serve(self, server: Any, *, config: Any, builder: Any) -> Any:
        for folder in ("demos", "models"):
            server.watch(str(self.root / folder))
        return server

    # Last of all: the offline plugin writes search/search_index.js at priority -100.
    @event_priority(-200)
    def on_post_build(self, *, config: Any) -> None:
        target = self._zip_target()
        if self.command == "serve" or target is None:
            return
        site_dir = Path(config.site_dir)
        pages = [site_dir / uri for uri in self.downloads_pages if (site_dir / uri).is_file()]
        try:
            downloads.mark_inside(pages)
            write_zip(site_dir, target)
            downloads.publish(site_dir, target, pages)
        except BuildError as exc:
            raise PluginError(str(exc)) from exc
        log.info(f"offline zip: {target} ({target.stat().st_size / 1e6:.1f} MB)")

    def _source_name(self, page: Page) -> str:
        path = page.file.abs_src_path
        return os.path.relpath(path, self.root) if path else page.file.src_uri


def _base(page: Page) -> str:
    """The relative way from this page's folder back to the site root ('.' at the top)."""
    url = page.url
    folder = url if url.endswith("/") else url.rpartition("/")[0]
    depth = len([part for part in folder.split("/") if part])
    return "/".join([".."] * depth) or "."
