"""Rewrite traces: the style a paraphrasing tool leaves on copied news.

Farms run copied stories through spinners and chatbots to slip past duplicate
filters. Beyond the chatbot's own chatter (see ``copy_markers``), the
rewrite shows in the prose. What is measured on the story's text:

* ``spun_reporting_verbs``: the share of reporting verbs that are "stated",
  "declared", "remarked" or "noted" rather than "said"/"says" (English
  stories with at least MIN_REPORTING_VERBS of them; 0 otherwise). News
  style says "said"; spinners swap it for a synonym;
* ``inflated_words``: words paraphrasers swap in for plain ones ("utilize",
  "commence", "individuals", "numerous", "furthermore", "due to the fact
  that") per thousand words of an English story;
* ``conclusion_paragraph``: 1 when a paragraph opens with "In conclusion",
  "In summary", "To sum up" (or their German, French and Spanish forms):
  chatbot essays end that way, news stories do not;
* ``writer_bio_boilerplate``: invented-author bios — "... is a passionate
  writer who covers ...", "... is a seasoned content writer" (count);
* ``heavy_spinning``: 1 when an English story holds at least
  HEAVY_SPIN_DISTINCT different paraphraser words at HEAVY_SPIN_RATE or more
  per thousand words. ``inflated_words`` is a rate the model weighs, and one
  "numerous" or "furthermore" is in one real story in twenty; three different
  ones this dense are in one in a thousand (measured on the corpus);
* ``urgency_label``: 1 when the title or the main heading opens with an
  urgency label — "Breaking:", "Just In:", "Latest:", "Update:" (and the
  German, French, Spanish and Italian forms). Farms relabel copied stories,
  often years old, as news this way; newsrooms rarely title a story so
  (3 of 1,443 corpus originals).

Why it separates: reporters write "said" and plain words by house style;
a story that reads like a school essay was rewritten by a tool. These are
rates for the model to weigh: some columnists write "stated" too.

Range: shares in [0, 1], a non-negative rate, 0/1 flags and a count; an empty
page gives zeros.
"""

from __future__ import annotations

import re

from ..parse import ParsedPage
from ._base import PageFeature, ratio

MIN_REPORTING_VERBS = 4
MIN_ENGLISH_WORDS = 80
MAX_COUNT = 10.0
HEAVY_SPIN_DISTINCT = 3
HEAVY_SPIN_RATE = 3.0

PLAIN_REPORTING = re.compile(r"\b(said|says)\b", re.I)
#: Past tenses only: "states", "notes" and "remarks" are nouns as often as verbs.
SPUN_REPORTING = re.compile(r"\b(stated|declared|remarked|noted)\b", re.I)
INFLATED = re.compile(
    r"\b(utili[sz]e[sd]?|utili[sz]ing|commence[sd]?|commencing|individuals|numerous|additionally|furthermore"
    r"|nonetheless|nevertheless|due to the fact that|conveyed to|inaugural|municipality|youngsters|exceedingly"
    r"|sizable|showcase[sd]?|leverage[sd]?|pivotal|persons|folks)\b",
    re.I,
)
ENGLISH_HINT = re.compile(r"\b(the|and|of|to)\b", re.I)
CONCLUSION = re.compile(r"^(in conclusion|in summary|to sum up|to summari[sz]e|all in all|abschließend lässt sich"
                        r"|zusammenfassend lässt sich|en conclusion|pour conclure|en conclusión|en resumen)\b", re.I)
URGENCY_LABEL = re.compile(r"^\W{0,3}(breaking( news)?|just in|latest|update[ds]?|eilmeldung|aktuell"
                           r"|derni[eè]re minute|urgent|[uú]ltima hora|ultim'ora|ultima ora)\s*[:|–—]", re.I)
WRITER_BIO = re.compile(r"\bis an? (passionate|seasoned|dedicated|professional|experienced|talented) "
                        r"(content )?(writer|blogger|author)\b", re.I)


def is_english(text: str, words: int) -> bool:
    return words >= MIN_ENGLISH_WORDS and len(ENGLISH_HINT.findall(text)) >= 0.06 * words


