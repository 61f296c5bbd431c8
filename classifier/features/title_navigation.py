"""Title and navigation: does the page's frame belong to the story and the site?

What is measured
----------------
* **The site name in the title.** Titles end (or start) in a site name:
  "... | ZEIT ONLINE", "... - CNN", "... -Aspire Money Growth", "..._新浪新闻".
  The short, name-like segments of the title are compared with the page's own
  identity, its domain (``ParsedPage.domain``) and its site name
  (``og:site_name``), fuzzily: "ZEIT ONLINE" fits zeit.de, "The New York
  Times" fits nytimes.com (initials and whole words), "Süddeutsche Zeitung"
  fits sueddeutsche.de; "Aspire Money Growth" does not fit cnn.com. Section
  names ("Politik", "Sport"), generic words ("News", "Live"), page types
  ("Vergleich", "Detail"), an issuer's press release on a wire platform and
  dated document titles ("... November 2021") are not site names. Only the
  title's LAST segment can be a foreign brand (farms append theirs; a first
  segment is an outlet's kicker or column: "Kolumne: ... – Story"), and it is
  the site's own when the site shows it as its own elsewhere: the title names
  the domain in another part ("Blogname: Review - Book by Author"), the URL's
  first path part starts it or spells its initials (geeks3d.com/hacklab/ for
  "HackLAB", /index.php/wdr/ for "Wiener Digitale Revue"), a link leads to a
  section of the site under that name or path ("La Ciudad" -> /seccion/la-ciudad),
  its distinctive word is a crumb of the site's breadcrumb ("Ferienhaus
  Lierfeld" under "... > Lierfeld"), it is part of the h1 (a subtitle), or it
  is a news agency the page credits ("Story - Reuters" with "By Reuters": a
  licensed wire copy).
* **Breadcrumbs** (``ParsedPage.breadcrumbs``: "Home > Markets", "Current
  position: Home > Category"), the farm-template prefix "Current:" /
  "Current position:" / "当前位置：", and a breadcrumb glued to the headline
  ("Current:Home > MarketsNorth Korea's top diplomat ..."), as text pages and
  farm ``<title>`` tags show them.
* **Section fit**: whether the breadcrumb's section ("Markets") fits the
  story. Common sections map to a small built-in topic lexicon (finance,
  sports, tech, entertainment, health, politics/world, travel, food, cars; in
  English, German, French and Spanish), counted as distinct topic words found
  in the headline and article body; a section outside the lexicon fits when its
  own words occur in the article.
* **Title against headline**: the share of the ``<h1>`` headline's words
  missing from the ``<title>``.

Why it separates farms from originals
-------------------------------------
Real outlets almost always brand their titles with their own name, and their
breadcrumbs name a section that fits the story. A farm republishes someone
else's story under its own brand on a domain that often does not carry it,
files a diplomacy story under "Markets" (a category chosen for ad rates, not
content), and its template prints "Current:Home > Category" glued to the
headline. Measured on the simulator manifest, ``title_site_mismatch`` fires
on 0.3% of real originals (personal blogs titled with their blog name, an
association's acronym) and republications, and on 11-35% of every farm style.

Features and ranges
-------------------
* ``title_site_name``: 1 when the title has a name-like segment beside the
  headline (any segment that fits the site, or a last segment such as
  "| Site"), else 0.
* ``title_site_mismatch``: 1 when that name fits neither the domain nor the
  site name; 0 when it fits one of them or the title has no site name;
  ``UNKNOWN`` (-1) when the title has a site name but the page has neither a
  domain nor a site name to compare it with (plain text, saved files).
* ``has_breadcrumb``: 1 when the page shows a breadcrumb trail, else 0.
* ``breadcrumb_farm_prefix``: 1 when a breadcrumb starts with the
  site-cluster template prefix "Current:" / "Current position:" /
  "Location:" / "当前位置：" (not the "You are here:" of many legitimate
  CMSs), else 0.
* ``breadcrumb_glued_to_title``: 1 when a breadcrumb trail runs straight into
  the headline (in the title or in one line of text), else 0.
* ``breadcrumb_section_misfit``: 0 (the section fits the story) to 1 (a known
  section with none of its topic words in the story); ``UNKNOWN_SECTION_MISFIT``
  (0.5) for a section outside the lexicon whose words the story never uses;
  ``UNKNOWN`` (-1) when there is no breadcrumb section or no article text.
  With several sections, the best fit counts.
* ``title_h1_mismatch``: share of the headline's words missing from the
  title, 0 to 1; ``UNKNOWN`` (-1) when the page has no title or no headline.

Empty or degenerate pages: no title, no breadcrumb, so every feature is 0
except ``breadcrumb_section_misfit`` and ``title_h1_mismatch``, which are
``UNKNOWN`` (-1). Values are always finite.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar
from urllib.parse import urlsplit

from ..parse import BREADCRUMB_TEXT, ParsedPage, domain_of
from ._base import PageFeature

#: Value of a comparison that cannot be made (nothing to compare with).
#: Real values are never negative, so a tree can split it off.
UNKNOWN = -1.0
#: A site name in a title has at most this many words and characters
#: ("Frankfurter Allgemeine Zeitung", "The Wall Street Journal"); longer
#: segments are part of the headline.
SITE_NAME_MAX_WORDS = 6
SITE_NAME_MAX_CHARS = 60
#: A name-like segment has more than this share of its words capitalised
#: ("Aspire Money Growth"), not a phrase such as "what to know".
SITE_NAME_MIN_CAPITALISED = 0.5
#: Domain labels and name pieces shorter than this only match whole (too many
#: three-letter names occur inside other words by chance).
MIN_CONTAINED_CHARS = 3
#: A word of the title's site name this long found inside the domain makes
#: them fit; five letters rarely match by chance ("arbeit", "money").
SHARED_WORD_MIN_CHARS = 5
#: A first URL path part this long that starts the title's last segment makes
#: it a sub-brand of the site ("/hacklab/" and "HackLAB"); shorter parts
#: ("/de/", "/a/") start too many names by chance.
SUB_BRAND_MIN_CHARS = 4
#: A line longer than this is story text, not a credit line.
CREDIT_LINE_MAX_CHARS = 400
#: A title segment whose content words occur in the article at least this
#: often (as a share) is a subtitle or topic ("Muffin Rezepte" over a muffin
#: recipe), not a brand: a farm's brand is not in the story it copies.
TOPICAL_SEGMENT_MIN_SHARE = 0.5
#: A breadcrumb crumb with more words than this is the article's own title,
#: not a section.
SECTION_MAX_WORDS = 4
#: Distinct topic words in the story that make a known section fit fully;
#: the misfit falls linearly from 1 (none) to 0 (this many). Three keeps one
#: chance word ("price" in a diplomacy story) from counting as a fit.
SECTION_FIT_WORDS = 3
#: Misfit of a section outside the lexicon whose own words the story never
#: uses: it may or may not fit, so half-way.
UNKNOWN_SECTION_MISFIT = 0.5
#: A section name is matched in the article from its first characters
#: ("politi" finds "political"), at most this many.
SECTION_STEM_CHARS = 5
#: The headline must be at least this long to be found inside a breadcrumb
#: (shorter h1s are logos or section names).
HEADLINE_MIN_CHARS = 15
#: Lines from the top of the page searched for a farm breadcrumb prefix.
BREADCRUMB_SEARCH_LINES = 60
#: Quotes in evidence are cut to this many characters.
QUOTE_MAX_CHARS = 70

#: Separators between headline and site name in a title: " | ", " - ", " – ",
#: " :: ", " · ", " » ", " / ", "|" without spaces, the farm style " -Name",
#: and "_" between words ("标题_网站").
_TITLE_SEPARATOR = re.compile(
    r"\s+[|｜–—~·•»«›‹/:-]{1,2}\s+|\s*[|｜]\s*|\s+[-–—]{1,2}(?=[^\s\d-])|(?<=[^\s\d-])[-–—]{1,2}\s+"
    r"|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
_WORD = re.compile(r"\w+", re.U)
#: Lines that credit a story's source ("This article originally appeared in X", "Quelle: X", "via X").
_ATTRIBUTION = re.compile(
    r"(?i)\b(?:originally (?:appeared|published|ran)|first (?:appeared|published)|republished|with (?:kind )?"
    r"permission|source\s*:|sources?\s*:|via\b|reporting by|erschien zuerst|ursprünglich erschienen|"
    r"mit freundlicher genehmigung|quelle\s*:|publié (?:initialement|d'abord)|a d'abord été publié|source :|"
    r"publicado originalmente|se publicó originalmente|fuente\s*:|fonte\s*:|apparso originariamente)")
_COPYRIGHT = re.compile(r"(?i)©|\(c\)|copyright")
#: News agencies (folded, spaces dropped) whose "© dpa" line credits them as a source.
_AGENCIES = frozenset(
    "associatedpress ap reuters afp dpa efe ansa xinhua upi apa sda keystonesda aap canadianpress pa pamedia "
    "bloomberg kna epd".split())
_YEAR = re.compile(r"(?:19|20)\d\d")
_PRESS_RELEASE = re.compile(r"(?:プレスリリース|新闻稿|新聞稿|보도자료)\s*$")
_PATH_TOKEN = re.compile(r"[^\W_]+", re.U)
_CJK = re.compile(r"[\u3040-\u30FF\u3400-\u9FFF\uAC00-\uD7AF]")
_DOMAIN_LIKE = re.compile(r"\w\.(?:com|net|org|de|ch|at|fr|es|it|co|uk|info|news|online|io)\b", re.I)
_CRUMB_SEPARATOR = re.compile(r"\s*[>»›/|]\s*|\s+[-–]\s+")
#: The site-cluster farm template's breadcrumb prefix; "You are here" is left
#: out on purpose: legitimate CMSs (Joomla, TYPO3, government sites) use it.
FARM_PREFIX = re.compile(
    r"^\s*(?:current(?:\s+(?:position|location|page))?|position|location|当前位置|您的位置|现在位置|所在位置)"
    r"\s*[:：]\s*\S", re.I)
_TRAIL_MARK = re.compile(r"[>»›]")
#: A section word glued to the capitalised headline after it, with at least
#: three more words following ("MarketsNorth Korea's top diplomat ...").
_GLUED = re.compile(r"([^\W\d_][\w&'’-]{1,30}?[a-zß-ÿ])[A-ZÀ-Þ][\w'’-]*(?:\s+\S+){3}")
#: "Current:", "You are here:", "当前位置：" before the first crumb.
_CRUMB_PREFIX = re.compile(r"^[^>»›:：]{0,30}[:：]\s*(?=\S)")
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "ø": "oe", "å": "aa"})
#: Letters that Unicode does not decompose into a base letter and an accent.
_UNDECOMPOSED = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "đ": "d", "ł": "l", "œ": "oe", "ı": "i"})
#: An archived copy's address holds the original one ("web.archive.org/web/2019/https://site/...").
_ARCHIVED_URL = re.compile(r"^https?://(?:web\.)?archive\.org/web/[^/]+/(https?://.+)$", re.I)
_ARCHIVE_HOSTS = frozenset({"web.archive.org", "archive.org"})
#: Words a domain adds to the site's name ("sputniknews" for "Sputnik").
_DOMAIN_AFFIXES = ("news", "online", "web", "blog", "magazin", "magazine", "zeitung", "daily", "today", "tv",
                   "live", "info", "net", "de")
#: Parts of a host name that say nothing about whose site it is.
_GENERIC_HOST_LABELS = frozenset(
    "www www1 www2 www3 m mobile amp beta edition international en de fr es it nl pt news blog blogs web home "
    "online article articles".split())
#: Second-level labels of country domains ("co.uk", "com.au").
_SECOND_LEVEL = frozenset("co com org net gov ac edu ne or go gv".split())
_STOP_WORDS = frozenset(
    "a an and the of to in on for at by with from or de der die das und la le les el los las y et e di del des "
    "du il lo da do dos em".split())

#: Common sections and the words a story filed there uses, by topic. Section
#: names are matched as whole words of a crumb; topic words as word starts in
#: the lower-cased headline and article (a trailing "\b" marks a whole word).
#: Chosen by hand from news sites' section menus in the corpus languages.
TOPICS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "finance": (
        ("markets", "market", "finance", "financial", "business", "economy", "money", "stocks", "investing",
         "wirtschaft", "finanzen", "börse", "geld", "économie", "economie", "bourse", "marchés", "economía",
         "mercados", "finanzas", "negocios", "economia", "mercati", "财经", "股票", "经济", "金融"),
        ("market", "stock", "investor", "invest", "inflation", "econom", "earnings", "revenue", "profit",
         "nasdaq", "dow jones", "s&p", "bonds?\\b", "yield", "dollar", "currenc", "trading", "trader", "trade",
         "tariff", "export", "import", "prices?\\b", "gdp\\b", "recession", "ipo\\b", "bitcoin", "crypto",
         "interest rate", "central bank", "federal reserve", "wall street", "funds?\\b", "bank", "tax",
         "sales\\b", "shareholder", "ceo\\b", "compan", "customer", "partner", "acquisition", "merger",
         "contract", "industr", "oil\\b", "billion", "aktie", "börse", "anleger", "zins", "wirtschaft",
         "unternehmen", "umsatz", "gewinn", "konjunktur", "dax\\b", "märkte", "preis", "steuer", "kunden",
         "marché", "investisseur", "économ", "taux\\b", "entreprise", "prix\\b", "bolsa", "mercado", "acciones",
         "inversor", "inflación", "empresa", "precio", "petróleo", "dólar"),
    ),
    "sports": (
        ("sport", "sports", "football", "soccer", "nfl", "nba", "mlb", "nhl", "tennis", "golf", "fußball",
         "fussball", "bundesliga", "deportes", "deporte", "fútbol", "calcio", "wintersport", "体育"),
        ("game", "match", "team", "season", "player", "coach", "score", "goal", "league", "championship",
         "champion", "tournament", "cup\\b", "fans?\\b", "stadium", "olymp", "playoff", "club",
         "striker", "medal", "race\\b", "athlet", "spiel", "mannschaft", "trainer", "saison", "liga", "verein",
         "meister", "équipe", "joueur", "entraîneur", "championnat", "partido", "equipo", "jugador",
         "entrenador", "temporada", "torneo", "campeon"),
    ),
    "tech": (
        ("tech", "technology", "science", "digital", "gadgets", "internet", "computer", "wissenschaft",
         "technik", "netzwelt", "tecnología", "technologie", "sciences", "ciencia", "科技"),
        ("software", "apps?\\b", "google", "apple", "microsoft", "smartphone", "iphone", "android", "computer",
         "internet", "online", "digital", "data\\b", "ai\\b", "artificial intelligence", "chip", "startup",
         "tech", "users?\\b", "device", "cyber", "robot", "research", "scientist", "study", "studies",
         "discover", "space\\b", "nasa", "daten", "nutzer", "forsch", "studie", "wissenschaft", "ki\\b",
         "logiciel", "données", "chercheur", "datos", "usuarios", "investigador", "científic"),
    ),
    "entertainment": (
        ("entertainment", "celebrity", "celebrities", "movies", "film", "music", "tv", "culture", "arts",
         "showbiz", "gossip", "kultur", "unterhaltung", "promis", "stars", "kino", "musik", "cinéma", "musique",
         "culture", "cultura", "espectáculos", "gente", "spettacoli", "娱乐"),
        ("film", "movie", "actor", "actress", "singer", "album", "song", "star", "show", "series", "hollywood",
         "celebrit", "concert", "festival", "music", "band\\b", "tv\\b", "netflix", "premiere", "award", "oscar",
         "grammy", "dance", "theat", "stage", "museum", "exhibit", "book", "novel", "author", "artist", "art\\b",
         "opera", "schauspiel", "sänger", "konzert", "serie", "tanz", "bühne", "ausstellung", "buch", "roman",
         "autor", "künstler", "kunst", "literat", "oper\\b", "acteur", "chanteu", "livre", "película",
         "cantante", "música", "libro"),
    ),
    "health": (
        ("health", "wellness", "medicine", "science", "gesundheit", "medizin", "santé", "salud", "salute",
         "sanità", "健康"),
        ("health", "patient", "doctor", "hospital", "disease", "virus", "corona", "covid", "pandemi", "vaccin",
         "cancer", "medic", "treatment", "symptom", "drug", "infect", "gesundheit", "arzt", "ärzt",
         "krankenhaus", "krank", "impf", "santé", "médecin", "hôpital", "maladie", "salud", "médico",
         "enfermedad", "sanit"),
    ),
    "politics": (
        ("politics", "world", "national", "international", "nation", "government", "elections", "election",
         "politik", "ausland", "inland", "welt", "deutschland", "politique", "monde", "international",
         "política", "mundo", "internacional", "politica", "esteri", "国际", "时政", "政治"),
        ("government", "minister", "president", "parliament", "election", "vote", "party", "senat", "congress",
         "law\\b", "diplomat", "foreign", "talks\\b", "official", "military", "war\\b", "troops", "leader",
         "policy", "sanction", "border", "countr", "nation", "europ", "territor", "mayor", "court",
         "regierung", "präsident", "partei", "wahl", "bundestag", "krieg", "grenze", "gouvernement", "ministre",
         "président", "élection", "guerre", "frontière", "gobierno", "ministro", "presidente", "elecciones",
         "guerra", "frontera", "país", "estado", "congreso", "fiscal", "justicia"),
    ),
    "travel": (
        ("travel", "reise", "reisen", "voyage", "voyages", "viajes", "tourism"),
        ("travel", "trip", "hotel", "resort", "flight", "airline", "touris", "beach", "destination", "reise",
         "urlaub", "flug", "voyage", "vuelo", "viaje"),
    ),
    "food": (
        ("food", "recipes", "essen", "rezepte", "cuisine", "comida", "dining", "receitas", "recetas"),
        ("recipe", "cook", "food", "restaurant", "chef", "dish", "eat", "bake", "rezept", "koch", "essen",
         "kuchen", "backen", "recette", "receta", "receita", "cocina"),
    ),
    "lifestyle": (
        ("lifestyle", "beauty", "fashion", "style", "living", "leben", "mode", "wohnen", "moda", "belleza",
         "beauté", "famille", "family", "familie", "garden", "garten"),
        ("hair", "haar", "skin", "haut\\b", "makeup", "make-up", "fashion", "dress", "kleid", "beauty",
         "look\\b", "trend", "outfit", "wear", "style", "home\\b", "garden", "garten", "wohn", "famil", "kinder",
         "child", "wedding", "bride", "braut", "hochzeit", "peau", "cheveux", "cabello", "piel", "ropa"),
    ),
    "cars": (
        ("auto", "autos", "cars", "motors", "automotive", "mobilität", "motor", "motoring"),
        ("cars?\\b", "vehicle", "driver", "engine", "electric", "tesla", "auto", "fahrzeug", "fahrer", "motor",
         "voiture", "coche"),
    ),
}
#: Words of a crumb or title segment that name neither a site nor a topic.
GENERIC_WORDS = frozenset(
    "news nachrichten home startseite homepage index aktuell aktuelles latest blog article articles story stories "
    "video videos photos photo gallery live liveblog ticker opinion opinions meinung kommentar analysis review "
    "reviews interview podcast actualités actualité infos info noticias notizie ultima hora local regional "
    "breaking top more mehr page seite 首页 新闻 正文 资讯 "
    # words of the breadcrumb itself and of pager links, as some sites print them
    "breadcrumb breadcrumbs navigation navigationspfad pfadnavigation sie sind hier befinden sich du bist "
    "you are here sei in previous next vorheriges nächstes zurück weiter archiv archive uncategorized "
    "allgemein general "
    # page types that close a title as its section would ("... 2022 - Vergleich", "... | Detail")
    "detail details vergleich vorstellung ratgeber testbericht "
    # press releases on a wire platform name their issuer, not the site ("...｜X社のプレスリリース")
    "press release releases pressemitteilung pressemitteilungen communiqué comunicado "
    # Turkish news words ("Son Dakika Haberler": latest news)
    "son dakika haber haberler haberleri".split())
#: Month names: dated archive crumbs ("2023 > November > 8") are not sections.
_MONTHS = frozenset(
    "january february march april may june july august september october november december januar februar "
    "märz juni juli oktober dezember janvier février mars avril mai juin juillet août septembre octobre "
    "novembre décembre enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
    "diciembre".split())
#: Crumbs that lead back to the front page ("Home", "Start", "Portada").
HOME_WORDS = frozenset(
    "home homepage start startseite hauptseite inicio portada accueil главная 首页 主页 网站首页 home page".split())
#: Section word -> the topics it may stand for ("science": tech or health).
_SECTION_TOPICS: dict[str, tuple[str, ...]] = {}
for _topic, (_sections, _) in TOPICS.items():
    for _word in _sections:
        _SECTION_TOPICS[_word] = (*_SECTION_TOPICS.get(_word, ()), _topic)
_TOPIC_WORDS = {topic: re.compile(r"(?<!\w)(?:" + "|".join(words) + ")") for topic, (_, words) in TOPICS.items()}


@dataclass(frozen=True)
class TitleSite:
    """The site-name reading of a page title."""

    name: str  #: the name-like segment ("" when none)
    mismatch: float  #: 1 mismatch, 0 fit or no name, UNKNOWN nothing to compare with


# --- names and domains --------------------------------------------------------


def _fold(text: str) -> tuple[str, ...]:
    """Spellings of ``text`` to compare: lower case with umlauts spelt out
    ("sueddeutsche") and with accents dropped ("suddeutsche")."""
    lower = text.lower()
    spelt = lower.translate(_UMLAUTS)
    plain = "".join(c for c in unicodedata.normalize("NFKD", lower.translate(_UNDECOMPOSED))
                    if not unicodedata.combining(c))
    return (spelt, plain) if spelt != plain else (spelt,)


def domain_tokens(domain: str) -> tuple[str, ...]:
    """The parts of a host name that name the site: "www.zeit.de" -> ("zeit",),
    "edition.cnn.com" -> ("cnn",), "www.n-tv.de" -> ("ntv", "n", "tv")."""
    labels = [label for label in domain.lower().split(".") if label]
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL:
        labels = labels[:-2]
    elif len(labels) >= 2:
        labels = labels[:-1]
    named = [label for label in labels if label not in _GENERIC_HOST_LABELS] or labels
    tokens: list[str] = []
    for label in named:
        tokens.append(label.replace("-", ""))
        if "-" in label:
            tokens.extend(part for part in label.split("-") if part)
    for token in list(tokens):
        bare = token.strip("0123456789")
        for affix in _DOMAIN_AFFIXES:
            if bare.endswith(affix) and len(bare) > len(affix) + 1:
                bare = bare[:-len(affix)]
            elif bare.startswith(affix) and len(bare) > len(affix) + 1:
                bare = bare[len(affix):]
        if bare and bare != token:
            tokens.append(bare)
    return tuple(dict.fromkeys(tokens))


def own_domain(page: ParsedPage) -> str:
    """The page's domain; for an archived copy, the domain of the original."""
    domain = page.domain
    if domain in _ARCHIVE_HOSTS:
        match = _ARCHIVED_URL.match(page.canonical_url)
        if match:
            return domain_of(match.group(1))
    return domain


