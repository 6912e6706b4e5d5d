"""Text folding for the plain searches (SQLite, and the small tables searched with LIKE everywhere)."""

from __future__ import annotations

import unicodedata


def fold(text: str | None) -> str:
    """Lower case without accents, one character in for one character out ("Núñez" → "nunez").

    Keeping the length lets a search find a match in the folded copy and highlight the same span in
    the original text.
    """
    out = []
    for ch in (text or "").lower():
        base = unicodedata.normalize("NFKD", ch)
        out.append(base[0] if base and not unicodedata.combining(base[0]) else ch)
    return "".join(out)
