"""cuishou — 催收文书流水线.

The public API (the CLI is a thin wrapper over these):

- :func:`load_case` — read and validate a case folder → :class:`Case`.
"""

from .case import Case, CaseError, Problem, load_case

__version__ = "0.1.0"

__all__ = ["Case", "CaseError", "Problem", "load_case", "__version__"]
