"""Line searches without a regex call per line: shared by extractors.

Many extractors ask which lines (or link texts) a case-insensitive pattern
finds. When every match of the pattern holds one of a few lower-case hint
words, a C-level ``str.find`` of each hint in the page's lower-cased text
picks the few lines worth searching, and only those go through the pattern.
The result is the same list, in the same order, as searching every line;
tests pin each use to its plain search.
"""

from __future__ import annotations

import bisect
import re
from itertools import accumulate

from ..parse import ParsedPage

#: Characters that ``re.I`` matches to an ASCII letter they do not lower-case
#: to (dotted and dotless i, long s, Kelvin sign): text that holds one is
#: searched the slow way, so lower-casing never changes what matches.
FOLD_SPECIALS = re.compile("[\u0130\u0131\u017f\u212a]")


def lowered_text(texts: list[str]) -> str | None:
    """``texts`` joined by line breaks and lower-cased, position for position;
    None when lower-casing could change what a case-insensitive pattern
    matches, or when a text holds a line break of its own."""
    text = "\n".join(texts)
    lowered = text.lower()
    if len(lowered) != len(text) or FOLD_SPECIALS.search(text) or text.count("\n") != max(0, len(texts) - 1):
        return None
    return lowered


def lowered_lines(page: ParsedPage) -> str | None:
    """``lowered_text(page.lines)``, computed once per page."""
    return page.memo(lowered_lines, lambda: lowered_text(page.lines))


def hinted(texts: list[str], lowered: str | None, hints: tuple[str, ...]) -> list[int]:
    """Indices of the texts whose lower-cased form holds a hint, in order (all
    of them when ``lowered`` is None). Hints must be ASCII and free of line
    breaks, and every match of the pattern they stand for must hold one."""
    if lowered is None:
        return list(range(len(texts)))
    starts, hit = list(accumulate((len(text) + 1 for text in texts), initial=0)), set()
    for hint in hints:
        at = lowered.find(hint)
        while at >= 0:
            index = bisect.bisect_right(starts, at) - 1
            hit.add(index)
            at = lowered.find(hint, starts[index + 1])
    return sorted(hit)
