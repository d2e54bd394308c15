"""Puts the kit into the wheel (builder/kit/__init__.py): the demos, the model definitions, and the npm
files the site ships, installed from package-lock.json here, while the wheel is built, so that
whoever installs the wheel needs no Node. Nothing of it is committed; an editable install
reads the checkout instead.
"""

import sys
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

TARGET = "builder/_bundled"


class KitHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        sys.path.insert(0, str(root))  # the builder being packed knows what it needs
        from builder.kit.npm import ensure_node_modules, wheel_files

        modules = ensure_node_modules(root, lambda message: self.app.display_info(message))
        include = build_data["force_include"]
        for folder in ("demos", "models"):
            for path in sorted((root / folder).rglob("*")):
                if path.is_file() and "__pycache__" not in path.parts:
                    include[str(path)] = f"{TARGET}/{path.relative_to(root)}"
        include[str(root / "package-lock.json")] = f"{TARGET}/package-lock.json"
        for name in wheel_files(modules):
            include[str(modules / name)] = f"{TARGET}/node_modules/{name}"
