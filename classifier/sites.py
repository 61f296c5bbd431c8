"""Site-level verdicts: page scores grouped by site, with a confidence that grows with evidence.

Content farms are sites, not pages. A real outlet can publish one page that
looks farm-like (a wire story under a busy sidebar); a farm publishes page
after page of copies. So a site is judged on how many of its pages the model
calls farm copies, and on how sure we can be of that share given how few pages
we have seen.

**The model.** Each site has an unknown *farm-page rate* θ: the share of its
pages that are farm copies. Before seeing any page, θ follows a Beta(α₀, β₀)
prior. Each scored page is a coin toss with that rate: after ``k`` of ``n``
pages are called farm, θ follows the Beta(α₀ + k, β₀ + n − k) posterior (the
Beta–binomial update). From it we report:

* ``farm_rate``: the posterior mean, (α₀ + k) / (α₀ + β₀ + n);
* ``rate_low`` and ``rate_high``: the central credible interval holding
  :data:`CREDIBLE_MASS` of the posterior;
* ``farm_site_probability``: the posterior probability that θ ≥
  :data:`FARM_SITE_RATE`, i.e. that most of the site's pages are farm copies.

**The verdict.** ``farm`` when the whole credible interval lies at or above
:data:`FARM_SITE_RATE` (``rate_low`` clears the bar), ``original`` when it lies
below it (``rate_high`` under the bar), else ``uncertain``. The interval
narrows as pages accumulate and agree, so confidence grows with both: one farm
page out of one leaves a site ``uncertain``; six farm pages out of six make it
``farm``; one farm-like page among ten originals leaves a real outlet
``original``; ten of each stays ``uncertain``.

The prior leans towards ``original`` (mean 1/3): flagging a real newsroom is
the costly mistake, so a site needs more agreeing farm pages to be called a
farm (6) than agreeing original pages to be cleared (3).

A page counts as a farm page when the model labelled it ``farm`` (its
probability reached the model's threshold, which keeps the page-level
false-positive rate on originals near 1%). Error rows do not count; pages
with no known site (plain text without a URL) are left out.

**Reasons.** Each site also gets its most common reasons, counted over the
pages that agree with its verdict. Reasons quote the page ("engagement counter
'veryGood! (7359)'"), so they are grouped by their words with the quotes and
numbers blanked out, and shown with one page's wording and a page count.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from .outputs import REASON_SEPARATOR
from .parse import domain_of

#: Prior pseudo-counts of farm and original pages. Beta(1, 2) is the weakest
#: prior (two pages' worth of evidence) that leans towards "original": its mean
#: is 1/3, and clearing a site needs 3 agreeing original pages while
#: condemning one needs 6 agreeing farm pages (see the module docstring).
PRIOR_FARM_PAGES = 1.0
PRIOR_ORIGINAL_PAGES = 2.0
#: A farm site is one where most pages are farm copies (a share, 0-1).
FARM_SITE_RATE = 0.5
#: Posterior mass of the central credible interval; its tails (5% each) are
#: the error we accept in a verdict: farm needs P(rate >= FARM_SITE_RATE) >= 95%.
CREDIBLE_MASS = 0.90
#: Reasons listed per site.
TOP_REASONS = 3

VERDICTS = ("farm", "uncertain", "original")
SITE_COLUMNS = ["site", "verdict", "farm_site_probability", "pages", "farm_pages", "farm_share", "farm_rate",
                "rate_low", "rate_high", "mean_probability", "error_pages", "top_reasons"]

# A quote opens with ' not preceded by a letter and closes with ' not followed
# by one, so apostrophes inside ("'Here's What Happens'") and outside ("site's")
# are not taken for quote marks.
_QUOTED = re.compile(r"""(?<!\w)'.+?'(?!\w)|"[^"]+"|‘[^’]+’|“[^”]+”""")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


class SitesError(Exception):
    """A scores file that cannot be aggregated."""


