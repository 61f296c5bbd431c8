"""Property tests: no page, however broken, crashes parsing or an extractor.

Hypothesis generates arbitrary bytes, tag soup, NUL bytes, invalid UTF-8 and
mixed encodings with lying charset labels, zero-width and right-to-left
characters, pages made only of scripts, images or links, and comments and
CDATA sections everywhere. Every page goes through both readers (HTML and
plain text) and must satisfy :func:`hostile_support.check_page`: a finite
feature row or an error row, every view readable, and every extractor's own
``extract`` total and finite. The runs are derandomised (the same examples on
every run, so a failure reproduces); ``make fuzz`` explores at random.
"""

from __future__ import annotations

import pytest
from hostile_support import check_page, page_from
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classifier.pages import decode_body

HOSTILE = settings(max_examples=50, deadline=None, derandomize=True, database=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

KINDS = ("html", "text")

TAGS = ("html", "head", "body", "title", "meta", "link", "div", "span", "p", "a", "ul", "ol", "li", "h1", "h2",
        "h3", "nav", "header", "footer", "article", "section", "aside", "table", "tr", "td", "time", "figure",
        "figcaption", "img", "br", "script", "style", "noscript", "template", "svg", "iframe", "object", "form",
        "textarea", "select", "option", "plaintext", "xmp", "math", "frameset", "blink", "x-custom")
ATTRIBUTES = ("class", "id", "href", "content", "name", "property", "rel", "datetime", "src", "charset", "lang",
              "dir", "itemprop", "aria-label", "style", "onload")
#: Class and id words the parser looks for (breadcrumbs, bylines, captions, titles).
CLASS_WORDS = ("breadcrumb", "crumb", "byline", "author", "caption", "title", "head", "related", "sidebar")
#: Characters that change how text reads without being seen.
INVISIBLE = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u202e", "\u202b", "\u202a", "\u202c",
             "\u2066", "\u2067", "\u2069", "\u061c", "\u200f", "\u200e")
#: Charset labels real pages carry, and labels that would break a careless decoder.
CHARSETS = ("utf-8", "UTF8", "iso-8859-1", "latin1", "windows-1252", "shift_jis", "euc-jp", "gb2312", "gb18030",
            "big5", "koi8-r", "utf-16", "utf-16le", "utf-32", "utf-7", "cp437", "mac-roman", "x-user-defined",
            "undefined", "rot13", "base64", "hex", "zlib", "idna", "punycode", "unicode-escape", "bogus-charset", "")
ENCODINGS = ("utf-8", "cp1252", "latin-1", "utf-16-le", "utf-16-be", "shift_jis", "gb18030", "koi8-r", "big5",
             "euc-kr", "utf-32-le")
WORDS = ("Related", "Ranking", "Home > Markets", "Current:Home > News", "By Jane Doe", "veryGood! (7359)",
         "MOSCOW (AP) —", "Posted 2024-01-02", "Read more", "Source: Example", "2019年3月4日", "👍 1.2k",
         "Trending", "相关新闻", "Most read", "8,431 views", "Photo: AP", "Updated", "(Reuters)")

text = st.text(max_size=40)
word = st.one_of(st.sampled_from(WORDS), text, st.sampled_from(INVISIBLE))


@st.composite
def attribute(draw) -> str:
    name = draw(st.sampled_from(ATTRIBUTES))
    value = draw(st.one_of(st.sampled_from(CLASS_WORDS), st.sampled_from(CHARSETS), text,
                           st.just("http://example.com/a?b=<c>&d"), st.just("javascript:alert(1)")))
    quote = draw(st.sampled_from(('"', "'", "")))
    return f" {name}={quote}{value}{quote}"


@st.composite
def token(draw) -> str:
    kind = draw(st.integers(0, 9))
    tag = draw(st.sampled_from(TAGS))
    if kind <= 2:
        return f"<{tag}{''.join(draw(st.lists(attribute(), max_size=3)))}>"
    if kind == 3:
        return f"</{tag}>"
    if kind == 4:
        return draw(st.sampled_from(("<!--", "-->", "<!-- c -->", "<![CDATA[", "]]>", "<![CDATA[ x ]]>", "<!DOCTYPE html>",
                                     "<?xml version='1.0'?>", "<!", "</", "<", ">", "&", "&amp;", "&#0;", "&#x110000;",
                                     "&nbsp;", "&bogus;", "<br/>", "<a/>")))
    if kind == 5:
        return draw(st.sampled_from(INVISIBLE)) * draw(st.integers(1, 5))
    if kind == 6:
        return "\x00"
    return " ".join(draw(st.lists(word, max_size=6)))


tag_soup = st.lists(token(), max_size=80).map("".join)


def check_both_kinds(body: bytes | str) -> None:
    for kind in KINDS:
        check_page(page_from(body, kind))


@HOSTILE
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_give_a_row_not_an_exception(body):
    check_both_kinds(body)


