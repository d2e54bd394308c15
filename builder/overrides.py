"""Settings the CLI hands to the MkDocs plugin through the environment.

`mkdocs serve` re-reads mkdocs.yml on every rebuild, so environment variables are the one
channel that reaches the plugin in both `build` and `serve`. Each is checked here, and a bad
value names the variable.
"""

import os
from pathlib import Path

from builder.errors import BuildError

DATA = "CNN_DEMOS_DATA"
EPOCHS = "CNN_DEMOS_EPOCHS"
TRAIN_EXAMPLES = "CNN_DEMOS_TRAIN_EXAMPLES"
ZIP = "CNN_DEMOS_ZIP"


def env_path(name: str) -> Path | None:
    value = os.environ.get(name)
    return Path(value).expanduser().resolve() if value else None


def env_int(name: str, minimum: int) -> int | None:
    value = os.environ.get(name)
    if not value:
        return None
    try:
        number = int(value)
    except ValueError:
        raise BuildError(f"{name}={value!r}: expected a whole number.") from None
    if number < minimum:
        raise BuildError(f"{name}={value}: must be {minimum} or more.")
    return number
