"""Machine-translated multilingual farm (a style of our own finding).

Networks that run one Chinese CMS template in a dozen languages translate the
template's labels by machine and never look at the result: "Current location:
Home page > Financial information", "Release time:", "Reading volume: 3412",
"Guess you like", "Hot search", "Previous article / Next article", and the
boiler-plate disclaimer "This article is reproduced from the Internet ... If
there is any infringement, please contact us to delete it". The page
declares the wrong language (``<html lang="en">`` over a German story),
links a language switcher and ``hreflang`` versions in many languages, and
leaves full-width punctuation in the copied text.
"""

from __future__ import annotations

from ..kit import counter_html, counters_block, esc, format_count, paragraphs_html
from ..shell import Graft
from ._base import FarmStyle, StyleContext

LABELS = {
    "en": {"location": "Current location:", "home": "Home page", "section": ("Financial information", "Social hot spot",
           "Entertainment gossip", "Technology information", "International news"), "time": "Release time:",
           "reads": "Reading volume:", "author": "Author: Internet", "editor": "Responsible editor:",
           "guess": "Guess you like", "hot": "Hot search", "hot2": "Hot recommendation", "prev": "Previous article:",
           "next": "Next article:", "like": "Like", "disclaimer": "Disclaimer: This article is reproduced from the "
           "Internet, and the copyright belongs to the original author. If there is any infringement, please contact "
           "us to delete it."},
    "de": {"location": "Aktueller Standort:", "home": "Startseite", "section": ("Finanzinformationen",
           "Sozialer Hotspot", "Unterhaltungsklatsch", "Technologieinformationen"), "time": "Freigabezeit:",
           "reads": "Lesevolumen:", "author": "Autor: Internet", "editor": "Verantwortlicher Redakteur:",
           "guess": "Rate mal, was dir gefällt", "hot": "Heiße Suche", "hot2": "Heiße Empfehlung",
           "prev": "Vorheriger Artikel:", "next": "Nächster Artikel:", "like": "Gefällt mir",
           "disclaimer": "Haftungsausschluss: Dieser Artikel wird aus dem Internet reproduziert und das Urheberrecht "
           "liegt beim ursprünglichen Autor. Bei Verstößen kontaktieren Sie uns bitte, um ihn zu löschen."},
    "fr": {"location": "Emplacement actuel :", "home": "Page d'accueil", "section": ("Informations financières",
           "Point chaud social", "Potins de divertissement"), "time": "Heure de sortie :", "reads": "Volume de lecture :",
           "author": "Auteur : Internet", "editor": "Éditeur responsable :", "guess": "Devinez ce que vous aimez",
           "hot": "Recherche chaude", "hot2": "Recommandation chaude", "prev": "Article précédent :",
           "next": "Article suivant :", "like": "J'aime", "disclaimer": "Avertissement : cet article est reproduit "
           "à partir d'Internet et le droit d'auteur appartient à l'auteur original. En cas de contrefaçon, "
           "veuillez nous contacter pour le supprimer."},
    "es": {"location": "Ubicación actual:", "home": "Página de inicio", "section": ("Información financiera",
           "Punto caliente social", "Chismes de entretenimiento"), "time": "Tiempo de lanzamiento:",
           "reads": "Volumen de lectura:", "author": "Autor: Internet", "editor": "Editor responsable:",
           "guess": "Adivina lo que te gusta", "hot": "Búsqueda caliente", "hot2": "Recomendación caliente",
           "prev": "Artículo anterior:", "next": "Artículo siguiente:", "like": "Me gusta",
           "disclaimer": "Descargo de responsabilidad: este artículo se reproduce de Internet y los derechos de autor "
           "pertenecen al autor original. Si hay alguna infracción, contáctenos para eliminarlo."},
}
SWITCHER = (("en", "English"), ("de", "Deutsch"), ("fr", "Français"), ("es", "Español"), ("it", "Italiano"),
            ("pt", "Português"), ("ru", "Русский"), ("ja", "日本語"), ("ko", "한국어"), ("zh-CN", "中文"), ("ar", "العربية"),
            ("nl", "Nederlands"), ("pl", "Polski"), ("tr", "Türkçe"))
HREFLANGS = ("en", "de", "fr", "es", "it", "pt", "ru", "ja", "ko", "zh-CN", "ar", "nl", "pl", "tr", "vi", "th")
EDITORS = ("Wang Lei", "Li Na", "Zhang Wei", "Liu Yang", "Chen Jing", "admin")
DATE_GAP_DAYS = (30, 1500)
LIST_SIZES = (6, 10)