@lru_cache(maxsize=4096)
def _spells(token: str, words: tuple[str, ...]) -> bool:
    """Whether ``token`` is written by pieces of ``words`` in order: whole words
    or their first letter or first three or more letters ("nytimes" from
    "new york times", "latimes" from "los angeles times"); words may be skipped."""

    def walk(i: int, j: int) -> bool:
        if i == len(token):
            return True
        for k in range(j, len(words)):
            word = words[k]
            longest = 0
            while longest < len(word) and i + longest < len(token) and word[longest] == token[i + longest]:
                longest += 1
            for size in range(longest, 0, -1):
                if (size == 1 or size >= MIN_CONTAINED_CHARS or size == len(word)) and walk(i + size, k + 1):
                    return True
        return False

    return bool(token) and bool(words) and walk(0, 0)


def name_fits(name: str, domain: str, site_name: str) -> bool:
    """Whether a title's site-name segment is the page's own: it fits a domain
    token (contained either way, or spelt by its words or initials) or the
    ``og:site_name`` (contained either way, or a shared distinctive word)."""
    tokens = domain_tokens(domain) if domain else ()
    site_spellings = _fold(site_name) if site_name else ()
    for spelling in _fold(name):
        words = tuple(w for w in _WORD.findall(spelling))
        compact = "".join(words)
        if not compact:
            continue
        for token in tokens:
            if len(token) >= MIN_CONTAINED_CHARS and token in compact:
                return True
            if len(compact) >= MIN_CONTAINED_CHARS and compact in token:
                return True
            if len(token) >= 2 and _spells(token, words):
                return True
            # A long word of the name inside the domain ("Bundesagentur für Arbeit", arbeitsagentur.de).
            if any(len(w) >= SHARED_WORD_MIN_CHARS and w in token for w in words):
                return True
        for site in site_spellings:
            site_words = _WORD.findall(site)
            site_compact = "".join(site_words)
            if site_compact and (site_compact in compact or (len(compact) >= MIN_CONTAINED_CHARS
                                                             and compact in site_compact)):
                return True
            distinctive = {w for w in site_words if w not in _STOP_WORDS and w not in GENERIC_WORDS and len(w) > 2}
            if distinctive & set(words):
                return True
    return False


