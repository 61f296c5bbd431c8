"""Widget wording in the languages of the corpus.

Farm templates are localised badly or not at all: a German story may sit under
English "Related" lists, a Spanish one under a machine-translated "Current
location". Each entry lists variants; styles pick one with their own random
generator. Languages without an entry fall back to English (:func:`words`).
"""

from __future__ import annotations

import random

#: Languages with their own widget wording; every key of ``WORDS`` has all of them.
LANGS = ("en", "de", "fr", "es", "it", "pt")

WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "related": {
        "en": ("Related", "Related News", "Related Articles", "Related Stories", "See also"),
        "de": ("Verwandte Artikel", "Ähnliche Artikel", "Mehr zum Thema", "Das könnte Sie auch interessieren"),
        "fr": ("Articles similaires", "À lire aussi", "Sur le même sujet"),
        "es": ("Relacionados", "Noticias relacionadas", "Te puede interesar"),
        "it": ("Articoli correlati", "Correlati", "Potrebbe interessarti"),
        "pt": ("Relacionadas", "Notícias relacionadas", "Leia também"),
    },
    "ranking": {
        "en": ("Ranking", "Most Popular", "Hot News", "Top Stories", "Most Read", "Popular"),
        "de": ("Meistgelesen", "Beliebt", "Top-Artikel", "Ranking"),
        "fr": ("Les plus lus", "Populaires", "Classement"),
        "es": ("Lo más leído", "Más populares", "Ranking"),
        "it": ("I più letti", "Più popolari", "Classifica"),
        "pt": ("Mais lidas", "Populares", "Ranking"),
    },
    "recommendation": {
        "en": ("Recommendation", "Recommended", "You May Also Like", "Editor's Picks", "Hot Topics"),
        "de": ("Empfohlen", "Empfehlungen", "Auch interessant", "Redaktionstipps"),
        "fr": ("Recommandé", "Recommandations", "Vous aimerez aussi"),
        "es": ("Recomendado", "Recomendaciones", "También te puede gustar"),
        "it": ("Consigliati", "Raccomandati", "Ti potrebbe piacere"),
        "pt": ("Recomendado", "Recomendações", "Você também pode gostar"),
    },
    "trending": {
        "en": ("Trending", "Trending Now", "Trending Stories", "What's Hot", "Hot Right Now"),
        "de": ("Im Trend", "Trends", "Gerade angesagt"),
        "fr": ("Tendances", "En ce moment"),
        "es": ("Tendencias", "Lo último"),
        "it": ("Di tendenza", "Tendenze"),
        "pt": ("Em alta", "Tendências"),
    },
    "latest": {
        "en": ("Latest", "Latest News", "Recent Posts", "Latest Posts", "Just In"),
        "de": ("Neueste Artikel", "Aktuell", "Neueste Beiträge"),
        "fr": ("Derniers articles", "À la une"),
        "es": ("Últimas noticias", "Entradas recientes"),
        "it": ("Ultime notizie", "Articoli recenti"),
        "pt": ("Últimas notícias", "Posts recentes"),
    },
    "home": {
        "en": ("Home", "Homepage"), "de": ("Startseite", "Home"), "fr": ("Accueil",), "es": ("Inicio",),
        "it": ("Home",), "pt": ("Início", "Home"),
    },
    "position": {
        "en": ("Current:", "Current position:", "Current location:", "Location:", "Position:"),
        "de": ("Aktuelle Position:", "Position:", "Current:"),
        "fr": ("Position actuelle :", "Current:"),
        "es": ("Posición actual:", "Ubicación:", "Current:"),
        "it": ("Posizione attuale:", "Current:"),
        "pt": ("Posição atual:", "Current:"),
    },
    "date": {
        "en": ("Date:", "Time:", "Release time:", "Published:"), "de": ("Datum:", "Zeit:", "Date:"),
        "fr": ("Date :", "Date:"), "es": ("Fecha:", "Date:"), "it": ("Data:", "Date:"), "pt": ("Data:", "Date:"),
    },
    "source": {
        "en": ("Source:", "From:"), "de": ("Quelle:", "Source:"), "fr": ("Source :",), "es": ("Fuente:",),
        "it": ("Fonte:",), "pt": ("Fonte:",),
    },
    "views": {
        "en": ("Views", "View", "Reads"), "de": ("Aufrufe", "Views"), "fr": ("Vues", "Lectures"),
        "es": ("Vistas", "Visitas", "Lecturas"), "it": ("Visualizzazioni", "Letture"), "pt": ("Visualizações",),
    },
    "moods": {
        "en": ("veryGood!", "Very good", "Good", "Bad", "Angry", "Sad", "Funny", "Wow", "Like"),
        "de": ("Sehr gut", "Gefällt mir", "Schlecht", "Traurig", "Wütend", "Lustig"),
        "fr": ("J'aime", "Triste", "En colère", "Wow"),
        "es": ("Me gusta", "Enojado", "Triste", "Wow"),
        "it": ("Mi piace", "Wow", "Triste"),
        "pt": ("Curtir", "Curtidas", "Wow"),
    },
    "sections": {
        "en": ("Markets", "Finance", "Economy", "Business", "Entertainment", "Lifestyle", "Society", "Tech",
               "Sports", "Health", "World", "Politics", "Travel", "Cars", "Real Estate", "Fashion", "Investing"),
        "de": ("Wirtschaft", "Finanzen", "Börse", "Unterhaltung", "Gesellschaft", "Technik", "Sport", "Gesundheit",
               "Reise", "Auto", "Politik", "Lifestyle", "Immobilien"),
        "fr": ("Économie", "Finance", "Bourse", "Divertissement", "Société", "Sport", "Santé", "Voyage", "Auto"),
        "es": ("Economía", "Finanzas", "Mercados", "Entretenimiento", "Sociedad", "Deportes", "Salud", "Viajes"),
        "it": ("Economia", "Finanza", "Mercati", "Spettacoli", "Società", "Sport", "Salute", "Viaggi"),
        "pt": ("Economia", "Finanças", "Mercados", "Entretenimento", "Sociedade", "Esportes", "Saúde"),
    },
    "read_more": {
        "en": ("Read More", "Read more", "Continue reading", "Read the full story"),
        "de": ("Weiterlesen", "Mehr lesen", "Zum vollständigen Artikel"),
        "fr": ("Lire la suite", "Lire plus"), "es": ("Leer más", "Seguir leyendo"),
        "it": ("Leggi di più", "Continua a leggere"), "pt": ("Leia mais", "Continuar lendo"),
    },
    "next_slide": {
        "en": ("Next slide", "Next", "Next Page", "Continue"), "de": ("Nächstes Bild", "Weiter", "Nächste Seite"),
        "fr": ("Diapositive suivante", "Suivant"), "es": ("Siguiente diapositiva", "Siguiente"),
        "it": ("Slide successiva", "Avanti"), "pt": ("Próximo slide", "Próximo"),
    },
    "advertisement": {
        "en": ("Advertisement", "ADVERTISEMENT", "Sponsored", "Ad"), "de": ("Anzeige", "Werbung", "ANZEIGE"),
        "fr": ("Publicité", "PUBLICITÉ"), "es": ("Publicidad", "Anuncio"), "it": ("Pubblicità",),
        "pt": ("Publicidade", "Anúncio"),
    },
    "sponsored": {
        "en": ("Sponsored", "Promoted Stories", "Around the Web", "Recommended for you", "Sponsored Content"),
        "de": ("Gesponsert", "Anzeige", "Aus dem Netz", "Empfohlen für Sie"),
        "fr": ("Sponsorisé", "Contenus sponsorisés", "Sur le web"),
        "es": ("Patrocinado", "Contenido patrocinado", "En la red"),
        "it": ("Sponsorizzato", "Contenuti sponsorizzati"),
        "pt": ("Patrocinado", "Conteúdo patrocinado"),
    },
    "comments": {
        "en": ("Comments", "comments", "Leave a comment"), "de": ("Kommentare", "Kommentar schreiben"),
        "fr": ("Commentaires",), "es": ("Comentarios",), "it": ("Commenti",), "pt": ("Comentários",),
    },
    "tags": {
        "en": ("Tags:", "Filed under:", "Tagged:"), "de": ("Schlagwörter:", "Tags:"), "fr": ("Mots-clés :", "Tags :"),
        "es": ("Etiquetas:",), "it": ("Tag:",), "pt": ("Tags:",),
    },
    "share": {
        "en": ("Share", "Share this:", "Share on Facebook"), "de": ("Teilen", "Artikel teilen"),
        "fr": ("Partager",), "es": ("Compartir",), "it": ("Condividi",), "pt": ("Compartilhar",),
    },
}

#: Month names for visible dates.
MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
    "de": ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
           "November", "Dezember"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
           "noviembre", "diciembre"),
    "it": ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre",
           "ottobre", "novembre", "dicembre"),
    "pt": ("janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro",
           "novembro", "dezembro"),
}


def widget_lang(lang: str) -> str:
    """``lang`` when it has widget wording, else English."""
    return lang if lang in LANGS else "en"


def words(key: str, lang: str) -> tuple[str, ...]:
    return WORDS[key][widget_lang(lang)]


def pick(rng: random.Random, key: str, lang: str) -> str:
    return rng.choice(words(key, lang))
