"""Cases from the spreadsheets collection teams keep: ``cuishou import``.

- :func:`import_cases` — a workbook (.xlsx) or CSV export → one case folder per loan, validated
  with the same rules and messages as ``cuishou validate``, and an :class:`ImportReport`.
- :func:`write_template` — an empty workbook with the expected headers and a 说明 sheet
  (or, for a ``.toml`` path, a mapping-file skeleton).
- :func:`load_mapping` — read a team's mapping file (TOML) → :class:`Mapping`.

One module per concern: ``read`` (xlsx/csv), ``columns`` and ``mapping`` (which column is
which field), ``values`` (value parsing), ``stage`` (joining sheets on disk), ``assemble``
(row → case.json), ``evidence`` (files under the evidence folder), ``write`` (atomic case
folders), ``report``, ``template``.
"""

from .importer import REPORT_JSON, REPORT_TEXT, IntakeError, import_cases
from .mapping import Mapping, MappingError, load_mapping
from .report import ImportedCase, ImportReport, IntakeProblem
from .template import write_template

__all__ = [
    "REPORT_JSON",
    "REPORT_TEXT",
    "ImportReport",
    "ImportedCase",
    "IntakeError",
    "IntakeProblem",
    "Mapping",
    "MappingError",
    "import_cases",
    "load_mapping",
    "write_template",
]
