"""Made-for-advertising (MFA) site: the story cut into ad-stuffed slides.

MFA sites exist to sell ad impressions to programmatic buyers: ad slots
between every paragraph or two, sponsored-content widgets full of clickbait
("You Won't Believe ..."), the story spread over slideshow pages ("Slide 3
of 9", "Next slide") so each view loads new ads, and a meta refresh that
reloads the page (and its ads) every minute or two. Ads take 30% or more of
the content.
"""

from __future__ import annotations

import math

from ..kit import attr, esc, image_html, paragraphs_html
from ..shell import Graft
from ..vocab import pick
from ._base import FarmStyle, StyleContext

#: The ad-to-content ratio the style reaches at least: characters of ad and
#: sponsored text over characters of story text on the page (industry
#: definitions of MFA start at 30%).
MIN_AD_RATIO = 0.3
AD_RATIO_RANGE = (MIN_AD_RATIO, 1.2)
#: An ad slot after every this many paragraphs.
AD_EVERY_PARAGRAPHS = (1, 3)
SLIDE_PARAGRAPHS = (1, 3)
REFRESH_SECONDS = (30, 300)
DATE_GAP_DAYS = (0, 1000)
AD_NETWORKS = ("adsbygoogle", "taboola", "outbrain", "mgid", "revcontent", "adnow", "zergnet")
AD_HOSTS = ("pagead2.googlesyndication.com/pagead/js/adsbygoogle.js", "cdn.taboola.com/libtrc/loader.js",
            "widgets.outbrain.com/outbrain.js", "jsc.mgid.com/site/loader.js", "securepubads.g.doubleclick.net/tag/js/gpt.js")
CELEBRITIES = ("Tom Hanks", "Jennifer Aniston", "Brad Pitt", "Dolly Parton", "Keanu Reeves", "Celine Dion",
               "Mel Gibson", "Sandra Bullock", "Helene Fischer", "Thomas Gottschalk")
CLICKBAIT = {
    "en": ("You Won't Believe What {celeb} Looks Like Now", "Doctors Stunned: This Simple Trick Burns Fat Overnight",
           "{n} Photos That Will Make You Look Twice", "Homeowners Are Switching to This Cheap Solar Trick",
           "The Most Beautiful Beaches in the World, Ranked", "Here's What Happens When You Eat Eggs Every Day",
           "{celeb}'s Mansion Is Breathtaking - Take a Look Inside", "Seniors Are Getting Free Money - Here's How",
           "This Is Why You Should Never Charge Your Phone Overnight", "{n} Child Stars Who Aged Badly",
           "Try Not to Gasp When You See These {n} Photos", "New Rule for Drivers Born Before 1970"),
    "de": ("Sie werden nicht glauben, wie {celeb} heute aussieht", "Ärzte verblüfft: Dieser einfache Trick wirkt sofort",
           "{n} Fotos, bei denen Sie zweimal hinschauen müssen", "Hausbesitzer wechseln zu diesem günstigen Trick",
           "So sieht das Haus von {celeb} von innen aus", "Diese {n} Kinderstars erkennt heute niemand mehr"),
    "fr": ("Vous ne croirez pas à quoi ressemble {celeb} aujourd'hui", "{n} photos qui vont vous faire regarder deux fois",
           "Les médecins sont stupéfaits par cette astuce simple"),
    "es": ("No creerás cómo luce {celeb} hoy", "{n} fotos que te harán mirar dos veces",
           "Los médicos están asombrados por este sencillo truco"),
}
SPONSOR_BRANDS = ("Health Digest", "Finance Buzz", "Trend Chaser", "Brake For It", "Daily Savings", "Auto Insider",
                  "Home Lifestyle", "Wiki Sprout", "Moneywise", "Life Daily")


