"""AI-rewritten copy: a story run through a chatbot and pasted unread.

Farms that "rewrite" stories with a language model to dodge duplicate-content
filters leave the model's chatter in the page ("Certainly! Here is a
rewritten version of the article:", "As an AI language model, ..."), spin
words into odd synonyms ("said" -> "stated", "people" -> "individuals"),
bolt on "In conclusion," and present old news as new ("Breaking:" over a
story years old), often under an invented author with a stock bio.
"""

from __future__ import annotations

import re

from ..kit import esc, format_date, line_html, paragraphs_html
from ..shell import Graft
from ..vocab import pick
from ._base import FarmStyle, StyleContext

OPENERS = {
    "en": ("Certainly! Here is a rewritten version of the article:", "Sure, here's the rewritten news article:",
           "As an AI language model, I cannot browse the internet, but here is a rewritten version of the article "
           "you provided:", "Here is a unique, SEO-optimized version of the article:",
           "Certainly, here is the article rewritten in a fresh and engaging style:"),
    "de": ("Natürlich! Hier ist eine umgeschriebene Version des Artikels:", "Gerne, hier ist der umformulierte Artikel:",
           "Als KI-Sprachmodell habe ich keinen Zugriff auf aktuelle Nachrichten, aber hier ist eine Neufassung:"),
    "fr": ("Bien sûr ! Voici une version réécrite de l'article :", "En tant que modèle de langage IA, voici une "
           "réécriture de l'article :"),
    "es": ("¡Claro! Aquí tienes una versión reescrita del artículo:", "Como modelo de lenguaje de IA, aquí está una "
           "versión reescrita del artículo:"),
}
CLOSERS = {
    "en": ("I hope this helps! Let me know if you need any further changes.",
           "Note: As an AI, I do not have access to real-time information, so some details may be out of date.",
           "As of my last knowledge update, these were the latest developments.",
           "Please note that this rewritten article is based on the information provided."),
    "de": ("Ich hoffe, das hilft! Lassen Sie mich wissen, wenn Sie weitere Änderungen wünschen.",
           "Hinweis: Als KI habe ich keinen Zugriff auf Echtzeitinformationen."),
    "fr": ("J'espère que cela vous aide ! N'hésitez pas à me demander d'autres modifications.",),
    "es": ("¡Espero que esto te ayude! Avísame si necesitas más cambios.",),
}
CONCLUSION = {"en": "In conclusion, ", "de": "Abschließend lässt sich sagen: ", "fr": "En conclusion, ",
              "es": "En conclusión, "}
#: Synonym spinning: word -> replacements, as spinners and paraphrasing models
#: swap them (lower case; the case of the original is kept).
SYNONYMS = {
    "en": {"said": ("stated", "noted", "declared", "remarked"), "says": ("states", "notes", "declares"),
           "people": ("individuals", "folks", "persons"), "big": ("substantial", "huge", "sizable"),
           "important": ("crucial", "vital", "pivotal"), "help": ("assist", "aid"), "show": ("demonstrate", "showcase"),
           "use": ("utilize", "leverage"), "start": ("commence", "initiate"), "buy": ("purchase", "acquire"),
           "also": ("additionally", "furthermore"), "country": ("nation",), "company": ("firm", "enterprise"),
           "city": ("municipality", "metropolis"), "children": ("youngsters", "kids"), "many": ("numerous", "countless"),
           "new": ("novel", "fresh"), "government": ("administration",), "told": ("informed", "conveyed to"),
           "about": ("regarding", "concerning"), "because": ("due to the fact that", "since"),
           "however": ("nevertheless", "nonetheless"), "problem": ("issue", "challenge"), "get": ("obtain", "acquire"),
           "make": ("create", "craft"), "very": ("extremely", "exceedingly"), "first": ("initial", "inaugural")},
    "de": {"sagte": ("erklärte", "äußerte", "betonte"), "sagt": ("erklärt", "betont"), "Menschen": ("Personen", "Individuen"),
           "groß": ("enorm", "gewaltig"), "wichtig": ("bedeutsam", "essenziell"), "auch": ("zusätzlich", "ebenfalls"),
           "viele": ("zahlreiche", "unzählige"), "neue": ("neuartige", "frische"), "Unternehmen": ("Firma", "Betrieb"),
           "Stadt": ("Kommune", "Metropole"), "Kinder": ("Sprösslinge", "Nachwuchs"), "sehr": ("äußerst", "überaus"),
           "aber": ("jedoch", "allerdings"), "Problem": ("Herausforderung", "Schwierigkeit")},
}
BREAKING = ("Breaking:", "BREAKING:", "Just In:", "Update:", "Latest:")
FAKE_AUTHORS = ("Emily Carter", "James Whitaker", "Olivia Bennett", "Daniel Hayes", "Sophia Turner", "Michael Reed",
                "Laura Schmidt", "Ethan Brooks")
