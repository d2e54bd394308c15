"""Training-time augmentation so hand-drawn digits look familiar to the network.

Each image gets a random small affine warp (shift, rotation, scale) and, sometimes, a thicker
or thinner stroke. Everything is drawn from the given numpy Generator, so a seed fixes it.
What suits depends on the images (builder/data/classes.py), and suited() keeps only that:
handwriting gets every warp (people write shifted, turned, bigger, bolder) but no mirroring
(a mirrored 2 is not a 2); centred photos of things (Fashion-MNIST) get only mirroring (a
mirrored shoe is still a shoe, and the photos are all centred and upright); images of an
unknown kind get only the warps that assume nothing (shift and scale).

SciPy is imported when images are warped, not with this module: every build reads suited()
(the training key), and only a build that trains warps (scipy.ndimage: 0.25-0.35 s).
"""

from typing import Any

import numpy as np

from builder.data.classes import HANDWRITING, PHOTOS, UNKNOWN

WARPS = ("max_rotate_degrees", "scale_range", "max_shift", "thicken_probability", "thin_probability")
SUITS = {
    HANDWRITING: WARPS,
    PHOTOS: ("flip_probability",),
    UNKNOWN: ("max_shift", "scale_range"),
}


def suited(cfg: dict[str, Any], images: str) -> dict[str, Any]:
    """The model's augmentation settings, less what does not suit the dataset's images."""
    return {k: v for k, v in cfg.items() if k in SUITS[images]}


def describe(cfg: dict[str, Any] | None) -> str:
    if not cfg:
        return "none"
    parts = []
    if cfg.get("max_shift"):
        parts.append(f"shifts up to {cfg['max_shift']} px")
    if cfg.get("max_rotate_degrees"):
        parts.append(f"turns up to {cfg['max_rotate_degrees']}°")
    lo, hi = cfg.get("scale_range", [1.0, 1.0])
    if (lo, hi) != (1.0, 1.0):
        parts.append(f"scale {lo} to {hi}")
    if cfg.get("thicken_probability") or cfg.get("thin_probability"):
        parts.append("thicker and thinner strokes")
    if cfg.get("flip_probability"):
        parts.append("mirrored left to right")
    return ", ".join(parts) or "none"


def augment_batch(images: np.ndarray, rng: np.random.Generator, cfg: dict[str, Any]) -> np.ndarray:
    """images: float32 (N, 28, 28) in [0, 1]; returns a new array of the same shape."""
    out = _warp(images, rng, cfg) if any(k in cfg for k in WARPS) else images.copy()
    if cfg.get("flip_probability"):
        flip = rng.uniform(0, 1, len(out)) < cfg["flip_probability"]
        out[flip] = out[flip][:, :, ::-1]
    return out


def _warp(images: np.ndarray, rng: np.random.Generator, cfg: dict[str, Any]) -> np.ndarray:
    """A small random affine warp per image, and sometimes a thicker or thinner stroke."""
    from scipy import ndimage

    n = len(images)
    angles = np.deg2rad(rng.uniform(-1, 1, n) * cfg.get("max_rotate_degrees", 0.0))
    lo, hi = cfg.get("scale_range", [1.0, 1.0])
    scales = rng.uniform(lo, hi, n)
    shifts = rng.uniform(-1, 1, (n, 2)) * cfg.get("max_shift", 0.0)
    stroke = rng.uniform(0, 1, n)
    thick_p, thin_p = cfg.get("thicken_probability", 0.0), cfg.get("thin_probability", 0.0)
    centre = np.array([13.5, 13.5])
    out = np.empty_like(images)
    for i in range(n):
        cos, sin = np.cos(angles[i]), np.sin(angles[i])
        # affine_transform maps output coordinates to input ones: the inverse warp.
        inverse = np.array([[cos, sin], [-sin, cos]]) / scales[i]
        offset = centre - inverse @ (centre + shifts[i])
        img = ndimage.affine_transform(images[i], inverse, offset=offset, order=1, cval=0.0)
        if stroke[i] < thick_p:
            img = ndimage.grey_dilation(img, size=(2, 2))
        elif stroke[i] < thick_p + thin_p:
            img = 0.5 * img + 0.5 * ndimage.grey_erosion(img, size=(2, 2))
        out[i] = img
    return np.clip(out, 0.0, 1.0)
