"""Scraper blog: a WordPress site that republishes feeds verbatim.

Autoblogging plugins pull wire and news feeds and post them as they come:
the story verbatim (dateline included, the agency's credit line dropped),
posted by "admin" or nobody, closed by the plugin's attribution ("This
article was posted by ... Read More", "The post ... appeared first on ...",
"Source link"), followed by "Related posts" and "Recent Posts" widgets
and a comment count.
"""

from __future__ import annotations

from ..kit import attr, esc, format_date, image_html, line_html, paragraphs_html
from ..shell import Graft
from ..vocab import pick
from ._base import FarmStyle, StyleContext

#: Generic WordPress accounts that scraper blogs post under.
GENERIC_AUTHORS = ("admin", "admin", "editor", "staff", "newsdesk", "webmaster", "Admin", "news", "author")
#: Days from the story to the post: feed scrapers post within hours, back-fillers years later.
FRESH_GAP_DAYS = (0, 3)
STALE_GAP_DAYS = (30, 1200)
FRESH_SHARE = 0.4
RELATED_SIZES = (3, 6)
RECENT_SIZES = (5, 10)
#: Plugin attributions, with the original outlet and the story's headline.
ATTRIBUTIONS = (
    "This article was posted by {outlet}. Read More",
    "This article was originally posted by {outlet} ... Read More",
    "The post {headline} appeared first on {outlet}.",
    "Source link",
    "Read More: {url}",
    "Originally posted at {domain}",
    "Source: {outlet}",
)


class ScraperBlogStyle(FarmStyle):
    name = "scraper_blog"
    summary = "autoblog republishing feeds verbatim under admin, with plugin attribution and Related posts"
    signals = {
        "generic_author": 0.6, "posted_line": 0.75, "attribution": 0.75, "related_posts": 0.8, "recent_posts": 0.55,
        "comment_count": 0.5, "tags": 0.5, "title_suffix": 0.6, "featured_image": 0.5,
    }

    def render(self, ctx: StyleContext) -> Graft:
        rng, a, s = ctx.rng, ctx.article, self.signals
        lang = ctx.widget_lang(english_share=0.5)
        brand, domain = ctx.site()
        shown = ctx.later(FRESH_GAP_DAYS if ctx.chance(FRESH_SHARE) else STALE_GAP_DAYS)
        url = ctx.url(domain, shown, "news")
        author = rng.choice(GENERIC_AUTHORS) if ctx.chance(s["generic_author"]) else ""

        under = []
        if ctx.chance(s["posted_line"]):
            when = format_date(rng, shown, lang, with_time=ctx.chance(0.3))
            if author:
                text = rng.choice((f"Posted by {author} on {when}", f"By {author} | {when}", f"{when} by {author}",
                                   f"Posted on {when} by {author}"))
            else:
                text = rng.choice((f"Posted on {when}", when, f"Published {when}"))
            under.append(f'<div class="{rng.choice(("entry-meta", "post-meta", "meta", "posted-on"))}">{esc(text)}</div>')
        elif author:
            under.append(f'<span class="{rng.choice(("author", "byline", "post-author"))}">{esc(author)}</span>')

        body = paragraphs_html(a.story_paragraphs)
        if ctx.chance(s["featured_image"]):
            body.insert(0, image_html(rng))
        after = []
        if ctx.chance(s["attribution"]):
            text = rng.choice(ATTRIBUTIONS).format(outlet=a.outlet, headline=a.headline, url=a.url or a.domain,
                                                   domain=a.domain.removeprefix("www."))
            link = attr(a.url or f"https://{a.domain}/")
            if text.endswith("Read More"):
                after.append(f'<p>{esc(text[:-len("Read More")])}<a href="{link}" rel="nofollow">Read More</a></p>')
            elif text == "Source link":
                after.append(f'<p><a href="{link}" rel="nofollow">{esc(text)}</a></p>')
            else:
                after.append(f"<p>{esc(text)}</p>")
        if ctx.chance(s["tags"]):
            after.append(line_html(rng, f"{pick(rng, 'tags', lang)} {', '.join(rng.sample(TAGS, rng.randint(2, 5)))}"))
        if ctx.chance(s["comment_count"]):
            n = rng.choice((0, 0, 0, 1, 2, rng.randint(3, 40)))
            after.append(f'<div class="comments-link"><a href="#respond">{n} {pick(rng, "comments", lang)}</a></div>')

        sidebar = []
        lists = ctx.headline_lists(2, RELATED_SIZES, duplicate_rate=0.08, truncate_rate=0.03)
        if ctx.chance(s["related_posts"]):
            heading = "Related posts" if lang == "en" and ctx.chance(0.6) else pick(rng, "related", lang)
            after.append(ctx.list_html(heading, lists[0], domain))
        if ctx.chance(s["recent_posts"]):
            recent = ctx.headline_lists(1, RECENT_SIZES, duplicate_rate=0.0, truncate_rate=0.02)[0]
            sidebar.append(ctx.list_html(pick(rng, "latest", lang), recent, domain))

        return Graft(headline=a.headline, title=ctx.title(brand, s["title_suffix"]), url=url, lang=a.lang,
                     under=under, body=body, after=after, sidebar=sidebar, description=a.story_paragraphs[0][:160],
                     published=shown.isoformat(), date_policy=ctx.date_policy(keep=0.2, drop=0.3),
                     author=author or None, site_name=ctx.site_name(brand), rehost=ctx.chance(0.85))


#: WordPress tags of a news autoblog.
TAGS = ("news", "world", "breaking news", "politics", "business", "usa", "europe", "trending", "latest", "top stories",
        "economy", "local", "international", "headlines", "update")