BIO = "{name} is a passionate writer who covers breaking news, technology and lifestyle topics for {brand}."
OLD_NEWS_SHARE = 0.7
OLD_GAP_DAYS = (180, 1600)
FRESH_GAP_DAYS = (0, 20)
SPIN_RATE = (0.3, 0.85)
_DATELINE_PREFIX = re.compile(r"^\s*[A-ZÀ-Þ][\w.'’ ,-]{1,60}?\s*\((?:AP|Reuters|AFP|dpa)\)\s*[-–—:]\s*")


def spin(rng, text: str, lang: str, rate: float) -> str:
    table = SYNONYMS.get(lang)
    if not table:
        return text

    def swap(match: re.Match) -> str:
        word = match.group(0)
        options = table.get(word) or table.get(word.lower())
        if not options or rng.random() >= rate:
            return word
        choice = rng.choice(options)
        return choice[0].upper() + choice[1:] if word[0].isupper() and not choice[0].isupper() else choice

    return re.sub(r"[^\W\d_]+", swap, text)


class AiRewriteStyle(FarmStyle):
    name = "ai_rewrite"
    summary = "AI-rewritten copy: chatbot leftovers, synonym spinning, old news as new, invented author"
    signals = {
        "chatbot_opener": 0.55, "chatbot_closer": 0.4, "title_line": 0.2, "synonym_spinning": 0.85,
        "conclusion": 0.4, "breaking_prefix": 0.3, "old_news": OLD_NEWS_SHARE, "fake_author": 0.5, "author_bio": 0.3,
        "dateline_dropped": 0.5, "lists": 0.7, "title_suffix": 0.6,
    }

    def render(self, ctx: StyleContext) -> Graft:
        rng, a, s = ctx.rng, ctx.article, self.signals
        lang = a.lang if a.lang in OPENERS else "en"
        widget = ctx.widget_lang(english_share=0.5)
        brand, domain = ctx.site()
        shown = ctx.later(OLD_GAP_DAYS if ctx.chance(s["old_news"]) else FRESH_GAP_DAYS)
        url = ctx.url(domain, shown, "news")

        story = list(a.story_paragraphs)
        if story and ctx.chance(s["dateline_dropped"]):
            story[0] = _DATELINE_PREFIX.sub("", story[0]) or story[0]
        if ctx.chance(s["synonym_spinning"]):
            rate = rng.uniform(*SPIN_RATE)
            story = [spin(rng, p, a.lang, rate) for p in story]
        if story and ctx.chance(s["conclusion"]) and lang in CONCLUSION:
            last = story[-1]
            story[-1] = CONCLUSION[lang] + last[:1].lower() + last[1:]
        body = []
        if ctx.chance(s["chatbot_opener"]):
            body.append(f"<p>{esc(rng.choice(OPENERS[lang]))}</p>")
        if ctx.chance(s["title_line"]):
            body.append(f"<p><strong>Title: {esc(a.headline)}</strong></p>")
        body.extend(paragraphs_html(story))
        if ctx.chance(s["chatbot_closer"]):
            body.append(f"<p>{esc(rng.choice(CLOSERS[lang]))}</p>")

        headline = a.headline
        if ctx.chance(s["breaking_prefix"]):
            headline = f"{rng.choice(BREAKING)} {headline}"
        under, after = [], []
        author = ""
        if ctx.chance(s["fake_author"]):
            author = rng.choice(FAKE_AUTHORS)
            under.append(f'<div class="{rng.choice(("byline", "author", "post-author"))}">By {esc(author)}</div>')
            if ctx.chance(s["author_bio"] / s["fake_author"]):
                after.append(f'<div class="author-bio"><p>{esc(BIO.format(name=author, brand=brand))}</p></div>')
        under.append(line_html(rng, format_date(rng, shown, widget, with_time=ctx.chance(0.5))))

        sidebar = []
        if ctx.chance(s["lists"]):
            items = ctx.headline_lists(1, (4, 8), duplicate_rate=0.0, truncate_rate=0.04)[0]
            sidebar.append(ctx.list_html(pick(rng, rng.choice(("related", "latest")), widget), items, domain))

        title = ctx.title(brand, s["title_suffix"])
        if headline != a.headline:
            title = title.replace(a.headline, headline, 1)
        return Graft(headline=headline, title=title, url=url, lang=a.lang, under=under, body=body, after=after,
                     sidebar=sidebar, description=story[0][:160] if story else "", published=shown.isoformat(),
                     date_policy=ctx.date_policy(keep=0.2, drop=0.2), author=author or None,
                     site_name=ctx.site_name(brand), rehost=ctx.chance(0.85))