def site_of(domain: str) -> str:
    """The site a host belongs to: the host without a leading ``www.``.

    Subdomains stay apart on purpose: ``a.blogspot.com`` and
    ``b.blogspot.com`` are different publishers.
    """
    host = (domain or "").strip().lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def posterior(farm_pages: int | float, pages: int | float, *, prior_farm: float = PRIOR_FARM_PAGES,
              prior_original: float = PRIOR_ORIGINAL_PAGES, farm_rate: float = FARM_SITE_RATE,
              credible_mass: float = CREDIBLE_MASS) -> dict:
    """The Beta posterior of a site's farm-page rate after ``farm_pages`` of
    ``pages`` were called farm, and the verdict it supports."""
    from scipy.stats import beta

    if pages < 0 or farm_pages < 0 or farm_pages > pages:
        raise ValueError(f"need 0 <= farm_pages <= pages, got {farm_pages} of {pages}")
    a = prior_farm + farm_pages
    b = prior_original + pages - farm_pages
    tail = (1.0 - credible_mass) / 2.0
    low, high = (float(v) for v in beta.ppf([tail, 1.0 - tail], a, b))
    if low >= farm_rate:
        verdict = "farm"
    elif high < farm_rate:
        verdict = "original"
    else:
        verdict = "uncertain"
    return {"farm_rate": float(a / (a + b)), "rate_low": low, "rate_high": high,
            "farm_site_probability": float(beta.sf(farm_rate, a, b)), "verdict": verdict}


def reason_pattern(reason: str) -> str:
    """A reason with its quotes and numbers blanked, so the same signal on
    different pages counts as one: "engagement counter 'veryGood! (7359)'" ->
    "engagement counter '…'"."""
    return _NUMBER.sub("N", _QUOTED.sub("'…'", reason)).strip()


def common_reasons(reason_lists, top: int = TOP_REASONS) -> list[str]:
    """The ``top`` most frequent reasons over pages (each a list of reasons),
    as "<one page's wording> (k of n pages)", most frequent first."""
    reason_lists = [list(r) for r in reason_lists]
    counts: Counter = Counter()
    example: dict[str, str] = {}
    for reasons in reason_lists:
        seen = set()
        for reason in reasons:
            pattern = reason_pattern(str(reason))
            if pattern and pattern not in seen:
                seen.add(pattern)
                counts[pattern] += 1
                example.setdefault(pattern, str(reason))
    # Most pages first; ties in the order the reasons were first seen (stable).
    ranked = sorted(counts.items(), key=lambda item: -item[1])[:top]
    return [f"{example[pattern]} ({count} of {len(reason_lists)} pages)" for pattern, count in ranked]


def _as_reason_list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                return [str(v) for v in json.loads(text)]
            except json.JSONDecodeError:
                pass
        return [part.strip() for part in text.split(REASON_SEPARATOR) if part.strip()] if text else []
    if isinstance(value, float) and np.isnan(value):
        return []
    return [str(v) for v in value]


def read_scores(path: str | Path) -> pd.DataFrame:
    """Read a scores file written by ``contentfarm score`` (CSV, JSONL or
    Parquet; ``-`` reads JSON lines from stdin) into a frame with a list
    column ``reasons`` and a float column ``farm_probability``."""
    name = str(path)
    lower = name.lower()
    try:
        if name == "-":
            frame = pd.read_json(sys.stdin, lines=True, dtype=False)
        elif lower.endswith((".parquet", ".pq")):
            frame = pd.read_parquet(path)
        elif lower.endswith((".jsonl", ".ndjson", ".json")):
            frame = pd.read_json(path, lines=True, dtype=False)
        elif lower.endswith(".csv"):
            frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        else:
            raise SitesError(f"cannot tell the format of {name}: use .csv, .jsonl or .parquet (as written by "
                             "'contentfarm score -o')")
    except FileNotFoundError:
        raise SitesError(f"scores file {name} does not exist") from None
    except (ValueError, OSError, UnicodeDecodeError) as exc:
        raise SitesError(f"cannot read scores file {name}: {exc}") from None
    return normalise_scores(frame, name)


def normalise_scores(frame: pd.DataFrame, name: str = "scores") -> pd.DataFrame:
    """Check and tidy a scores frame: float probabilities, list reasons, a status."""
    frame = frame.copy()
    if "farm_probability" not in frame.columns and "label" not in frame.columns:
        raise SitesError(f"{name} has neither a 'farm_probability' nor a 'label' column: is it a scores file "
                         "written by 'contentfarm score'?")
    if not any(c in frame.columns for c in ("domain", "url", "input")):
        raise SitesError(f"{name} has no 'domain', 'url' or 'input' column to tell the pages' sites")
    if "farm_probability" in frame.columns:
        frame["farm_probability"] = pd.to_numeric(frame["farm_probability"].replace("", np.nan), errors="coerce")
    if "status" not in frame.columns:
        frame["status"] = "ok"
    frame["status"] = frame["status"].fillna("ok").astype(str).replace("", "ok")
    frame["reasons"] = [_as_reason_list(v) for v in frame["reasons"]] if "reasons" in frame.columns \
        else [[] for _ in range(len(frame))]
    return frame