def looks_like_site_name(segment: str) -> bool:
    """A short segment that reads as a name ("Aspire Money Growth", "CNN",
    "golem.de", "新浪新闻"), not a phrase ("what to know"), a section
    ("Politik") or a generic word ("Live", "Video")."""
    if not segment or len(segment) > SITE_NAME_MAX_CHARS or segment.endswith(("?", ".", ",")) or "," in segment:
        return False
    words = _WORD.findall(segment)
    if not words or len(words) > SITE_NAME_MAX_WORDS:
        return False
    lowered = [w.lower() for w in words]
    if all(w in GENERIC_WORDS or w in _SECTION_TOPICS or w in _STOP_WORDS or w.isdigit() for w in lowered):
        return False
    # A dated document title is no brand ("MineralölINFO November 2021"); nor is an issuer's press release.
    if any(w in _MONTHS or _YEAR.fullmatch(w) for w in lowered) or _PRESS_RELEASE.search(segment):
        return False
    if _CJK.search(segment) or _DOMAIN_LIKE.search(segment):
        return True
    content = [w for w in words if w.lower() not in _STOP_WORDS]
    if not content or not (segment[0].isupper() or segment[0].isdigit()):
        return False
    capitalised = sum(1 for w in content if w[0].isupper() or w[0].isdigit())
    return capitalised / len(content) > SITE_NAME_MIN_CAPITALISED


