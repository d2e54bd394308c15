"""`cnn-demos new PATH`: a starter course (builder/kit/starter/) written into a new or empty folder.

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
ENGINES = ("mkdocs", "zensical")
BUILD = "cnn-demos build"
# For a Zensical course: the files whose build commands name the engine, and the extra it needs.
ENGINE_FILES = {"README.md", "publish.yml", "gitlab-ci.yml"}
WHEEL_LINE = "-py3-none-any.whl\n"


def _for_engine(name: str, text: str, engine: str) -> str:
    if engine == "mkdocs":
        return text
    if name in ENGINE_FILES:
        text = text.replace(f"{BUILD} --strict", f"{BUILD} --engine {engine} --strict")
    if name == "README.md":  # its build line names the engine; the line offering it goes
        text = "".join(line for line in text.splitlines(keepends=True)
                       if not line.startswith(f"    {BUILD} --engine {engine} "))
        text = text.replace(f"    {BUILD}     #", f"    {BUILD} --engine {engine}     #")
    if name == "requirements.txt":
        text = text.replace(WHEEL_LINE, f"-py3-none-any.whl[{engine}]\n", 1)
    return text


def write_starter(target: Path, engine: str = "mkdocs") -> list[Path]:
    """Copy the starter into target, its build commands for the given front end; return the
    files written."""
    if engine not in ENGINES:
        raise BuildError(f"--engine {engine}: not a front end cnn-demos knows; use one of "
                         f"{', '.join(ENGINES)}.")
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
        if relative.name in VERSIONED or (engine != "mkdocs" and relative.name in ENGINE_FILES):
            text = source.read_text(encoding="utf-8").replace("{version}", version("cnn-demos"))
            dest.write_text(_for_engine(relative.name, text, engine), encoding="utf-8")
        else:
            shutil.copyfile(source, dest)
        written.append(dest)
    return written
