"""The build settings, resolved in one place from mkdocs.yml, the CLI and the environment.

`cnn-demos build`, `serve` and `train` and a bare `mkdocs build` all call resolve(), so they
can never train different data into different caches. Precedence, highest first:

1. the CLI's options (--data, --classes, --epochs, --train-examples, --zip), which the CLI hands on as
   the environment variables below: `mkdocs serve` re-reads mkdocs.yml on every rebuild, and
   the environment is the one channel that reaches the plugin in both `build` and `serve`;
2. those environment variables set by the user (and CNN_DEMOS_CACHE);
3. the cnn-demos plugin's options in mkdocs.yml;
4. the defaults.

Each limit is checked once, in check(), and a bad value is reported with where it came from.
"""

import os
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from builder.cache import Cache
from builder.data.classes import check_names, parse_classes_option
from builder.errors import BuildError
from builder.train import TrainOptions

# Setting -> its environment variable, its CLI option, its key in mkdocs.yml.
ENV = {"data": "CNN_DEMOS_DATA", "classes": "CNN_DEMOS_CLASSES", "epochs": "CNN_DEMOS_EPOCHS",
       "train_examples": "CNN_DEMOS_TRAIN_EXAMPLES", "zip": "CNN_DEMOS_ZIP", "cache": "CNN_DEMOS_CACHE"}
CLI = {"data": "--data", "classes": "--classes", "epochs": "--epochs", "train_examples": "--train-examples",
       "zip": "--zip"}
YAML = {"data": "data_dir", "classes": "classes", "epochs": "epochs", "train_examples": "train_examples",
        "zip": "zip", "cache": "cache_dir", "demos": "demos_dir", "models": "models_dir"}
MINIMUM = {"epochs": 1, "train_examples": 10}
DEFAULT_ZIP = "dist/cnn-demos-site.zip"
# How an error names the output options, wherever it is raised.
SITE_OPTION = "--site-dir (site_dir in mkdocs.yml)"
ZIP_OPTION = "--zip (the cnn-demos plugin's zip option in mkdocs.yml)"
DEFAULT_CACHE = ".cnn-demos/cache"  # not .cache/: `zensical build --clean` deletes that folder


@dataclass(frozen=True)
class Settings:
    root: Path  # the folder of mkdocs.yml
    data: Path | None  # a folder of IDX files; None: the embedded npm digits
    cache_dir: Path
    epochs: int | None  # None: each model's own TRAINING["epochs"]
    train_examples: int | None  # None: the whole train split
    zip: Path | None  # None: no offline zip
    demos_dir: Path | None = None  # the author's own demos, beside and over the bundled ones (builder/kit/)
    models_dir: Path | None = None  # the author's own model definitions, likewise
    classes: tuple[str, ...] | None = None  # None: from the data's classes.txt or its digests

    @property
    def cache(self) -> Cache:
        return Cache(self.cache_dir)

    def train_options(self, force: bool = False) -> TrainOptions:
        return TrainOptions(self.epochs, self.train_examples, force)


def shown(value: Any) -> str:
    """A value as a message shows it: as typed, unless it holds a line break or another
    unprintable character (then quoted and escaped), so that the message stays one line."""
    text = str(value)
    return text if text.isprintable() else repr(text)


# How a message names a value by where it came from.
def cli_source(name: str) -> str:
    return f"{CLI[name]} {{value}}"


def env_source(name: str) -> str:
    return f"{ENV[name]}={{value}}"


def yaml_source(name: str) -> str:
    return f"{YAML[name]}: {{value}} in mkdocs.yml (the cnn-demos plugin's options)"


def check(name: str, value: int, source: str) -> int:
    """The one check of a setting's limit; source (one of the above) says where it came from."""
    minimum = MINIMUM[name]
    if value < minimum:
        raise BuildError(f"{source.format(value=value)} is out of range: it must be {minimum} or more.")
    return value


def resolve(root: Path, plugin: Mapping[str, Any], env: Mapping[str, str] = os.environ) -> Settings:
    """The settings from the plugin's mkdocs.yml options and the environment (which carries
    the CLI's options); paths in mkdocs.yml are relative to its folder."""
    def from_env(name: str) -> str | None:  # demos_dir and models_dir are read from mkdocs.yml only
        return env.get(ENV[name]) if name in ENV else None

    def path(name: str, default: str | None = None) -> Path | None:
        given = from_env(name)
        value = given if given else plugin.get(YAML[name])
        value = default if value is None else value
        if not value:
            return None
        try:  # a NUL byte, or ~user for a user this machine does not have
            return (Path(value) if given else root / value).expanduser().resolve()
        except (ValueError, RuntimeError) as exc:
            where = (env_source if given else yaml_source)(name).format(value=repr(value))
            raise BuildError(f"{where}: not a usable path ({exc}).") from None

    def number(name: str) -> int | None:
        raw = env.get(ENV[name])
        if raw:
            try:
                return check(name, int(raw), env_source(name))
            except ValueError:
                raise BuildError(f"{ENV[name]}={raw!r}: expected a whole number.") from None
        value = plugin.get(YAML[name])
        return None if value is None else check(name, value, yaml_source(name))

    def folder(name: str, holds: str) -> Path | None:
        found = path(name)
        if found is not None and not found.is_dir():
            where = (env_source if from_env(name) else yaml_source)(name).format(value=shown(found))
            raise BuildError(f"{where}: not a folder. The {YAML[name]} setting takes a folder "
                             f"holding {holds}.")
        return found

    def names() -> tuple[str, ...] | None:
        if from_env("classes"):
            return parse_classes_option(env[ENV["classes"]], env_source("classes").format(value="..."))
        value = plugin.get(YAML["classes"])
        if value is None:
            return None
        where = "classes: in mkdocs.yml (the cnn-demos plugin's options)"
        if isinstance(value, str):
            return parse_classes_option(value, where)
        return check_names([str(v) for v in value], lambda n: f"{where}, name {n}", where)

    data = folder("data", "the four MNIST-format IDX files")
    demos = folder("demos", "demo folders, each with a demo.json")
    models = folder("models", "model definitions (*.py files with NAME, TRAINING and build)")
    cache = path("cache", DEFAULT_CACHE)
    if cache is None:  # cache_dir: "" (the variable, when empty, is not read)
        raise BuildError(f"{yaml_source('cache').format(value=repr(''))}: empty; give the folder to keep "
                         f"trained models in, or leave the option out for {DEFAULT_CACHE}.")
    return Settings(root, data, cache, number("epochs"), number("train_examples"), path("zip", DEFAULT_ZIP),
                    demos, models, names())


def hand_to_plugin(values: Mapping[str, Any], env: MutableMapping[str, str] = os.environ) -> None:
    """The CLI's options (already check()ed by the CLI) into the environment the plugin reads."""
    for name, value in values.items():
        if value is None:
            continue
        env[ENV[name]] = str(Path(value).resolve()) if isinstance(value, Path) else str(value)