def title_segments(title: str) -> list[str]:
    """The title split at headline/site-name separators, without empty parts."""
    return [part.strip() for part in _TITLE_SEPARATOR.split(title) if part and part.strip()]


def title_site(page: ParsedPage) -> TitleSite:
    """The title's site-name segment and whether it fits the page's identity."""
    segments = title_segments(page.title)
    if len(segments) < 2:
        return TitleSite("", 0.0)
    short = [s for s in segments if len(s) <= SITE_NAME_MAX_CHARS and len(_WORD.findall(s)) <= SITE_NAME_MAX_WORDS]
    domain, site_name = own_domain(page), page.site_name
    # A syndicated copy points its canonical link at the source ("apnews.com/...") and keeps its
    # own address in og:url ("tucson.com/..."): the title's brand may fit either.
    og_domain = domain_of(page.meta.get("og:url", ""))
    domains = [domain] + ([og_domain] if og_domain and og_domain != domain else [])
    # Any segment may be the site's own name, even the longest ("Geschichte | Klänge des Verschweigens").
    for segment in short:
        if (domain or site_name) and any(name_fits(segment, d, site_name) for d in domains):
            return TitleSite(segment, 0.0)
    # The headline is the segment the page's h1 shows, else the longest ("엔터 미디어_Nova Equity News");
    # a short piece of the h1 is a logo or kicker ("ICON" of "ICON • ICON Magazine"), not the headline.
    h1 = _story_headline(page)
    headline = next((s for s in segments if h1 and (s == h1 or len(s) >= HEADLINE_MIN_CHARS and (s in h1 or h1 in s))),
                    None) or max(segments, key=len)
    if h1 and h1 in page.title and segments[-1] not in h1:
        headline = h1  # the title opens with the whole h1 ("蔡健雅_百度百科 | Brand"): what follows is no headline
    # Only the last segment is read as the brand: farms append theirs ("Story - Brand"); a first
    # segment is the outlet's kicker or column ("Kolumne: ... – Story", "Weltweit | Story | date").
    last = segments[-1]
    if h1 and last in h1 and len(h1) > len(last):
        return TitleSite("", 0.0)  # the headline's own subtitle ("Firm in trouble – Data and Adviser Contract")
    if last is headline or last not in short or not looks_like_site_name(last) or _is_page_topic(page, last):
        return TitleSite("", 0.0)
    if domain and (_names_itself(segments, domain) or _sub_brand(page, last)):
        return TitleSite(last, 0.0)
    if _credited(page, last):
        return TitleSite(last, 0.0)  # a licensed copy names its source: "Story - Reuters" with "By Reuters"
    # A name in another script cannot be compared with an ASCII domain ("МК", mk.ru).
    comparable = site_name or (domain and (any("a" <= c <= "z" for c in last.lower()) or not domain.isascii()))
    return TitleSite(last, 1.0 if comparable else UNKNOWN)