def page_sites(frame: pd.DataFrame) -> list[str]:
    """The site of each scored page: its ``domain``, else the host of its
    ``url``, else of its ``input`` when that is a URL, else (labelled
    simulator pages) its ``shell_domain`` or ``source_domain``; empty when
    unknown."""
    def column(name: str) -> list[str]:
        if name not in frame.columns:
            return [""] * len(frame)
        return ["" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v) for v in frame[name]]

    sites = []
    for domain, url, given, shell, source in zip(*(column(c) for c in ("domain", "url", "input", "shell_domain",
                                                                        "source_domain"))):
        host = domain or domain_of(url) or domain_of(given) or shell or source
        sites.append(site_of(host))
    return sites


def site_verdicts(scores: pd.DataFrame, threshold: float | None = None, *, prior_farm: float = PRIOR_FARM_PAGES,
                  prior_original: float = PRIOR_ORIGINAL_PAGES, farm_rate: float = FARM_SITE_RATE,
                  credible_mass: float = CREDIBLE_MASS, top_reasons: int = TOP_REASONS) -> pd.DataFrame:
    """One row per site (columns :data:`SITE_COLUMNS`), farm verdicts first,
    then by how sure the verdict is.

    ``scores`` is a frame of page scores (as from :func:`read_scores`, or the
    ``scored`` frame of an evaluation with a ``predicted`` column). A page is a
    farm page when its ``label`` (or ``predicted``) is ``farm``; without a
    label column, when its probability reaches ``threshold``.
    """
    scores = normalise_scores(scores)
    if "predicted" in scores.columns:  # an evaluation frame: 'label' is the truth there
        called = scores["predicted"].astype(str) == "farm"
    elif "label" in scores.columns:
        called = scores["label"].astype(str) == "farm"
    elif threshold is not None:
        called = scores["farm_probability"].fillna(-1.0) >= threshold
    else:
        raise SitesError("the scores have no 'label' column: pass the model's threshold")
    work = pd.DataFrame({"site": page_sites(scores), "ok": (scores["status"] == "ok").to_numpy(),
                         "farm": called.to_numpy(), "probability": scores.get("farm_probability", np.nan),
                         "reasons": scores["reasons"].tolist()})
    work = work[work["site"] != ""]
    rows = []
    for site, group in work.groupby("site", sort=True):
        ok = group[group["ok"]]
        n, k = int(len(ok)), int(ok["farm"].sum())
        post = posterior(k, n, prior_farm=prior_farm, prior_original=prior_original, farm_rate=farm_rate,
                         credible_mass=credible_mass)
        agreeing = {"farm": ok[ok["farm"]], "original": ok[~ok["farm"]]}.get(post["verdict"], ok)
        rows.append({"site": site, "verdict": post["verdict"],
                     # Not rounded: a real outlet's 5e-06 and 5e-09 are both worth telling apart from 0.
                     "farm_site_probability": post["farm_site_probability"],
                     "pages": n, "farm_pages": k, "farm_share": round(k / n, 6) if n else None,
                     "farm_rate": round(post["farm_rate"], 6), "rate_low": round(post["rate_low"], 6),
                     "rate_high": round(post["rate_high"], 6),
                     "mean_probability": round(float(ok["probability"].mean()), 6) if n and
                     ok["probability"].notna().any() else None,
                     "error_pages": int(len(group) - n),
                     "top_reasons": common_reasons(agreeing["reasons"], top_reasons)})
    result = pd.DataFrame(rows, columns=SITE_COLUMNS)
    if result.empty:
        return result
    order = result["verdict"].map({v: i for i, v in enumerate(VERDICTS)})
    result = result.assign(_order=order).sort_values(["_order", "farm_site_probability", "pages", "site"],
                                                     ascending=[True, False, False, True], kind="stable")
    return result.drop(columns="_order").reset_index(drop=True)


