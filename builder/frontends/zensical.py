"""The Zensical front end: `cnn-demos build --engine zensical` builds the course of a mkdocs.yml
with Zensical (Material for MkDocs' successor), through the same page pipeline as MkDocs.

Zensical reads mkdocs.yml and runs Python-Markdown extensions, but no MkDocs plugin, so this
module does what the plugin's hooks do, around one in-process `zensical.build`:

1. resolve the settings from the cnn-demos plugin's options and run the chain;
2. stage the course in <project>/.cnn-demos/zensical/<pid>/, a folder made afresh for every build
   (so Zensical's own page cache there never serves a page rendered with an older model): a
   copy of the docs folder with each .ipynb as the Markdown page it becomes, and a copy of
   mkdocs.yml that points at it, lists our local iframe-worker shim as the search polyfill
   (else Zensical's offline support adds one from unpkg.com) and lists the embed extension;
3. build it with the embed extension active (builder/pages/markdown.py);
4. copy the chain's files in, finish every page (Site.finish_page), finish the site, write the
   offline zip, and move the finished site into place.

Our cache lives in .cnn-demos/cache, outside the .cache/ folder that `zensical build --clean`
empties. Zensical's serve renders and serves from its own loop with no step after a page is
written, so nothing could finish the pages it serves: `cnn-demos serve --engine zensical`
builds with Zensical and serves the built folder, building again when a source changes.
"""

import contextlib
import os
import posixpath
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from markdown import Markdown

from builder import locks
from builder import settings as build_settings
from builder.chain import Log, prepare
from builder.errors import BuildError
from builder.frontends import build_date
from builder.frontends.writable import check_outputs
from builder.kit.vendor import vendor_site_path
from builder.offline_zip import write_offline_zip
from builder.pages import markdown as demo_embeds
from builder.pages.notebooks import docs_files
from builder.pages.site import FrontEnd, Site, nav_pages, pages_of

# Each build stages in a folder of its own, <pid>/, while it holds <pid>.lock: builds of one
# project side by side never share one, and a killed build's is removed by the next build.
STAGES = Path(".cnn-demos") / "zensical"
PLUGIN = "cnn-demos"
ZENSICAL_ERROR = "Python error: "  # how Zensical's Rust side prefixes an exception raised in Python


class _ConfigLoader(yaml.Loader):
    """mkdocs.yml as Zensical reads it: Python names (pymdownx's emoji functions) resolve, and
    !ENV takes a variable (or the first set of several) with the last item as the default."""


def _env(loader: yaml.Loader, node: yaml.Node) -> Any:
    scalar = isinstance(node, yaml.ScalarNode)
    names = [loader.construct_scalar(node)] if scalar else loader.construct_sequence(node)
    default = names.pop() if len(names) > 1 else None
    return next((os.environ[n] for n in names if n in os.environ), default)


_ConfigLoader.add_constructor("!ENV", _env)


def read_config(config_file: Path) -> dict[str, Any]:
    try:
        with open(config_file, encoding="utf-8") as f:
            config = yaml.load(f, Loader=_ConfigLoader)  # noqa: S506 (the author's own file, as Zensical reads it)
    except (OSError, yaml.YAMLError) as exc:
        raise BuildError(f"{config_file}: cannot read it ({exc}).") from exc
    if not isinstance(config, dict):
        raise BuildError(f"{config_file}: not a mapping of settings (site_name: ..., nav: ...).")
    return config


def plugin_options(config: dict[str, Any]) -> dict[str, Any]:
    """The cnn-demos plugin's options from the plugins list (or mapping) of mkdocs.yml."""
    for name, options in _plugin_names(config):
        if name == PLUGIN:
            return dict(options or {})
    return {}


def build(config_file: Path, site_dir: Path | None, strict: bool, log: Log) -> Path:
    """Build the course into site_dir (default: the config's site_dir); returns where it went."""
    import zensical  # an optional extra: pip install 'cnn-demos[zensical]'

    config_file = config_file.resolve()
    root = config_file.parent
    build_date.pin_build_date(root)
    config = read_config(config_file)
    settings = build_settings.resolve(root, plugin_options(config))
    target = site_dir.resolve() if site_dir else (root / str(config.get("site_dir") or "site")).resolve()
    docs_dir = (root / str(config.get("docs_dir") or "docs")).resolve()
    check_outputs(target, settings.zip)
    offline = "offline" in [name for name, _ in _plugin_names(config)]
    front = FrontEnd("zensical", str(config.get("site_name") or ""),
                     False if offline else bool(config.get("use_directory_urls", True)), serve=False,
                     nav=nav_pages(config.get("nav")))
    site = Site(prepare(settings, log), root, docs_dir, front)

    with _stage(root) as stage:
        staged_docs = _stage_docs(site, docs_dir, stage / "docs")
        staged_config = stage / "mkdocs.yml"
        staged_config.write_text(yaml.dump(_staged_config(config, config_file, site), Dumper=yaml.Dumper,
                                           sort_keys=False, allow_unicode=True), encoding="utf-8")
        demo_embeds.activate(site, _page_of(root, docs_dir, staged_docs))
        try:
            zensical.build(str(staged_config), {"clean": False, "strict": strict})
        except RuntimeError as exc:  # Zensical raises every failure, ours included, as one
            raise BuildError(str(exc).split("\n", 1)[0].removeprefix(ZENSICAL_ERROR)
                             .removeprefix("BuildError: ")) from None
        finally:
            demo_embeds.deactivate()
        built = stage / "site"
        for page in pages_of(built):  # the pages Zensical wrote, before any file of ours
            finished = site.finish_page(page.read_text(encoding="utf-8"), page.relative_to(built).as_posix())
            page.write_text(finished, encoding="utf-8")
        site.copy_files(built)
        site.finish_site(built)
        if settings.zip is not None:
            write_offline_zip(site, built, settings.zip, settings.cache)
            log(f"offline zip: {settings.zip} ({settings.zip.stat().st_size / 1e6:.1f} MB)")
        _replace(target, built)
    log(f"site: {target} (built with Zensical {zensical.version()})")
    return target