class MachineTranslatedStyle(FarmStyle):
    name = "machine_translated"
    summary = "multilingual CMS farm with machine-translated template labels, wrong page language, language switcher"
    signals = {
        "location_breadcrumb": 0.6, "release_time": 0.75, "reading_volume": 0.55, "like_counter": 0.4,
        "internet_author": 0.4, "disclaimer": 0.6, "prev_next": 0.5, "guess_list": 0.85, "hot_list": 0.6,
        "wrong_lang": 0.5, "hreflang": 0.4, "switcher": 0.5, "fullwidth_punctuation": 0.35, "title_suffix": 0.8,
    }

    def render(self, ctx: StyleContext) -> Graft:
        rng, a, s = ctx.rng, ctx.article, self.signals
        lang = a.lang if a.lang in LABELS and not ctx.chance(0.35) else "en"
        words = LABELS[lang]
        brand, domain = ctx.site()
        shown = ctx.later(DATE_GAP_DAYS)
        url = ctx.url(domain, shown, rng.choice(("news", "info", "html", "a")))

        breadcrumb = ""
        if ctx.chance(s["location_breadcrumb"]):
            breadcrumb = (f'<div class="{rng.choice(("position", "crumbs", "location", "breadcrumb"))}">'
                          f'{esc(words["location"])} <a href="/">{esc(words["home"])}</a> &gt; '
                          f'<a href="/list/{rng.randint(1, 40)}.html">{esc(rng.choice(words["section"]))}</a></div>')
        info = []
        if ctx.chance(s["release_time"]):
            info.append(f"{words['time']} {shown:%Y-%m-%d %H:%M}")
        if ctx.chance(s["internet_author"]):
            info.append(words["author"])
        if ctx.chance(s["reading_volume"]):
            info.append(f"{words['reads']} {format_count(rng, rng.randint(100, 80_000))}")
        under = [f'<div class="{rng.choice(("info", "msg", "article-info", "p-info"))}">'
                 + " ".join(f"<span>{esc(t)}</span>" for t in info) + "</div>"] if info else []

        story = list(a.story_paragraphs)
        if ctx.chance(s["fullwidth_punctuation"]):
            story = [p.replace(", ", "，", 2) if rng.random() < 0.5 else p.replace(". ", "。", 1) for p in story]
        after = []
        if ctx.chance(s["like_counter"]):
            after.append(counters_block(rng, [counter_html(rng, words["like"], rng.randint(5, 9_999))]))
        if ctx.chance(s["disclaimer"]):
            after.append(f'<p class="{rng.choice(("statement", "disclaimer", "copyright"))}">{esc(words["disclaimer"])}</p>')
        after.append(f'<div class="editor">{esc(words["editor"])} {esc(rng.choice(EDITORS))}</div>')
        lists = ctx.headline_lists(3, LIST_SIZES, duplicate_rate=0.1, truncate_rate=0.06, foreign_share=0.35)
        if ctx.chance(s["prev_next"]):
            prev_item, next_item = lists[2][:2] if len(lists[2]) >= 2 else ("", "")
            if prev_item:
                after.append(f'<div class="{rng.choice(("pre-next", "page-turn", "prevnext"))}">'
                             f'<p>{esc(words["prev"])} <a href="/a/{rng.randint(1000, 99999)}.html">{esc(prev_item)}</a></p>'
                             f'<p>{esc(words["next"])} <a href="/a/{rng.randint(1000, 99999)}.html">{esc(next_item)}</a></p>'
                             "</div>")
        sidebar = []
        if ctx.chance(s["guess_list"]):
            sidebar.append(ctx.list_html(words["guess"], lists[0], domain))
        if ctx.chance(s["hot_list"]):
            sidebar.append(ctx.list_html(rng.choice((words["hot"], words["hot2"])), lists[1], domain,
                                         ordered=ctx.chance(0.5)))
        head = []
        if ctx.chance(s["hreflang"]):
            base = url.split(domain, 1)[1]
            for code in rng.sample(HREFLANGS, rng.randint(4, 10)):
                head.append(f'<link rel="alternate" hreflang="{code}" href="https://{domain}/{code.lower()}{base}">')
        if ctx.chance(s["switcher"]):
            links = "".join(f'<a href="/{code.lower()}/">{esc(name)}</a> '
                            for code, name in rng.sample(SWITCHER, rng.randint(4, 9)))
            sidebar.insert(0, f'<div class="{rng.choice(("lang", "language", "switch-lang"))}">{links.strip()}</div>')

        page_lang = a.lang
        if ctx.chance(s["wrong_lang"]):
            page_lang = rng.choice([code for code in ("en", "zh-CN", "en-US") if code != a.lang])
        title = a.headline + (rng.choice(("_", "-", " - ", "_")) + brand if ctx.chance(s["title_suffix"]) else "")
        return Graft(headline=a.headline, title=title, url=url, lang=page_lang, breadcrumb=breadcrumb, under=under,
                     body=paragraphs_html(story), after=after, sidebar=sidebar, head=head,
                     description=a.story_paragraphs[0][:160], published=shown.isoformat(),
                     date_policy=ctx.date_policy(keep=0.4, drop=0.3), author=None, site_name=ctx.site_name(brand),
                     rehost=ctx.chance(0.85))