def _names_itself(segments: list[str], domain: str) -> bool:
    """Whether some part of the title, of any length, spells out the domain's name
    ("Weinlachgummi´s Naschtüte: [Rezi] Love is War - ..." on weinlachgummis.blogspot.com):
    the site names itself there, so the last segment is a subtitle, not a foreign brand."""
    tokens = [t for t in domain_tokens(domain) if len(t) >= SHARED_WORD_MIN_CHARS]
    if not tokens:
        return False
    for segment in segments:
        for spelling in _fold(segment):
            compact = "".join(_WORD.findall(spelling))
            if any(token in compact for token in tokens):
                return True
    return False


def _credited(page: ParsedPage, name: str) -> bool:
    """Whether the title's name is a news agency the page credits as the story's
    source: in its byline ("By Reuters"), in a dateline "(AFP) -", in an
    attribution line ("Quelle: dpa", "via Reuters") or a copyright line ("© dpa").
    A licensed wire copy keeps the agency in the title ("Story - Reuters").
    Only agencies: a farm credits its own brand everywhere ("By Brand Staff",
    "Source: Brand"), so a credit line naming any other name proves nothing."""
    target = "".join(_WORD.findall(_fold(name)[0]))
    if target not in _AGENCIES:
        return False
    probe = _WORD.findall(name.lower())[0]
    for text in page.bylines:
        if target in "".join(_WORD.findall(_fold(text)[0])):
            return True
    for line in page.lines:
        if len(line) > CREDIT_LINE_MAX_CHARS or probe not in line.lower():
            continue
        compact = "".join(_WORD.findall(_fold(line)[0]))
        if target not in compact:
            continue
        if _ATTRIBUTION.search(line) or _COPYRIGHT.search(line) or f"({probe})" in line.lower():
            return True
    return False


