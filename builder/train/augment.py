"""Training-time augmentation so hand-drawn digits look familiar to the network.

Each image gets a random small affine warp (shift, rotation, scale) and, sometimes, a thicker
or thinner stroke. Everything is drawn from the given numpy Generator, so a seed fixes it.
"""

from typing import Any

import numpy as np
from scipy import ndimage


def augment_batch(images: np.ndarray, rng: np.random.Generator, cfg: dict[str, Any]) -> np.ndarray:
    """images: float32 (N, 28, 28) in [0, 1]; returns a new array of the same shape."""
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
