"""Generated toy pages for fast model tests: invented text, both classes.

Originals have a byline, consistent dates, a caption and related links on
topic; farm pages have a branded title, a breadcrumb, a late "Date:" line, a
vote counter and lists of unrelated headlines. Every page is different
(seeded word choice), so a model must learn the signals, not the strings.
"""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd

WORDS = ("harbor council budget river school bridge museum festival library election transit drought orchard "
         "factory hospital stadium vaccine satellite wildfire tunnel market ferry vineyard airport rainfall").split()
NAMES = ["Ada Moreno", "Ben Okafor", "Chen Li", "Dara Quinn", "Eli Novak", "Farah Aziz"]
SITES = ["valleyherald", "coastgazette", "plainsobserver", "ridgetimes"]


def _sentence(rng: random.Random, topic: list[str]) -> str:
    words = [rng.choice(topic if rng.random() < 0.4 else WORDS) for _ in range(rng.randint(14, 24))]
    return " ".join(words).capitalize() + " said officials on Tuesday."


def _story(rng: random.Random) -> tuple[str, list[str]]:
    topic = rng.sample(WORDS, 3)
    title = f"{topic[0].capitalize()} plan for the {topic[1]} and {topic[2]} moves ahead"
    return title, [_sentence(rng, topic) for _ in range(rng.randint(5, 8))]


def original_page(rng: random.Random) -> tuple[str, str]:
    title, paragraphs = _story(rng)
    site = rng.choice(SITES)
    url = f"https://www.{site}.example/news/{rng.randint(1000, 9999)}"
    related = "".join(f"<li><a href='/r{i}'>{title.split(' plan')[0]} update number {i} on the {w} plan</a></li>"
                      for i, w in enumerate(rng.sample(WORDS, 3)))
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    html = (f"<html><head><title>{title} | {site.capitalize()}</title><link rel='canonical' href='{url}'>"
            f"<meta property='og:site_name' content='{site.capitalize()}'></head><body>"
            f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>{title}</h1>"
            f"<p class='byline'>By {rng.choice(NAMES)}</p><p>Published <time datetime='2025-05-0{rng.randint(1, 9)}'>"
            f"May 2025</time></p><figure><img src='a.jpg'><figcaption>A view of the {rng.choice(WORDS)}. "
            f"(Photo: {rng.choice(NAMES)})</figcaption></figure>{body}</article>"
            f"<aside><h2>Related</h2><ul>{related}</ul></aside><footer>© 2025 {site}</footer></body></html>")
    return html, url


def farm_page(rng: random.Random) -> tuple[str, str]:
    title, paragraphs = _story(rng)
    url = f"http://www.farm{rng.randint(100, 999)}.example/html/{rng.randint(1000, 9999)}.html"
    brand = rng.choice(["Golden Wealth Hub", "Daily Money Growth", "Prime Trend News"])
    unrelated = [" ".join(rng.sample(WORDS, 6)).title() for _ in range(rng.randint(6, 10))]
    unrelated += unrelated[:2]
    lists = "".join(f"<h3>{h}</h3><ul>" + "".join(f"<li><a href='/x{i}'>{t}</a></li>" for i, t in enumerate(chunk))
                    + "</ul>" for h, chunk in zip(["Related", "Ranking"], [unrelated[::2], unrelated[1::2]]))
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    html = (f"<html><head><title>{title} -{brand}</title><link rel='canonical' href='{url}'></head><body>"
            f"<div class='position'>Current:<a href='/'>Home</a> &gt; <a href='/m'>Markets</a></div>"
            f"<h1>{title}</h1><div>Date:2026-0{rng.randint(1, 9)}-1{rng.randint(0, 9)} 04:00:14</div>{body}"
            f"<div>veryGood! ({rng.randint(100, 9999)})</div><div class='side'>{lists}</div></body></html>")
    return html, url


def write_toy_dataset(folder: Path, n_per_label: int = 20, seed: int = 0) -> pd.DataFrame:
    """Write toy pages into ``folder`` and return a labels frame (path, url, label)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for label, make in (("original", original_page), ("farm", farm_page)):
        for i in range(n_per_label):
            html, url = make(rng)
            path = folder / f"{label}_{i:03d}.html"
            path.write_text(html, encoding="utf-8")
            rows.append({"path": str(path), "url": url, "label": label, "resolved_path": str(path)})
    return pd.DataFrame(rows)
