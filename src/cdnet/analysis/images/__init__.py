"""Image provenance, read offline: C2PA manifests, IPTC (XMP and IIM), EXIF and PNG text chunks.

:func:`inspect_image` runs the cascade on one file; :func:`labelled` reads a post's AI label;
:func:`images_table` turns a folder of images into an images table. Pixel-based classifiers are
not shipped; third parties may plug one in, off by default (:mod:`.classifiers`,
docs/detectors/ai-images.md).
"""

from cdnet.analysis.images.cascade import Readout, inspect_image
from cdnet.analysis.images.folder import (
    SOURCE_FOLDER,
    images_table,
    is_image_folder,
    split_image_folders,
)
from cdnet.analysis.images.labels import has_ai_label, labelled
from cdnet.analysis.images.signals import AI_VERDICTS, Signal, Verdict

__all__ = [
    "AI_VERDICTS",
    "SOURCE_FOLDER",
    "Readout",
    "Signal",
    "Verdict",
    "has_ai_label",
    "images_table",
    "inspect_image",
    "is_image_folder",
    "labelled",
    "split_image_folders",
]
