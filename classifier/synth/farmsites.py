"""Invented farm sites: clusters of domains that share a site name.

Farm networks run many domains from one template, and reuse a brand across
them: "Aspire Money Growth" may head pages on ``aspiremoneygrowth.com`` and
on ``dailyfinhub.net`` alike. A :class:`SiteCluster` is one brand with a few
domains; some domains are spelled from the brand (the title's site name then
matches the domain), most are not. Clusters are made once per style and seed,
so a style's pages come from a stable set of sites across a run.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass

#: Domains per cluster: networks spread one brand over a handful of domains.
DOMAINS_PER_CLUSTER = (2, 6)
#: Share of a cluster's domains spelled from its brand name.
NAMED_DOMAIN_SHARE = 0.35
#: Top-level domains of farm networks (cheap and generic ones dominate).
TLDS = ("com", "com", "com", "net", "org", "info", "xyz", "top", "site", "online", "club", "live", "news", "co",
        "cc", "icu", "vip", "biz", "today", "press")

#: Brand words for generic news and finance clusters.
BRAND_FIRST = ("Aspire", "Prime", "Golden", "Bright", "Smart", "Bold", "True", "Clear", "Swift", "Grand", "Noble",
               "Vivid", "Apex", "Summit", "Pioneer", "Zenith", "Urban", "Metro", "Global", "Royal", "Silver", "Blue",
               "Evergreen", "Horizon", "Crystal", "Liberty", "Harmony", "Stellar", "Rapid", "Daily", "Insight",
               "Wise", "Unity", "Nova", "Echo", "Crest")
BRAND_SECOND = ("Money", "Wealth", "Capital", "Market", "Finance", "Trend", "News", "Insight", "Vision", "Focus",
                "Pulse", "Voice", "Wave", "Point", "Path", "Stream", "Spark", "Bridge", "Harbor", "Peak", "Media",
                "Info", "Story", "Fortune", "Growth", "Life", "World", "Scope")
BRAND_THIRD = ("Growth", "Hub", "Daily", "Times", "Journal", "Wire", "Post", "Today", "Report", "Digest", "Watch",
               "Network", "Online", "Now", "Central", "Zone", "Press", "Review", "Herald", "Tribune")
#: Words for the domains that do not spell the brand.
DOMAIN_WORDS = ("daily", "news", "fin", "hub", "trend", "buzz", "info", "world", "today", "now", "post", "wire",
                "media", "global", "market", "money", "smart", "top", "hot", "live", "viral", "feed", "best",
                "insider", "report", "times", "focus", "pulse", "wave", "star", "city", "zone", "net", "digest")


@dataclass(frozen=True)
class SiteCluster:
    name: str
    domains: tuple[str, ...]
    named: frozenset[str]  # domains spelled from the name

    def pick(self, rng: random.Random) -> str:
        return rng.choice(self.domains)


def ascii_slug(text: str, sep: str = "") -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return sep.join(re.findall(r"[a-z0-9]+", folded))


def brand_name(rng: random.Random) -> str:
    words = [rng.choice(BRAND_FIRST), rng.choice(BRAND_SECOND)]
    if rng.random() < 0.6:
        words.append(rng.choice(BRAND_THIRD))
    return " ".join(dict.fromkeys(words))


def named_domain(rng: random.Random, name: str) -> str:
    sep = "-" if rng.random() < 0.2 else ""
    base = ascii_slug(name, sep)
    if rng.random() < 0.15:
        base = "".join(w[0] for w in re.findall(r"[a-z0-9]+", ascii_slug(name, " "))) + rng.choice(DOMAIN_WORDS)
    if rng.random() < 0.15:
        base += str(rng.randint(1, 99))
    prefix = "www." if rng.random() < 0.5 else ""
    return f"{prefix}{base}.{rng.choice(TLDS)}"


def random_domain(rng: random.Random, suffix: str = "") -> str:
    words = rng.sample(DOMAIN_WORDS, 2)
    base = ("-" if rng.random() < 0.2 else "").join(words) + suffix
    if rng.random() < 0.3:
        base += str(rng.randint(1, 999))
    prefix = "www." if rng.random() < 0.5 else ""
    return f"{prefix}{base}.{rng.choice(TLDS)}"


def make_clusters(rng: random.Random, n: int, namer=brand_name) -> list[SiteCluster]:
    """``n`` clusters, each a brand (from ``namer``) with a few domains."""
    clusters = []
    used: set[str] = set()
    for _ in range(n):
        name = namer(rng)
        domains: list[str] = []
        named: set[str] = set()
        for _ in range(rng.randint(*DOMAINS_PER_CLUSTER)):
            spelled = rng.random() < NAMED_DOMAIN_SHARE
            domain = named_domain(rng, name) if spelled else random_domain(rng)
            if domain in used:
                continue
            used.add(domain)
            domains.append(domain)
            if spelled:
                named.add(domain)
        if not domains:
            domain = random_domain(rng, suffix=str(len(used)))
            used.add(domain)
            domains.append(domain)
        clusters.append(SiteCluster(name=name, domains=tuple(domains), named=frozenset(named)))
    return clusters
