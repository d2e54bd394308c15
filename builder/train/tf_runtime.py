"""Import TensorFlow the one way this project uses it: tf_keras, quiet, deterministic.

A Keras 3 model converted by tensorflowjs 4.22 does not load in TF.js 4.22 ("An InputLayer
should be passed either a `batchInputShape` or an `inputShape`"); the same model built with
tf_keras does. So TF_USE_LEGACY_KERAS is set before TensorFlow is first imported. Importing
TensorFlow takes seconds, so callers do it only when there is something to train or export.
"""

import contextlib
import os
import re
import sys
import tempfile
import warnings
from collections.abc import Iterator
from types import ModuleType

from builder import scratch
from builder.errors import BuildError

# What TensorFlow's C++ side writes to stderr on every import on a machine without a GPU, before
# its logging is set up (so TF_CPP_MIN_LOG_LEVEL cannot hide it): not for an author's terminal.
START_UP_NOISE = re.compile(
    r"All log messages before absl::InitializeLog|Unable to register cu(DNN|FFT|BLAS) factory"
    r"|computation placer already registered|Could not find cuda drivers|oneDNN custom operations"
    r"|cpu_feature_guard|This TensorFlow binary is optimized|To enable the following instructions"
    r"|TF-TRT Warning|successful NUMA node read"
)


@contextlib.contextmanager
def start_up_noise_hidden() -> Iterator[None]:
    """Catch what the C++ side writes to file descriptor 2 meanwhile, and pass on every line
    that is not known start-up noise (a real warning or error still reaches the user)."""
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile(mode="w+b") as caught:
        os.dup2(caught.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
            caught.seek(0)
            for line in caught.read().decode("utf-8", "replace").splitlines(keepends=True):
                if not START_UP_NOISE.search(line):
                    sys.stderr.write(line)
            sys.stderr.flush()


def import_tf() -> tuple[ModuleType, ModuleType]:
    scratch.use_own_tempdir()  # autograph's generated files, gone even if the build is killed
    os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    # No GPU here; hiding CUDA stops TensorFlow's failed cuInit message on every import.
    os.environ.setdefault("CUDA_VISIBLE_DEVICES", "-1")
    os.environ.setdefault("PYTHONHASHSEED", "0")
    # tensorflowjs imports TensorFlow Decision Forests, whose welcome banner (an advert, and an
    # IPython import when stdout is captured) is not for our users.
    os.environ.setdefault("TFDF_DISABLE_WELCOME_MESSAGE", "1")
    warnings.filterwarnings("ignore", message=".*HDF5 file.*legacy.*")
    with start_up_noise_hidden():
        import tensorflow as tf
        import tf_keras

    tf.get_logger().setLevel("ERROR")
    tf.config.experimental.enable_op_determinism()
    return tf, tf_keras


def import_tfjs() -> ModuleType:
    """tensorflowjs, after TensorFlow (import_tf), with its own imports' start-up noise hidden."""
    import_tf()
    _stand_in_for_decision_forests()
    with start_up_noise_hidden():
        try:
            import tensorflowjs
        except ModuleNotFoundError as e:
            if e.name != "tensorflowjs":
                raise
            raise BuildError("tensorflowjs is not installed. On Python 3.13 it goes in on its own: "
                             "pip install --no-deps tensorflowjs==4.22.0 (its dependency TensorFlow "
                             "Decision Forests has no wheel for 3.13)") from None
    return tensorflowjs


def _stand_in_for_decision_forests() -> None:
    """tensorflowjs 4.22 imports TensorFlow Decision Forests at the top of its converters, for
    decision-forest SavedModels only: the Keras conversion this project uses never touches it.
    TF-DF has no wheel for Python 3.13, so there an empty module stands in for it."""
    import importlib.util

    name = "tensorflow_decision_forests"
    if name not in sys.modules and importlib.util.find_spec(name) is None:
        sys.modules[name] = ModuleType(name)
