"""The farm style contract and the context a style renders from.

A style is one class (one module in this package) with a ``name``, a
``summary`` of the real farms it imitates, and ``signals``: the farm signals
it can show, each with the share of its pages that show it. No style shows all
its signals on every page, so that a model cannot latch onto one marker.
``render(ctx)`` returns a :class:`~classifier.synth.shell.Graft`; the shell,
the story and the random generator come in :class:`StyleContext`.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from functools import cached_property
from typing import ClassVar

from ..corpus import Article
from ..farmsites import SiteCluster, make_clusters
from ..kit import article_url, hrefs_for, link_list_html
from ..pools import HeadlinePool, farm_lists, key_terms
from ..vocab import LANGS

#: Brands (site clusters) per style: enough that titles vary, few enough that
#: the same names recur across domains as in real networks.
CLUSTERS_PER_STYLE = 12
#: When a story has no machine-readable date, its date is drawn from these
#: years (the corpus pages were published 2012-2021).
FALLBACK_YEARS = (2014, 2021)
#: Title separators before a farm's site name ("... -Aspire Money Growth").
TITLE_SEPARATORS = (" -", " - ", "_", " | ", " – ", " — ", "-")


@dataclass
class ShellInfo:
    """The shell page as the grafting needs to know it."""

    id: str
    domain: str
    site_name: str
    title: str
    headline: str


@dataclass
class StyleContext:
    rng: random.Random
    article: Article
    pool: HeadlinePool
    shell: ShellInfo
    clusters: list[SiteCluster] = field(default_factory=list)

    @cached_property
    def terms(self) -> set[str]:
        return key_terms(self.article.headline, self.article.paragraphs)

    @cached_property
    def exclude(self) -> set[str]:
        return {self.article.id, self.shell.id}

    @cached_property
    def story_date(self) -> dt.datetime:
        """The story's publication date, or a plausible one when unknown."""
        if self.article.date is not None:
            return self.article.date
        rng = random.Random(f"date|{self.article.id}")
        start = dt.datetime(FALLBACK_YEARS[0], 1, 1)
        span = (dt.datetime(FALLBACK_YEARS[1], 12, 31) - start).days
        return start + dt.timedelta(days=rng.randrange(span), hours=rng.randrange(6, 20), minutes=rng.randrange(60))

    def later(self, days: tuple[int, int]) -> dt.datetime:
        """A date ``days`` (range) after the story, at a random time of day."""
        base = self.story_date.replace(hour=0, minute=0, second=0, microsecond=0)
        return base + dt.timedelta(days=self.rng.randint(*days), seconds=self.rng.randrange(86_400))

    def widget_lang(self, english_share: float) -> str:
        """The language of the widgets: English with ``english_share`` (templates
        left untranslated), else the story's language when it has wording."""
        lang = self.article.lang
        if lang not in LANGS or self.rng.random() < english_share:
            return "en"
        return lang

    def site(self) -> tuple[str, str]:
        """(brand, domain) of the farm site for this page."""
        cluster = self.rng.choice(self.clusters)
        return cluster.name, cluster.pick(self.rng)

    def url(self, domain: str, when: dt.datetime, section: str = "news") -> str:
        return article_url(self.rng, domain, self.article.headline, when, section)

    def title(self, brand: str, suffix_share: float) -> str:
        if self.rng.random() >= suffix_share:
            return self.article.headline
        return self.article.headline + self.rng.choice(TITLE_SEPARATORS) + brand

    def headline_lists(self, n_lists: int, sizes: tuple[int, int], *, duplicate_rate: float, truncate_rate: float,
                       foreign_share: float = 0.1) -> list[list[str]]:
        return farm_lists(self.rng, self.pool, n_lists, sizes, self.article.lang, self.terms, self.exclude,
                          duplicate_rate=duplicate_rate, truncate_rate=truncate_rate, foreign_share=foreign_share)

    def list_html(self, heading: str, items: list[str], domain: str, *, extras: list[str] | None = None,
                  ordered: bool = False) -> str:
        return link_list_html(self.rng, heading, items, hrefs_for(self.rng, domain, items), extras=extras,
                              ordered=ordered)

    def chance(self, share: float) -> bool:
        return self.rng.random() < share

    def date_policy(self, keep: float, drop: float) -> str:
        """What happens to the shell's date meta tags: ``keep`` them (now
        inconsistent with the story), ``drop`` them, or ``set`` the farm's date."""
        roll = self.rng.random()
        return "keep" if roll < keep else "drop" if roll < keep + drop else "set"

    def site_name(self, brand: str) -> str | None:
        """og:site_name: the farm's brand, removed, or the shell's left behind."""
        roll = self.rng.random()
        return brand if roll < 0.5 else "" if roll < 0.8 else None


class FarmStyle:
    """One way farms republish a story. Subclasses set the class attributes and
    implement :meth:`render`; knobs are class attributes with their rates."""

    name: ClassVar[str] = ""
    summary: ClassVar[str] = ""
    #: signal -> share of this style's pages that show it.
    signals: ClassVar[dict[str, float]] = {}

    def make_clusters(self, rng: random.Random) -> list[SiteCluster]:
        return make_clusters(rng, CLUSTERS_PER_STYLE)

    def render(self, ctx: StyleContext):  # pragma: no cover - abstract
        raise NotImplementedError