def heavy_spinning(inflated: list[str], words: int) -> bool:
    """Several different paraphraser words, densely: a spun story, not one
    writer's taste for "numerous"."""
    distinct = len({word.lower() for word in inflated})
    return distinct >= HEAVY_SPIN_DISTINCT and 1000.0 * ratio(len(inflated), words) >= HEAVY_SPIN_RATE


class RewriteTraces(PageFeature):
    """The prose style of spun and chatbot-rewritten copy."""

    name = "rewrite_traces"
    feature_names = ("spun_reporting_verbs", "inflated_words", "conclusion_paragraph", "writer_bio_boilerplate",
                     "heavy_spinning", "urgency_label")
    farm_markers = feature_names
    reason_templates = {
        "spun_reporting_verbs": "{value:.0%} of reporting verbs are 'stated'/'noted'-style synonyms, not 'said': "
                                "{evidence}",
        "inflated_words": "{value:.1f} paraphraser words per 1,000 ({evidence})",
        "conclusion_paragraph": "the story ends like an essay: {evidence}",
        "writer_bio_boilerplate": "an invented author's stock bio: {evidence}",
        "heavy_spinning": "the story is dense with words paraphrasing tools swap in: {evidence}",
        "urgency_label": "the headline is labelled as urgent news: {evidence}",
    }
    counter_reason_templates = {
        "spun_reporting_verbs": "the story says 'said', as reporters do",
        "inflated_words": "{value:.1f} paraphraser words per 1,000",
        "conclusion_paragraph": "the story does not end like an essay",
        "writer_bio_boilerplate": "no stock author bio",
        "heavy_spinning": "the story is not dense with paraphrasing-tool words",
        "urgency_label": "the headline carries no 'breaking'-style urgency label",
    }

    def _analysis(self, page: ParsedPage) -> dict:
        def compute():
            text = page.main_text
            words = len(text.split())
            english = is_english(text, words)
            plain = PLAIN_REPORTING.findall(text) if english else []
            spun = [m.group(0) for m in SPUN_REPORTING.finditer(text)] if english else []
            inflated = [m.group(0) for m in INFLATED.finditer(text)] if english else []
            return {"words": words, "plain": plain, "spun": spun, "inflated": inflated,
                    "conclusions": [p for p in page.paragraphs if CONCLUSION.match(p)],
                    "bios": [line for line in page.lines if len(line) < 400 and WRITER_BIO.search(line)],
                    "urgent": [text for text in (page.title, page.h1) if text and URGENCY_LABEL.match(text)]}
        return page.memo("rewrite_traces", compute)

    def extract(self, page: ParsedPage) -> dict[str, float]:
        a = self._analysis(page)
        verbs = len(a["plain"]) + len(a["spun"])
        return {
            "spun_reporting_verbs": ratio(len(a["spun"]), verbs) if verbs >= MIN_REPORTING_VERBS else 0.0,
            "inflated_words": 1000.0 * ratio(len(a["inflated"]), a["words"]),
            "conclusion_paragraph": 1.0 if a["conclusions"] else 0.0,
            "writer_bio_boilerplate": min(MAX_COUNT, float(len(a["bios"]))),
            "heavy_spinning": 1.0 if heavy_spinning(a["inflated"], a["words"]) else 0.0,
            "urgency_label": 1.0 if a["urgent"] else 0.0,
        }

    def evidence(self, page: ParsedPage, feature: str) -> str:
        a = self._analysis(page)
        found = {"spun_reporting_verbs": a["spun"], "inflated_words": a["inflated"], "heavy_spinning": a["inflated"],
                 "conclusion_paragraph": a["conclusions"], "writer_bio_boilerplate": a["bios"],
                 "urgency_label": a["urgent"]}.get(feature, [])
        if not found:
            return ""
        if feature in ("spun_reporting_verbs", "inflated_words", "heavy_spinning"):
            return ", ".join(f"'{w}'" for w in list(dict.fromkeys(w.lower() for w in found))[:4])
        text = found[0] if len(found[0]) <= 80 else found[0][:77] + "…"
        return f"'{text}'"
