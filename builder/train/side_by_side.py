"""Train several models at once, each in a process of its own, when that saves time.

Training one of the site's models keeps about one core busy (Keras's loop in Python between
TensorFlow's ops), so on a machine with two cores the recogniser and LeNet train side by side in
about the time of the longer one. Each child trains exactly as a build training them one after
the other would (fit.py seeds everything itself, and the cache entry is the same), and its log
lines reach the parent's log as they come. A child then runs the chain's next stage on its model
(`after`: the export), so LeNet's export overlaps the recogniser's training, with TensorFlow
already imported, instead of waiting for it. Small trainings (a test's, or --epochs 1) are not
worth a second TensorFlow start: they stay in this process.
"""

import multiprocessing
import os
import queue
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, wait
from pathlib import Path

from builder.cache import Cache
from builder.data import Dataset
from builder.train.definitions import ModelSpec, load_spec
from builder.train.fit import TrainedModel, TrainOptions, effective_settings, found, train

# What runs in a child on the model it has just trained: a module-level function (children are
# spawned, so it travels pickled), called as after(trained, cache, dataset, log).
After = Callable[[TrainedModel, Cache, Dataset, Callable[[str], None]], object]

# Below this many images seen in all (examples x epochs), a model trains in this process.
WORTH_A_PROCESS = 50_000
_log_queue: "multiprocessing.Queue[str] | None" = None


def _child_started(log_queue: "multiprocessing.Queue[str]") -> None:
    global _log_queue
    _log_queue = log_queue
    threading.Thread(target=_end_with, args=(os.getppid(),), daemon=True).start()


def _end_with(parent: int) -> None:
    """End this child within a second of its build's end. A build killed while its children
    train (SIGKILL, a closed terminal) runs no code to stop them, and they went on training, then
    hung for good, holding a gigabyte each."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)  # its temp folder is left to the next build's sweep (builder/scratch.py)


def _train_in_child(spec_path: Path, dataset: Dataset, cache_root: Path, options: TrainOptions,
                    after: After | None) -> None:
    assert _log_queue is not None
    cache = Cache(cache_root)
    trained = train(load_spec(spec_path), dataset, cache, options, _log_queue.put)
    if after is not None:
        after(trained, cache, dataset, _log_queue.put)


def _work(spec: ModelSpec, dataset: Dataset, options: TrainOptions) -> int:
    settings = effective_settings(spec, options, dataset)
    examples = min(len(dataset.y_train), settings.get("train_examples") or len(dataset.y_train))
    return examples * int(settings["epochs"])


def train_side_by_side(specs: Iterable[ModelSpec], dataset: Dataset, cache: Cache, options: TrainOptions,
                       log: Callable[[str], None], after: After | None = None) -> list[str]:
    """Train, each in a child process, those of specs that are not in the cache (or all, when
    options.force) and are worth it, if there are two or more and two cores, and run after on
    each there. Returns the names of those trained (fit.found finds them in the cache; what
    after makes, it must leave in the cache too)."""
    due = [s for s in specs if (options.force or found(s, dataset, cache, options) is None)
           and _work(s, dataset, options) >= WORTH_A_PROCESS]
    cores = os.cpu_count() or 1
    if len(due) < 2 or cores < 2:
        return []
    log(f"training {', '.join(s.name for s in due)} side by side, each in a process of its own")
    context = multiprocessing.get_context("spawn")  # never fork a process that may hold TensorFlow
    lines: multiprocessing.Queue[str] = context.Queue()
    with ProcessPoolExecutor(max_workers=min(len(due), cores), mp_context=context,
                             initializer=_child_started, initargs=(lines,)) as pool:
        running = [pool.submit(_train_in_child, s.path, dataset, cache.root, options, after)
                   for s in due]
        while not all(f.done() for f in running):
            _forward(lines, log, 0.2)
            wait(running, timeout=0)
        _forward(lines, log, 0)
        for finished in running:
            finished.result()  # a child's error (a BuildError too) is raised here, as it was there
        # All is in the cache: the children's exit (a second, freeing TensorFlow) need not hold
        # up the pages. On an error, leaving the block waits for them as before.
        pool.shutdown(wait=False)
    return [s.name for s in due]


def _forward(lines: "multiprocessing.Queue[str]", log: Callable[[str], None], timeout: float) -> None:
    try:
        log(lines.get(timeout=timeout) if timeout else lines.get_nowait())
        while True:
            log(lines.get_nowait())
    except queue.Empty:
        pass