@contextmanager
def _stage(root: Path) -> Iterator[Path]:
    """An empty staging folder for this build, removed after it (also when it fails), and
    the folder of stages too when no other build stages there."""
    stages = root / STAGES
    lock = stages / f"{os.getpid()}.lock"
    with contextlib.ExitStack() as held:
        for attempt in range(3):
            stages.mkdir(parents=True, exist_ok=True)
            for leftover in stages.glob("*.lock"):  # left by killed builds: their locks are free
                if locks.remove_unheld(leftover):
                    shutil.rmtree(leftover.with_suffix(""), ignore_errors=True)
            try:
                held.enter_context(locks.private_file(lock))
                break
            except FileNotFoundError:  # another build removed the empty folder just then
                if attempt == 2:
                    raise
        stage = lock.with_suffix("")
        shutil.rmtree(stage, ignore_errors=True)
        try:
            yield stage
        finally:
            shutil.rmtree(stage, ignore_errors=True)
            lock.unlink(missing_ok=True)
    with contextlib.suppress(OSError):  # not empty: another build stages there now
        stages.rmdir()


def _plugin_names(config: dict[str, Any]) -> list[tuple[str, Any]]:
    plugins = config.get("plugins") or []
    if isinstance(plugins, dict):
        return list(plugins.items())
    return [(_name(p), p[_name(p)] if isinstance(p, dict) else None) for p in plugins]


def _stage_docs(site: Site, docs_dir: Path, staged: Path) -> dict[str, str]:
    """Copy the docs folder to staged, each .ipynb as its Markdown page and images; returns
    each staged page that stands for an .ipynb -> the .ipynb's path."""
    from_ipynb = {}
    for src_uri in docs_files(docs_dir):
        target = staged / src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        page = site.notebooks.ipynb_pages.get(src_uri)
        if page is None:
            shutil.copyfile(docs_dir / src_uri, target)
            continue
        markdown_uri = posixpath.splitext(src_uri)[0] + ".md"
        if (docs_dir / markdown_uri).exists():
            raise BuildError(f"{docs_dir / src_uri}: its page would replace {markdown_uri}, which Zensical "
                             "also renders; rename one of them.")
        (staged / markdown_uri).write_text(page.markdown, encoding="utf-8")
        for path, data in page.images.items():
            (staged / path).parent.mkdir(parents=True, exist_ok=True)
            (staged / path).write_bytes(data)
        from_ipynb[markdown_uri] = src_uri
    return from_ipynb


def _staged_config(config: dict[str, Any], config_file: Path, site: Site) -> dict[str, Any]:
    staged = dict(config)
    staged["docs_dir"], staged["site_dir"] = "docs", "site"
    if "INHERIT" in staged:
        staged["INHERIT"] = str((config_file.parent / staged["INHERIT"]).resolve())
    theme = staged.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        staged["theme"] = {**theme, "custom_dir": str((config_file.parent / theme["custom_dir"]).resolve())}
    plugins = config.get("plugins") or []
    staged["plugins"] = ({k: v for k, v in plugins.items() if k != PLUGIN} if isinstance(plugins, dict)
                         else [p for p in plugins if _name(p) != PLUGIN])
    extra = dict(staged.get("extra") or {})
    shim = vendor_site_path("iframe-worker")
    extra["polyfills"] = [shim, *[p for p in extra.get("polyfills") or [] if p != shim]]
    staged["extra"] = extra
    extensions = list(staged.get("markdown_extensions") or [])
    if demo_embeds.__name__ not in [_name(e) for e in extensions]:
        extensions.append(demo_embeds.__name__)
    staged["markdown_extensions"] = extensions
    if "nav" in staged:
        staged["nav"] = _nav_without_ipynb(staged["nav"], set(site.notebooks.ipynb_pages))
    return staged


def _name(entry: Any) -> str:
    return next(iter(entry)) if isinstance(entry, dict) else str(entry)


def _nav_without_ipynb(nav: Any, ipynb: set[str]) -> Any:
    """The nav with each .ipynb page named by the Markdown page it is staged as."""
    if isinstance(nav, list):
        return [_nav_without_ipynb(item, ipynb) for item in nav]
    if isinstance(nav, dict):
        return {key: _nav_without_ipynb(value, ipynb) for key, value in nav.items()}
    if isinstance(nav, str) and nav in ipynb:
        return posixpath.splitext(nav)[0] + ".md"
    return nav


def _page_of(root: Path, docs_dir: Path, from_ipynb: dict[str, str]
             ) -> Callable[[Markdown], demo_embeds.PageRef | None]:
    from zensical.extensions.context import ContextPreprocessor

    def page_of(md: Markdown) -> demo_embeds.PageRef | None:
        context = ContextPreprocessor.from_markdown(md)
        if context is None:
            return None
        src_uri = from_ipynb.get(context.page.path, context.page.path)
        return demo_embeds.PageRef(os.path.relpath(docs_dir / src_uri, root), src_uri)

    return page_of


def _replace(target: Path, built: Path) -> None:
    """The finished site in place of the old one; a failed build above leaves the old one."""
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        os.replace(target, old)
    shutil.move(built, target)
    shutil.rmtree(old, ignore_errors=True)
