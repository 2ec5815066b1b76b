"""The evidence bundle: 证据目录 + every evidence item in one paginated, bookmarked, linked PDF.

See assemble.py for the library choice and fonts.py for the embedded CJK font.
"""

from .assemble import build_bundle
from .preflight import preflight
from .spec import (
    BundleError,
    BundleItem,
    BundleProblem,
    BundleResult,
    BundleSpec,
    ItemPages,
    spec_from_case,
)

__all__ = [
    "BundleError",
    "BundleItem",
    "BundleProblem",
    "BundleResult",
    "BundleSpec",
    "ItemPages",
    "build_bundle",
    "preflight",
    "spec_from_case",
]
