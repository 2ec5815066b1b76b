"""cuishou — 催收文书流水线.

The public API; the ``cuishou`` command is a thin wrapper over these functions:

- :func:`load_case` — read and validate a case folder → :class:`Case` (raises :class:`CaseError`).
- :func:`compute_claim` — pure computation → :class:`Claim` (amounts within the legal caps,
  court fees, limitation, payment order or complaint, court).
- :func:`check_case` — lawful-collection checks → list of :class:`Finding`.
- :func:`build_case` — every document of one case, written atomically → :class:`Manifest`.
- :func:`run_batch` — many cases in parallel (or on a Dask cluster) → :class:`BatchReport`.

The HTTP service (``cuishou serve``) is :func:`pipeline.service.serve` (the ``serve`` extra);
it is not imported here so that the library works without a web framework installed.
- :func:`import_cases` — loans from a workbook or CSV export → case folders and an :class:`ImportReport`.
"""

from ._version import __version__

from .batch import BatchReport, run_batch
from .build import BuildError, BuildOptions, build_case
from .case import Case, CaseError, Problem, load_case
from .checks import Finding, check_case
from .law.claim import Claim, compute_claim
from .manifest import Manifest
from .intake import ImportReport, import_cases

__all__ = [
    "BatchReport",
    "BuildError",
    "BuildOptions",
    "Case",
    "CaseError",
    "Claim",
    "Finding",
    "ImportReport",
    "Manifest",
    "Problem",
    "__version__",
    "build_case",
    "check_case",
    "compute_claim",
    "import_cases",
    "load_case",
    "run_batch",
]
