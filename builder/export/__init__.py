"""Stage 3, export: trained models and the dataset in the forms a page can load from file://.

tfjs.py converts a trained model (TF.js layers model, a classic script, a zip for download);
dataset_script.py packs a browser-sized sample of the dataset into a classic script.
"""

from builder.export.tfjs import ExportedModel, export

__all__ = ["ExportedModel", "export"]
