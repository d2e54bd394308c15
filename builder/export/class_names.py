"""The dataset's name, noun and class names as a classic script, on every page with a demo.

Every demo labels its classes through CnnDemos.className(i) (demos/_shared/cnn-demos.js), which
reads window.CNN_DEMOS_DATASET from this script: file:// pages cannot fetch a JSON file.
"""

from pathlib import Path

from builder.cache import Cache, content_key
from builder.data.classes import Identity
from builder.for_readers.classic_script import classic_script

SCRIPT_NAME = "dataset.js"


def class_names_script(identity: Identity, cache: Cache) -> Path:
    text = classic_script("CNN_DEMOS_DATASET", identity.as_json(),
                          "the dataset the site was built on: its name, noun and class names")
    entry = cache.get_or_build("class-names", content_key(text),
                               lambda work: (work / SCRIPT_NAME).write_text(text, encoding="utf-8"))
    return entry / SCRIPT_NAME
