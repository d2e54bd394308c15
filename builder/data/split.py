"""A seeded, stratified train / held-out split: every class held out in proportion."""

import numpy as np


def stratified_split(
    labels: np.ndarray, held_out: int, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Indices (train, test); test has exactly `held_out` items, classes in proportion."""
    rng = np.random.default_rng(seed)
    classes, counts = np.unique(labels, return_counts=True)
    exact = counts * held_out / len(labels)
    quota = np.floor(exact).astype(int)
    # Largest remainders take the leftover places, ties broken by class order.
    order = np.argsort(-(exact - quota), kind="stable")
    quota[order[: held_out - quota.sum()]] += 1
    train, test = [], []
    for cls, n_test in zip(classes, quota, strict=True):
        members = rng.permutation(np.flatnonzero(labels == cls))
        test.append(members[:n_test])
        train.append(members[n_test:])
    # Shuffle across classes so any prefix of the train split is itself balanced.
    return rng.permutation(np.concatenate(train)), rng.permutation(np.concatenate(test))
