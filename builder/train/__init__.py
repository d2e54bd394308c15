"""Stage 2, train: model definitions in, trained Keras models and their metrics out.

definitions.py reads models/*.py without TensorFlow; fit.py trains one, deterministically,
cached by content; side_by_side.py trains several at once in processes of their own;
augment.py varies the training digits; tf_runtime.py imports TensorFlow.
"""

from builder.train.definitions import ModelSpec, discover
from builder.train.fit import TrainedModel, TrainOptions, train

__all__ = ["ModelSpec", "TrainOptions", "TrainedModel", "discover", "train"]