def _sub_brand(page: ParsedPage, name: str) -> bool:
    """Whether the name is a sub-brand or section of the site itself: the first
    part of the URL path starts it ("HackLAB" at geeks3d.com/hacklab/..., "Diveinside
    News" at taucher.net/diveinside-...), or a link on the page leads to a section
    of the site under that name ("La Ciudad" -> /seccion/la-ciudad)."""
    words = [w for w in _WORD.findall(_fold(name)[0]) if w not in GENERIC_WORDS and w not in _STOP_WORDS]
    compact = "".join(words)
    path = urlsplit(page.canonical_url).path.lower()
    first = next((t for t in _PATH_TOKEN.findall(path)
                  if not t.isdigit() and t not in GENERIC_WORDS and t not in _GENERIC_HOST_LABELS and t != "php"), "")
    if len(first) >= SUB_BRAND_MIN_CHARS and compact.startswith(first):
        return True
    # Or the name's initials ("Wiener Digitale Revue" at journals.univie.ac.at/index.php/wdr/).
    if len(first) >= 2 and len(words) >= 2 and first == "".join(w[0] for w in words):
        return True
    folded = name.casefold()
    host = page.domain
    for link in page.links:
        if not link.href or (link.text.casefold() != folded and (not compact or compact not in link.href.lower())):
            continue
        target = urlsplit(link.href)
        if target.hostname and target.hostname != host:
            continue
        # The link's text is the name, or its first path part is the name spelt as one word
        # ("Diveinside News" and taucher.net/diveinside), pointing into the site, not at its front page.
        first_part = target.path.strip("/").split("/")[0].lower()
        if first_part and (link.text.casefold() == folded or _PATH_TOKEN.findall(first_part)[:1] == [compact]):
            return True
    return False


