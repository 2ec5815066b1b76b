"""Type 1 font UniqueIDs that do not depend on what LibreOffice converted before (issue 18).

LibreOffice embeds CFF fonts (Noto CJK) as Type 1 subsets whose ``/UniqueID`` comes from a
counter that lives as long as the office process (4100001, 4100002, … across every document it
ever exported). A warm LibreOffice would make a case's bytes depend on which cases its worker
converted earlier, and a one-shot run over several documents numbers them on from one to the
next. :func:`renumber_font_ids` gives every document the IDs a fresh LibreOffice would write
for it alone: 4100001, 4100002, … in order, in the clear part and in the eexec-encrypted
private dictionary (Adobe, *Type 1 Font Format*, ch. 7: key 55665, c1 52845, c2 22719).
"""

from __future__ import annotations

import re

__all__ = ["renumber_font_ids", "eexec_decrypt", "eexec_encrypt"]

_UNIQUE_ID = re.compile(rb"/UniqueID (\d+) def")
_FIRST_ID = 4100001
_R, _C1, _C2, _MASK = 55665, 52845, 22719, 0xFFFF
_HEAD = 2048  # LibreOffice writes the private dictionary's UniqueID about 360 bytes in


def eexec_decrypt(data: bytes) -> bytes:
    out = bytearray(len(data))
    r = _R
    for i, c in enumerate(data):
        out[i] = c ^ (r >> 8)
        r = ((c + r) * _C1 + _C2) & _MASK
    return bytes(out)


def eexec_encrypt(plain: bytes) -> bytes:
    out = bytearray(len(plain))
    r = _R
    for i, p in enumerate(plain):
        c = p ^ (r >> 8)
        out[i] = c
        r = ((c + r) * _C1 + _C2) & _MASK
    return bytes(out)


def _swap_digits(cipher: bytes, digits: bytes) -> bytes | None:
    """``cipher`` (an eexec section) with its private UniqueID's digits replaced by ``digits`` of the
    same length, in one pass: up to the digits the cipher text is unchanged; after them the plain
    text is, so each byte is decrypted with the old key and encrypted with the new one. Once both
    keys agree the rest is copied. None when the ID is not where LibreOffice puts it."""
    m = _UNIQUE_ID.search(eexec_decrypt(cipher[:_HEAD]))
    if m is None or len(m.group(1)) != len(digits) or m.end(1) > len(cipher):
        return None
    at = m.start(1)
    r = _R
    for c in cipher[:at]:
        r = ((c + r) * _C1 + _C2) & _MASK
    s = r
    out = bytearray(cipher[:at])
    for k, p in enumerate(digits):
        c = cipher[at + k]
        r = ((c + r) * _C1 + _C2) & _MASK
        c2 = p ^ (s >> 8)
        s = ((c2 + s) * _C1 + _C2) & _MASK
        out.append(c2)
    rest = cipher[at + len(digits):]
    append = out.append
    for i, c in enumerate(rest):
        if r == s:
            out += rest[i:]
            break
        c2 = c ^ ((r ^ s) >> 8)
        r = ((c + r) * _C1 + _C2) & _MASK
        s = ((c2 + s) * _C1 + _C2) & _MASK
        append(c2)
    return bytes(out)


def renumber_font_ids(pdf) -> bool:  # type: ignore[no-untyped-def]
    """Renumber the Type 1 UniqueIDs of an open ``pikepdf.Pdf`` from 4100001, in the order of the
    IDs LibreOffice gave (so in order of first use); True when there were any. The caller saves."""
    import pikepdf

    fonts = []
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != "/FontDescriptor":
            continue
        ff = obj.get("/FontFile")
        if not isinstance(ff, pikepdf.Stream) or "/Length1" not in ff or "/Length2" not in ff:
            continue
        data = ff.read_bytes()
        l1, l2 = int(ff.Length1), int(ff.Length2)
        m = _UNIQUE_ID.search(data[:l1])
        if m is None:
            continue
        fonts.append((int(m.group(1)), ff, data, l1, l2))
    if not fonts:
        return False
    wanted = {uid: _FIRST_ID + rank for rank, uid in enumerate(sorted({f[0] for f in fonts}))}
    # rewritten even when already in order: a rewritten stream is compressed by qpdf, not by
    # LibreOffice, and both cases must give the same bytes
    for uid, ff, data, l1, l2 in fonts:
        new = b"%d" % wanted[uid]
        clear = _UNIQUE_ID.sub(b"/UniqueID " + new + b" def", data[:l1], count=1)
        body = _swap_digits(data[l1:l1 + l2], new)
        if body is None:  # not LibreOffice's layout: the general way
            plain = _UNIQUE_ID.sub(b"/UniqueID " + new + b" def", eexec_decrypt(data[l1:l1 + l2]), count=1)
            body = eexec_encrypt(plain)
        ff.write(clear + body + data[l1 + l2:])
        ff.Length1, ff.Length2 = len(clear), len(body)
    return True
