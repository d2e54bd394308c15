"""Where the build writes, checked first: a build that cannot write fails in a second, not
after the training, and creates nothing on the way."""

import tempfile
from pathlib import Path

from builder.errors import BuildError
from builder.settings import SITE_OPTION, ZIP_OPTION


def check_writable(target: Path, what: str, option: str, is_file: bool = False) -> None:
    """Fail unless the folder `target` is (or goes in) exists and takes a new file, or could
    be created where it would go."""
    existing = target.parent if is_file else target
    while not existing.exists():  # the nearest folder that exists; nothing is made here
        existing = existing.parent
    if not existing.is_dir():
        reason = f"{existing} is a file, not a folder"
    else:
        try:
            with tempfile.TemporaryFile(dir=existing):  # the real test: root ignores chmod bits
                return
        except OSError as exc:
            reason = f"{existing}: {exc.strerror or exc}"
    raise BuildError(f"{target}: cannot write the {what} there ({reason}). Choose another place "
                     f"with {option}, or make that folder writable.")


def check_outputs(site_dir: Path, zip_path: Path | None) -> None:
    """The site folder and the offline zip, before any work."""
    check_writable(site_dir, "site", SITE_OPTION)
    if zip_path is not None:
        check_writable(zip_path, "offline zip", ZIP_OPTION, is_file=True)
