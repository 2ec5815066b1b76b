"""Line breaking for Chinese text measured in the embedded font."""

from __future__ import annotations

from . import fonts

# Characters that must not start a line (a light form of 禁则处理).
_NO_START = set("，。、；：？！）》」』】〕〉”’,.;:?!)]}%…—·")
_NO_END = set("（《「『【〔〈“‘([{")


def wrap(text: str, width: float, size: float) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` (explicit newlines kept)."""
    lines: list[str] = []
    for para in text.split("\n"):
        line = ""
        line_w = 0.0
        for ch in para:
            cw = fonts.width(ch, size)
            if line and line_w + cw > width:
                if ch in _NO_START and len(line) > 1:
                    # Carry the last character down with the punctuation mark.
                    lines.append(line[:-1])
                    line = line[-1]
                elif line[-1] in _NO_END and len(line) > 1:
                    lines.append(line[:-1])
                    line = line[-1]
                else:
                    lines.append(line)
                    line = ""
                line_w = fonts.width(line, size)
            line += ch
            line_w += cw
        lines.append(line)
    return lines or [""]
