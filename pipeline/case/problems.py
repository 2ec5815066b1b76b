"""The shared problem type of case loading and validation.

Lives in its own module so that ``load`` and ``validate`` both import it and not each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


def printable(text: str) -> str:
    """``text`` safe to print and to encode as UTF-8: control characters and lone
    surrogates (which cannot be written to a terminal or a JSON report) become visible escapes."""
    if text.isprintable() and not any("\ud800" <= c <= "\udfff" for c in text):
        return text
    out = []
    for c in text:
        code = ord(c)
        if code < 32 or code == 0x7F or 0x80 <= code < 0xA0 or 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04x}" if code > 0xFF else f"\\x{code:02x}")
        else:
            out.append(c)
    return "".join(out)


@dataclass(frozen=True)
class Problem:
    """One problem in a case: where, what value, and what is expected (Chinese)."""

    path: str
    message: str
    value: str | None = None
    code: str | None = None  # stable code (docs/codes.md); None: looked up from the message

    def __post_init__(self) -> None:
        # Values come from user input: never let one break the terminal or the JSON output.
        object.__setattr__(self, "path", printable(self.path))
        object.__setattr__(self, "message", printable(self.message))
        if self.value is not None:
            object.__setattr__(self, "value", printable(self.value))

    def __str__(self) -> str:
        shown = f"（当前值：{self.value}）" if self.value is not None else ""
        return f"{self.path}：{self.message}{shown}"

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "message": self.message, "value": self.value, "code": self.problem_code}

    @property
    def problem_code(self) -> str:
        """The stable code of this problem (pipeline/codes.toml, docs/codes.md)."""
        if self.code:
            return self.code
        from ..codes import problem_code

        return problem_code(self.path, self.message)