def _is_page_topic(page: ParsedPage, segment: str) -> bool:
    """Whether a title segment is the page's own subject or section rather than
    a brand: a crumb of its breadcrumb, or words the headline and article use."""
    folded = segment.lower()
    sections = {section.lower() for section in breadcrumb_sections(page)}
    if folded in sections:
        return True
    words = {w for w in _WORD.findall(folded) if len(w) > 3 and w not in _STOP_WORDS}
    if not words:
        return False
    # A distinctive word of the segment is a crumb of the site's own trail: a place or section of the
    # site ("Ferienhaus Lierfeld" under "... > Eifel > Lierfeld"). Topic words ("World", "Money") are
    # left out: a farm brand may share them with a section of the page it sits on.
    if any(w in sections for w in words if w not in GENERIC_WORDS and w not in _SECTION_TOPICS):
        return True
    found = _page_words(page)
    return sum(1 for w in words if w in found) >= TOPICAL_SEGMENT_MIN_SHARE * len(words)


def _page_words(page: ParsedPage) -> frozenset[str]:
    return frozenset(_WORD.findall(f"{_story_headline(page)}\n{page.main_text}".lower()))


def _story_headline(page: ParsedPage) -> str:
    """The h1, unless it is only the title again (a text page without a separate
    headline line), which would hold the title's site name and breadcrumb."""
    return "" if page.kind == "text" and page.h1 == page.title else page.h1


# --- breadcrumbs --------------------------------------------------------------


def _headline(page: ParsedPage) -> str:
    h1 = _story_headline(page)
    return h1 if len(h1) >= HEADLINE_MIN_CHARS else ""


def farm_prefixed(page: ParsedPage) -> str:
    """The first breadcrumb (or line near the top, or the title) that starts with
    the farm prefix "Current:" and shows a trail; empty when none."""
    for text in (*page.breadcrumbs, page.title, *page.lines[:BREADCRUMB_SEARCH_LINES]):
        if FARM_PREFIX.match(text) and _TRAIL_MARK.search(text):
            return text
    return ""


def glued_breadcrumb(page: ParsedPage) -> str:
    """A breadcrumb trail that runs into the headline: a title that starts with a
    trail and goes on to the headline, or a breadcrumb whose section is glued to
    it without a separator ("MarketsNorth Korea's ..."). Returns the trail."""
    headline = _headline(page)
    title = page.title
    if headline and headline != title:
        start = title.find(headline)
        if start > 0 and (BREADCRUMB_TEXT.match(title) or FARM_PREFIX.match(title)) \
                and _TRAIL_MARK.search(title[:start]):
            return title[:start].strip()
        for crumb in page.breadcrumbs:
            start = crumb.find(headline)
            if start > 0 and crumb[start - 1].isalnum() and _TRAIL_MARK.search(crumb[:start]):
                return crumb[:start].strip()
    # No separate headline to look for: a section word running into a capitalised sentence.
    for text in (title, *page.breadcrumbs):
        if not (BREADCRUMB_TEXT.match(text) or FARM_PREFIX.match(text)):
            continue
        marks = list(_TRAIL_MARK.finditer(text))
        if marks:
            last = marks[-1].end()
            glued = _GLUED.match(text, last + len(text[last:]) - len(text[last:].lstrip()))
            if glued:
                return text[:glued.end(1)].strip()
    return ""


def breadcrumb_sections(page: ParsedPage) -> list[str]:
    """Section names of the page's breadcrumbs, most general first: crumbs other
    than the home link, the article's own title and generic words."""
    headline = _headline(page)
    domain, site_name = own_domain(page), page.site_name
    sections: list[str] = []
    glued = glued_breadcrumb(page)
    for trail in page.breadcrumbs:
        if headline and headline in trail:
            trail = trail[:trail.find(headline)]
        elif glued and trail.startswith(glued):
            trail = glued
        trail = _CRUMB_PREFIX.sub("", trail)
        for crumb in _CRUMB_SEPARATOR.split(trail):
            crumb = crumb.strip(" :：-–")
            words = [w.lower() for w in _WORD.findall(crumb)]
            if not words or len(words) > SECTION_MAX_WORDS or " ".join(words) in HOME_WORDS:
                continue
            if all(w in GENERIC_WORDS or w in _STOP_WORDS or w in _MONTHS or w.isdigit() for w in words):
                continue
            if (domain or site_name) and name_fits(crumb, domain, site_name):
                continue  # the site's own name as the first crumb
            if crumb not in sections:
                sections.append(crumb)
    return sections


def _article_text(page: ParsedPage) -> str:
    main = page.main_text
    return f"{_story_headline(page)}\n{main}".lower() if main else ""


def section_misfit(section: str, article: str) -> float:
    """How badly a breadcrumb section fits the (lower-cased) article text: for a
    known section, 1 minus the share of SECTION_FIT_WORDS topic words found;
    for another, 0 when its words occur in the article, else UNKNOWN_SECTION_MISFIT."""
    words = [w.lower() for w in _WORD.findall(section)]
    topics = [topic for w in words for topic in _SECTION_TOPICS.get(w, ())]
    if topics:
        best = 1.0
        for topic in topics:
            hits = len(set(_TOPIC_WORDS[topic].findall(article)))
            best = min(best, 1.0 - min(hits, SECTION_FIT_WORDS) / SECTION_FIT_WORDS)
        return best
    for word in words:
        if word in GENERIC_WORDS or word in _STOP_WORDS or len(word) < MIN_CONTAINED_CHARS:
            continue
        if re.search(r"(?<!\w)" + re.escape(word[:SECTION_STEM_CHARS]), article):
            return 0.0
    return UNKNOWN_SECTION_MISFIT