class MadeForAdvertisingStyle(FarmStyle):
    name = "made_for_advertising"
    summary = "made-for-advertising site: ad slots between paragraphs, sponsored clickbait, slideshows, auto-refresh"
    signals = {
        "ad_slots": 1.0, "sponsored_widget": 1.0, "slideshow": 0.6, "next_slide": 0.55, "auto_refresh": 0.5,
        "ad_scripts": 0.8, "title_prefix": 0.25, "title_suffix": 0.7, "fake_byline": 0.25,
    }

    def render(self, ctx: StyleContext) -> Graft:
        rng, a, s = ctx.rng, ctx.article, self.signals
        lang = ctx.widget_lang(english_share=0.4)
        brand, domain = ctx.site()
        shown = ctx.later(DATE_GAP_DAYS)
        url = ctx.url(domain, shown, rng.choice(("news", "lifestyle", "entertainment", "trending")))
        story = a.story_paragraphs
        head = []
        if ctx.chance(s["ad_scripts"]):
            for host in rng.sample(AD_HOSTS, rng.randint(1, 3)):
                head.append(f'<script async src="https://{host}"></script>')
        if ctx.chance(s["auto_refresh"]):
            head.append(f'<meta http-equiv="refresh" content="{rng.randint(*REFRESH_SECONDS)}">')

        slides = ctx.chance(s["slideshow"])
        above, after = [], []
        if slides:
            per = rng.randint(*SLIDE_PARAGRAPHS)
            n_slides = max(2, math.ceil(len(story) / per))
            k = rng.randrange(n_slides)
            story = story[k * per:(k + 1) * per] or story[:per]
            above.append(f'<div class="{rng.choice(("slide-count", "gallery-counter", "pager"))}">'
                         f"{rng.choice(('Slide', 'Page', ''))} {k + 1} {rng.choice(('of', '/'))} {n_slides}".strip()
                         + "</div>")
            if ctx.chance(s["next_slide"] / s["slideshow"]):
                nxt = pick(rng, "next_slide", lang)
                after.append(f'<div class="{rng.choice(("slide-nav", "pagination", "next-prev"))}">'
                             f'<a class="next" href="?slide={k + 2}">{esc(nxt)} &raquo;</a></div>')
            story_html = [image_html(rng)] + paragraphs_html(story)
        else:
            story_html = paragraphs_html(story)

        network = rng.choice(AD_NETWORKS)
        body, ad_chars = [], 0
        every = rng.randint(*AD_EVERY_PARAGRAPHS)
        for i, block in enumerate(story_html):
            body.append(block)
            if (i + 1) % every == 0 and i + 1 < len(story_html):
                body.append(self._ad_slot(ctx, lang, network))
        body.append(self._ad_slot(ctx, lang, network))

        story_chars = sum(len(p) for p in story)
        target = rng.uniform(*AD_RATIO_RANGE) * max(story_chars, 1)
        bait_lang = lang if lang in CLICKBAIT else "en"
        sponsored = []
        while ad_chars < target:
            items = [self._bait(ctx, bait_lang) for _ in range(rng.randint(4, 8))]
            sources = [rng.choice(SPONSOR_BRANDS) for _ in items]
            ad_chars += sum(len(t) + len(src) for t, src in zip(items, sources))
            rows = "".join(f'<div class="{network}-item"><a href="https://{attr(rng.choice(AD_HOSTS).split("/")[0])}/c?'
                           f'id={rng.randint(10**6, 10**7)}" rel="sponsored nofollow">{image_html(rng)}'
                           f'<span class="title">{esc(t)}</span></a><span class="branding">{esc(src)}</span></div>'
                           for t, src in zip(items, sources))
            sponsored.append(f'<div class="{network} {rng.choice(("sponsored", "promoted", "rec-widget"))}">'
                             f'<div class="header">{esc(pick(rng, "sponsored", lang))}</div>{rows}</div>')
        after.extend(sponsored[:1])
        sidebar = sponsored[1:] + [self._ad_slot(ctx, lang, network)]

        headline = a.headline
        title = ctx.title(brand, s["title_suffix"])
        if ctx.chance(s["title_prefix"]):
            prefix = rng.choice(("[Photos]", "[Gallery]", "See:", "Photos:", "WATCH:"))
            title = f"{prefix} {title}"
        under = []
        if ctx.chance(s["fake_byline"]):
            under.append(f'<div class="author">By {esc(rng.choice(("Jessica", "Mike", "Sarah", "Chris")))} '
                         f'{esc(rng.choice(("Smith", "Brown", "Miller", "Davis")))}</div>')

        return Graft(headline=headline, title=title, url=url, lang=a.lang, above=above, under=under, body=body,
                     after=after, sidebar=sidebar, head=head, description=a.story_paragraphs[0][:160],
                     published=shown.isoformat(), date_policy=ctx.date_policy(keep=0.3, drop=0.3), author=None,
                     site_name=ctx.site_name(brand), rehost=ctx.chance(0.85))

    def _ad_slot(self, ctx: StyleContext, lang: str, network: str) -> str:
        rng = ctx.rng
        size = rng.choice(("300x250", "728x90", "336x280", "160x600", "320x100"))
        width, height = size.split("x")
        label = pick(rng, "advertisement", lang)
        return (f'<div class="{rng.choice(("ad-slot", "advert", "ad-container", "ads", "banner-ad"))}">'
                f'<span class="ad-label">{esc(label)}</span>'
                f'<ins class="{network}" style="display:inline-block;width:{width}px;height:{height}px" '
                f'data-ad-slot="{rng.randint(10**9, 10**10)}"></ins></div>')

    def _bait(self, ctx: StyleContext, lang: str) -> str:
        rng = ctx.rng
        return rng.choice(CLICKBAIT[lang]).format(celeb=rng.choice(CELEBRITIES), n=rng.randint(12, 45))