@HOSTILE
@given(tag_soup)
def test_random_tag_soup_gives_a_row_not_an_exception(soup):
    check_both_kinds(soup)


@HOSTILE
@given(tag_soup, st.lists(st.integers(0, 5000), max_size=20))
def test_nul_bytes_anywhere_give_a_row_not_an_exception(soup, positions):
    data = bytearray(soup.encode("utf-8"))
    for position in positions:
        data.insert(min(position, len(data)), 0)
    check_both_kinds(bytes(data))


@HOSTILE
@given(st.lists(st.tuples(tag_soup, st.sampled_from(ENCODINGS)), min_size=1, max_size=4),
       st.sampled_from(CHARSETS), st.binary(max_size=40))
def test_mixed_encodings_and_lying_charset_labels_give_a_row(parts, label, junk):
    head = f"<html><head><meta charset='{label}'><title>t</title></head><body>".encode("ascii")
    body = b"".join(part.encode(encoding, "replace") for part, encoding in parts)
    check_both_kinds(head + body + junk)


@HOSTILE
@given(st.sampled_from(CHARSETS), st.binary(max_size=400))
def test_declared_charset_never_makes_decoding_raise(label, body):
    # the HTTP header's charset (declared) and the meta charset both lie here
    decoded = decode_body(f"<meta charset={label}>".encode() + body, declared=label)
    assert isinstance(decoded, str)


@HOSTILE
@given(st.text(max_size=200).map(lambda s: s + "\ud800"), st.sampled_from(INVISIBLE))
def test_lone_surrogates_make_invalid_utf8_not_a_crash(text_value, invisible):
    check_both_kinds(f"<title>{invisible}{text_value}</title><p>{text_value}{invisible * 3}</p>")


@HOSTILE
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(INVISIBLE)), min_size=1, max_size=30))
def test_zero_width_and_right_to_left_characters_inside_words_give_a_row(pairs):
    lines = [invisible.join(w) + invisible for w, invisible in pairs]
    html = ("<html><head><title>" + lines[0] + "</title></head><body><h1>" + lines[-1] + "</h1><ul>"
            + "".join(f"<li><a href='/{i}'>{line}</a></li>" for i, line in enumerate(lines)) + "</ul><p>"
            + " ".join(lines) + "</p></body></html>")
    check_both_kinds(html)


@HOSTILE
@given(st.lists(st.one_of(text, st.just("</script>"), st.just("<script>")), max_size=20), st.integers(1, 50))
def test_pages_made_only_of_scripts_and_styles_give_a_row(chunks, count):
    body = "".join(f"<script>{c}</script><style>{c}</style>" for c in chunks) + "<script>var x=1;" * count
    check_both_kinds(body)


@HOSTILE
@given(st.integers(0, 300), st.sampled_from(("", "alt text", "\u200b", "<b>x</b>")))
def test_pages_made_only_of_images_give_a_row(count, alt):
    check_both_kinds("<html><body>" + f"<img src='/i.png' alt='{alt}'>" * count + "</body></html>")


@HOSTILE
@given(st.lists(st.one_of(st.sampled_from(WORDS), text), max_size=200), st.booleans())
def test_pages_made_only_of_links_give_a_row(texts, in_list):
    links = "".join(f"<a href='/{i}'>{t}</a>" for i, t in enumerate(texts))
    if in_list:
        links = "<ul>" + "".join(f"<li><a href='/{i}'>{t}</a></li>" for i, t in enumerate(texts)) + "</ul>"
    check_both_kinds("<html><body>" + links + "</body></html>")


@HOSTILE
@given(tag_soup, st.lists(st.sampled_from(("<!--", "-->", "<!-- x -->", "<![CDATA[", "]]>", "<![CDATA[<a>y</a>]]>",
                                           "<!-- <a href='/c'>Hidden headline in a comment</a> -->")),
                          min_size=1, max_size=40), st.randoms(use_true_random=False))
def test_comments_and_cdata_everywhere_give_a_row(soup, inserts, rng):
    pieces = list(soup)
    for insert in inserts:
        pieces.insert(rng.randint(0, len(pieces)), insert)
    check_both_kinds("".join(pieces))


@pytest.mark.parametrize("body", [
    b"\xff\xfe" + "<p>utf-16 with a BOM</p>".encode("utf-16-le"),
    b"\xef\xbb\xbf\xef\xbb\xbf<p>two UTF-8 BOMs</p>",
    b"\xfe\xff\x00",  # a UTF-16 BOM and half a character
    b"<meta charset='utf-16'>" + b"\x00<\x00p\x00>",
    "<p>\u202eRTL override never closed".encode(),
    b"<" * 5000,
    b"&#" * 3000,
    b"<a href='" + b"x" * 100_000,
], ids=["utf16_bom", "double_bom", "half_utf16_char", "utf16_label_on_utf8", "unclosed_rtl_override",
        "only_open_brackets", "unfinished_entities", "unterminated_attribute"])
def test_known_nasty_bodies_give_a_row(body):
    check_both_kinds(body)
