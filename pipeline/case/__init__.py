"""The case record, its loading and validation."""

from .load import CaseError, Problem, load_case, parse_case, read_case_json
from .models import SCHEMA_VERSION, Case, Organization, Person

__all__ = [
    "Case",
    "CaseError",
    "Organization",
    "Person",
    "Problem",
    "SCHEMA_VERSION",
    "load_case",
    "parse_case",
    "read_case_json",
]
