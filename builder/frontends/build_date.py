"""One date per commit: MkDocs stamps the sitemap with the build date, so without this two
builds of the same commit on different days would give different zips."""

import os
import subprocess
from pathlib import Path


def pin_build_date(root: Path) -> None:
    """Date the build by the last commit (SOURCE_DATE_EPOCH, which MkDocs honours) unless the
    caller chose a date; outside a git checkout the date stays today's."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        return
    try:
        found = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"],
                               capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return
    if found.returncode == 0 and found.stdout.strip().isdigit():
        os.environ["SOURCE_DATE_EPOCH"] = found.stdout.strip()