def best_section(page: ParsedPage) -> tuple[float, str]:
    """(misfit, section) of the breadcrumb section that fits the story best;
    (UNKNOWN, "") without sections or article text."""
    sections = breadcrumb_sections(page)
    article = _article_text(page) if sections else ""
    if not article:
        return UNKNOWN, ""
    scored = [(section_misfit(s, article), s) for s in sections]
    return min(scored, key=lambda pair: pair[0])


def title_h1_mismatch(page: ParsedPage) -> float:
    """Share of the headline's words missing from the title; UNKNOWN without both."""
    title_words = {w.lower() for w in _WORD.findall(page.title)}
    h1_words = {w.lower() for w in _WORD.findall(page.h1)}
    if not title_words or not h1_words:
        return UNKNOWN
    return len(h1_words - title_words) / len(h1_words)


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_MAX_CHARS else text[:QUOTE_MAX_CHARS - 1].rstrip() + "…"


class TitleNavigation(PageFeature):
    """Site name in the title against the domain; breadcrumbs and their section."""

    name: ClassVar[str] = "title_navigation"
    feature_names: ClassVar[tuple[str, ...]] = (
        "title_site_name",
        "title_site_mismatch",
        "has_breadcrumb",
        "breadcrumb_farm_prefix",
        "breadcrumb_glued_to_title",
        "breadcrumb_section_misfit",
        "title_h1_mismatch",
    )
    farm_markers = ("title_site_mismatch", "breadcrumb_farm_prefix", "breadcrumb_glued_to_title",
                    "breadcrumb_section_misfit")
    reason_templates: ClassVar[dict[str, str]] = {
        "title_site_name": "{evidence}",
        "title_site_mismatch": "{evidence}",
        "has_breadcrumb": "the page shows a breadcrumb: {evidence}",
        "breadcrumb_farm_prefix": "a farm-template breadcrumb: {evidence}",
        "breadcrumb_glued_to_title": "breadcrumb glued to the headline: {evidence}",
        "breadcrumb_section_misfit": "{evidence}",
        "title_h1_mismatch": "{evidence}",
    }
    counter_reason_templates: ClassVar[dict[str, str]] = {
        "title_site_mismatch": "the title's site name matches the site",
        "title_site_name": "{evidence}",
        "breadcrumb_section_misfit": "the breadcrumb section fits the story",
        "breadcrumb_farm_prefix": "no farm-template breadcrumb",
        "title_h1_mismatch": "the title matches the headline",
        "has_breadcrumb": "the page shows a breadcrumb: {evidence}",
        "breadcrumb_glued_to_title": "the breadcrumb stands apart from the headline",
    }

    def extract(self, page: ParsedPage) -> dict[str, float]:
        site = title_site(page)
        return {
            "title_site_name": 1.0 if site.name else 0.0,
            "title_site_mismatch": site.mismatch,
            "has_breadcrumb": 1.0 if page.breadcrumbs else 0.0,
            "breadcrumb_farm_prefix": 1.0 if farm_prefixed(page) else 0.0,
            "breadcrumb_glued_to_title": 1.0 if glued_breadcrumb(page) else 0.0,
            "breadcrumb_section_misfit": best_section(page)[0],
            "title_h1_mismatch": title_h1_mismatch(page),
        }

    def describe(self, page: ParsedPage, feature: str, value: float, towards_farm: bool = True) -> str:
        text = super().describe(page, feature, value, towards_farm)
        if text:
            return text
        # Templates made of a quote alone: plain words where there is nothing to quote.
        return {"title_site_name": "the title carries no site name",
                "title_site_mismatch": "the title's site name does not match the site",
                "breadcrumb_section_misfit": "the breadcrumb section does not fit the story" if towards_farm
                else "the breadcrumb section fits the story",
                "title_h1_mismatch": "the title and the headline differ" if towards_farm
                else "the title matches the headline"}.get(feature, text)

    def evidence(self, page: ParsedPage, feature: str) -> str:
        """A quote from the page: "title ends in site name 'X' that does not
        match the domain", "breadcrumb 'Current:Home > Markets'" ..."""
        if feature in ("title_site_name", "title_site_mismatch"):
            site = title_site(page)
            if not site.name:
                return ""
            if site.mismatch == 1.0:
                against = f"the domain ({page.domain})" if page.domain else f"the site name '{page.site_name}'"
                return f"title ends in site name '{_quote(site.name)}' that does not match {against}"
            if site.mismatch == UNKNOWN and page.domain:
                return (f"title ends in site name '{_quote(site.name)}', written in another script than "
                        f"the domain ({page.domain})")
            if site.mismatch == UNKNOWN:
                return f"title ends in site name '{_quote(site.name)}' (the page's domain is unknown)"
            return f"title ends in the site's own name '{_quote(site.name)}'"
        if feature == "has_breadcrumb":
            return f"breadcrumb '{_quote(page.breadcrumbs[0])}'" if page.breadcrumbs else ""
        if feature == "breadcrumb_farm_prefix":
            text = glued_breadcrumb(page) or farm_prefixed(page)
            return f"'{_quote(text)}'" if text else ""
        if feature == "breadcrumb_glued_to_title":
            text = glued_breadcrumb(page)
            return f"breadcrumb '{_quote(text)}'" if text else ""
        if feature == "breadcrumb_section_misfit":
            misfit, section = best_section(page)
            if not section:
                return ""
            verdict = "fits" if misfit <= 0 else "does not fit" if misfit >= 1 else "hardly fits"
            return f"breadcrumb section '{_quote(section)}' {verdict} the story"
        if feature == "title_h1_mismatch":
            if title_h1_mismatch(page) <= 0:
                return ""
            return f"title '{_quote(page.title)}' differs from the headline '{_quote(page.h1)}'"
        return ""
