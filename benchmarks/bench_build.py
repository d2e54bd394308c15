"""Build figures: a clean build (empty cache: data, training, export), a warm rebuild with
MkDocs and with Zensical, what training produced, and the bytes a reader downloads with each
front end. Leaves the MkDocs site for the others."""

import json
import os
import subprocess
import sys
import time
import zipfile

from common import Context, Figure, page_bytes

AREA = "build"


def _build(ctx: Context, env: dict[str, str], engine: str = "mkdocs") -> float:
    suffix = "" if engine == "mkdocs" else f"-{engine}"
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "builder.cli", "build", "--engine", engine, "--site-dir",
         str(ctx.work / f"site{suffix}"), "--zip", str(ctx.work / f"cnn-demos-site{suffix}.zip")],
        cwd=ctx.root, env=env, check=True, capture_output=True, text=True)
    return time.perf_counter() - started


def run(ctx: Context) -> list[Figure]:
    cache = ctx.work / "cache"
    env = {**os.environ, "CNN_DEMOS_CACHE": str(cache)}
    clean = _build(ctx, env)
    warm = _build(ctx, env)
    warm_zensical = _build(ctx, env, "zensical")
    site = ctx.work / "site"
    with zipfile.ZipFile(ctx.work / "cnn-demos-site.zip") as archive:
        archive.extractall(ctx.work / "unzipped")
    ctx.site, ctx.unzipped = site, ctx.work / "unzipped" / "cnn-demos-site"

    figures = [
        Figure(AREA, "clean build (empty cache, all models trained)", round(clean, 1), "s", "lower"),
        Figure(AREA, "warm rebuild (nothing changed)", round(warm, 2), "s", "lower"),
        Figure(AREA, "warm rebuild with Zensical (--engine zensical)", round(warm_zensical, 2), "s", "lower"),
        Figure(AREA, "offline zip", (ctx.work / "cnn-demos-site.zip").stat().st_size, "bytes", "lower"),
    ]
    for metrics_file in sorted((cache / "train").glob("*/metrics.json")):
        m = json.loads(metrics_file.read_text())
        name = m["name"]
        model_dir = site / "cnn-demos" / "models" / name
        weights = sum(p.stat().st_size for p in model_dir.glob("*.bin"))
        ctx.shared[f"{name}.metrics"] = m
        figures += [
            Figure(name, "training time", m["training_seconds"], "s", "lower",
                   f"{m['epochs']} epochs, {m['train_examples']} digits, {os.cpu_count()} cores"),
            Figure(name, "held-out accuracy (Keras)", round(m["held_out_accuracy"], 4), "", "higher",
                   f"{m['held_out_examples']} digits"),
            Figure(name, "parameters", m["parameters"], "", "lower"),
            Figure(name, "weights (TF.js shards)", weights, "bytes", "lower"),
            Figure(name, "model script (page loads it)", (model_dir / f"{name}.js").stat().st_size,
                   "bytes", "lower"),
        ]
    for page in sorted(p.name for p in site.glob("*.html") if p.name != "404.html"):
        figures.append(Figure("pages", f"{page} weight", page_bytes(site, page), "bytes", "lower",
                              "HTML + local scripts, styles, images"))
        if (ctx.work / "site-zensical" / page).is_file():
            figures.append(Figure("pages", f"{page} weight (Zensical)",
                                  page_bytes(ctx.work / "site-zensical", page), "bytes", "lower"))
    return figures