def verdicts_against_labels(scored: pd.DataFrame, **kwargs) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Site verdicts on labelled pages, beside the truth.

    ``scored`` holds labelled pages scored as by ``contentfarm evaluate``
    (:func:`~classifier.evaluate.score_labelled`): ``label`` is the truth,
    ``predicted`` the model's call. Returns the verdicts with
    ``true_farm_share`` (the share of the site's pages labelled farm) and
    ``true_site`` (``farm`` when most are, ``original`` when most are not,
    ``mixed`` at a tie), and a table counting sites by verdict and truth."""
    if "predicted" not in scored.columns or "label" not in scored.columns:
        raise SitesError("need labelled pages with the model's calls: columns 'label' (truth) and 'predicted'")
    verdicts = site_verdicts(scored, **kwargs)
    ok = scored[scored["status"].astype(str) == "ok"] if "status" in scored.columns else scored
    truth = pd.DataFrame({"site": page_sites(ok), "farm": (ok["label"].astype(str) == "farm").to_numpy()})
    share = truth[truth["site"] != ""].groupby("site")["farm"].mean()
    verdicts = verdicts.copy()
    verdicts["true_farm_share"] = verdicts["site"].map(share).astype(float)
    verdicts["true_site"] = np.select([verdicts["true_farm_share"] > 0.5, verdicts["true_farm_share"] < 0.5],
                                      ["farm", "original"], "mixed")
    table = pd.crosstab(verdicts["true_site"], verdicts["verdict"]).reindex(
        index=["farm", "mixed", "original"], columns=list(VERDICTS), fill_value=0)
    table.index.name, table.columns.name = "true site", "verdict"
    return verdicts, table


def evidence_curve(max_pages: int = 25, **kwargs) -> pd.DataFrame:
    """How the verdict moves as pages accumulate: for 1..``max_pages`` pages,
    the posterior when every page is farm, and when all but one are original
    (a real outlet with one farm-like page)."""
    rows = []
    for n in range(1, max_pages + 1):
        for case, k in (("all pages farm", n), ("one farm page, the rest original", 1)):
            post = posterior(k, n, **kwargs)
            rows.append({"case": case, "pages": n, "farm_pages": k, **post})
    return pd.DataFrame(rows)


def verdict_counts(verdicts: pd.DataFrame) -> dict[str, int]:
    counts = verdicts["verdict"].value_counts().to_dict() if len(verdicts) else {}
    return {v: int(counts.get(v, 0)) for v in VERDICTS}


def plot_sites(verdicts: pd.DataFrame, max_sites: int = 40):
    """Forest plot: each site's credible interval of its farm-page rate, the
    posterior mean, and the bar a farm site must clear."""
    from matplotlib.figure import Figure

    shown = verdicts.head(max_sites)
    fig = Figure(figsize=(7.5, 0.9 + 0.28 * max(len(shown), 1)), layout="constrained")
    ax = fig.add_subplot()
    colours = {"farm": "#c0392b", "uncertain": "#7f8c8d", "original": "#2471a3"}
    y = np.arange(len(shown))[::-1]
    for yi, (_, row) in zip(y, shown.iterrows()):
        colour = colours[row["verdict"]]
        ax.plot([row["rate_low"], row["rate_high"]], [yi, yi], color=colour, linewidth=2.5)
        ax.plot(row["farm_rate"], yi, "o", color=colour)
    ax.axvline(FARM_SITE_RATE, color="black", linestyle="--", linewidth=1)
    ax.set_yticks(y, [f"{s} ({p} pages)" for s, p in zip(shown["site"], shown["pages"])], fontsize=8)
    ax.set_xlim(0, 1)
    ax.set_xlabel(f"farm-page rate ({CREDIBLE_MASS:.0%} credible interval; dot = posterior mean)")
    ax.set_title("Site verdicts: red farm, grey uncertain, blue original", fontsize=10)
    return fig


def plot_evidence_curve(curve: pd.DataFrame):
    """The lower and upper credible bounds against the number of pages, for the
    two cases of :func:`evidence_curve`."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(7.5, 3.5), layout="constrained")
    ax = fig.add_subplot()
    for case, colour in (("all pages farm", "#c0392b"), ("one farm page, the rest original", "#2471a3")):
        part = curve[curve["case"] == case]
        ax.fill_between(part["pages"], part["rate_low"], part["rate_high"], color=colour, alpha=0.2)
        ax.plot(part["pages"], part["farm_rate"], color=colour, label=case)
    ax.axhline(FARM_SITE_RATE, color="black", linestyle="--", linewidth=1, label="farm-site bar")
    ax.set_xlabel("pages seen")
    ax.set_ylabel("farm-page rate")
    ax.set_ylim(0, 1)
    ax.legend(loc="center right", fontsize=8)
    ax.set_title("Confidence grows with pages that agree")
    return fig
