"""`cnn-demos new PATH`: a starter course (builder/starter/) written into a new or empty folder.

It never writes into a folder that holds anything, so nothing of the author's is overwritten.
"""

import shutil
from importlib.metadata import version
from pathlib import Path

from builder.errors import BuildError

STARTER = Path(__file__).resolve().parent / "starter"
# Stored without the dot, so that no packaging tool, git or CI service skips them or applies
# them as our own: the course's .gitignore and its publishing workflows (docs/publishing.md).
RENAMES = {"gitignore": ".gitignore", "gitlab-ci.yml": ".gitlab-ci.yml", "github": ".github"}
# requirements.txt names the wheel of the cnn-demos that wrote it.
VERSIONED = {"requirements.txt"}


def write_starter(target: Path) -> list[Path]:
    """Copy the starter into target; return the files written."""
    if target.exists() and not target.is_dir():
        raise BuildError(f"{target}: is a file. Give cnn-demos new a folder that does not exist yet, "
                         "or an empty one.")
    if target.is_dir() and any(target.iterdir()):
        held = sorted(p.name for p in target.iterdir())
        raise BuildError(f"{target}: not empty (it holds {', '.join(held[:5])}"
                         f"{', ...' if len(held) > 5 else ''}). cnn-demos new writes only into a new or "
                         "empty folder, so that nothing there is overwritten; choose another path.")
    written = []
    for source in sorted(STARTER.rglob("*")):
        if not source.is_file() or "__pycache__" in source.parts:
            continue
        relative = source.relative_to(STARTER)
        dest = target.joinpath(*(RENAMES.get(part, part) for part in relative.parts))
        dest.parent.mkdir(parents=True, exist_ok=True)
        if relative.name in VERSIONED:
            dest.write_text(source.read_text().replace("{version}", version("cnn-demos")))
        else:
            shutil.copyfile(source, dest)
        written.append(dest)
    return written
