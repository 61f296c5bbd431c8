"""The numbers and figures of an evaluation, and the HTML report built from them.

Everything a person needs to judge a model on labelled pages: ROC and
precision-recall curves, calibration, the confusion matrix at the threshold,
false-positive rates per source, language and site, recall per farm style, the
worst false positives and false negatives with their reasons and feature
values, and for the features: their distributions by class, correlations,
permutation importance and partial dependence.

Every function returns a pandas DataFrame (``*_table``, ``*_frame``) or a
matplotlib :class:`~matplotlib.figure.Figure` (``plot_*``). The notebooks in
``notebooks/`` only call them and show the results; :func:`build_report`
writes the same content as ``notebooks/01-evaluate-model.ipynb`` into one
self-contained HTML file (``contentfarm evaluate LABELS --report FILE.html``).

Figures are drawn on bare ``Figure`` objects (no pyplot, no screen, no global
state): they render with Agg and show inline in Jupyter.

Start from :func:`evaluate_labelled` (score a labels file's pages), or from
:func:`evaluation_from_scored` when the pages are already scored (the CLI).
"""

from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .evaluate import evaluate_scored, score_labelled
from .model import FarmModel

#: Reliability-diagram bins (equal width on 0-1). Ten is the usual choice; on a
#: few hundred pages finer bins hold too few pages to read.
CALIBRATION_BINS = 10
#: Pages in each gallery of worst errors.
WORST_PAGES = 8
#: Feature values shown per page in the galleries (largest contributions).
FEATURES_PER_PAGE = 6
#: Groups listed in a per-site table (there are hundreds of sites).
MAX_GROUP_ROWS = 15
#: Permutation-importance repeats: five gives a stable ranking in seconds.
PERMUTATION_REPEATS = 5
#: Features shown in the partial-dependence plots (the most important ones).
PARTIAL_DEPENDENCE_FEATURES = 8
#: Grid points per feature for partial dependence (quantiles of the data).
PARTIAL_DEPENDENCE_GRID = 20
#: Pages averaged for partial dependence and shuffled for permutation
#: importance (a seeded sample when there are more). Each shuffled or changed
#: copy is scored by the whole calibrated ensemble (~0.2-0.4 ms a page on this
#: machine), so these caps keep notebook 02 near a minute on an evaluation set
#: of thousands of pages; 300-500 pages give a mean and an AUC to about ±0.03.
PARTIAL_DEPENDENCE_MAX_PAGES = 300
PERMUTATION_MAX_PAGES = 500
#: Rows per model call when scoring many changed copies (bounds memory).
PREDICT_CHUNK_ROWS = 50_000
#: Quantile range the partial-dependence grid and histograms cover: the
#: extreme 2% on either side are a handful of pages that stretch the axis.
VALUE_RANGE_QUANTILES = (0.02, 0.98)
#: Resolution of embedded figures (dots per inch): sharp on screen, ~50 KB a plot.
FIGURE_DPI = 100

#: Where each grouping is read from, in order of preference. ``kind`` is the
#: simulator's page source (real_original, republication, farm_copy);
#: ``site`` is derived (see :func:`page_site`).
GROUP_COLUMNS = {
    "source": ("source", "kind"),
    "language": ("lang", "language"),
    "site": ("site",),
    "style": ("style",),
}

COLOURS = {"original": "#2471a3", "farm": "#c0392b"}

#: OpenMP threads for model calls made here. Gradient boosting predicts tree
#: by tree, with a thread barrier per tree (1,500 trees in a calibrated
#: ensemble); measured on this 2-core machine under load, one thread scored
#: 5,000 pages in 0.2-0.3 s against 1.4-7 s with two.
MODEL_THREADS = 1


def _model_threads(function):
    """Run ``function`` with the model's OpenMP pool capped at MODEL_THREADS."""
    import functools

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=MODEL_THREADS, user_api="openmp"):
            return function(*args, **kwargs)

    return wrapper


@dataclass
class Evaluation:
    """A model's scores and feature values on labelled pages.

    ``scored`` is the labels frame with the score columns of
    :func:`~classifier.evaluate.score_labelled` plus ``y`` (1 for farm) and
    ``site``; ``features`` holds the feature values, row for row (NaN for
    pages that could not be read); ``metrics`` is
    :func:`~classifier.evaluate.evaluate_scored` at the model's threshold.
    """

    model: FarmModel
    scored: pd.DataFrame
    features: pd.DataFrame
    metrics: dict
    name: str = ""

    @property
    def threshold(self) -> float:
        return float(self.model.threshold)

    @property
    def usable(self) -> np.ndarray:
        """Rows with a score and every feature value."""
        finite = np.isfinite(self.features.to_numpy(dtype=float)).all(axis=1)
        return (self.scored["status"] == "ok").to_numpy() & finite

    @property
    def ok(self) -> pd.DataFrame:
        return self.scored[self.usable]

    def X(self) -> np.ndarray:
        return self.features[self.usable].to_numpy(dtype=float)

    def y(self) -> np.ndarray:
        return self.ok["y"].to_numpy(dtype=int)

    def probability(self) -> np.ndarray:
        return self.ok["farm_probability"].to_numpy(dtype=float)


def page_site(row: dict) -> str:
    """The site that shows a labelled page: the host of its URL, else the
    ``domain``, ``shell_domain`` (the site whose page a farm copy wears) or
    ``source_domain`` column."""
    from .parse import domain_of
    from .sites import site_of

    host = domain_of(str(row.get("url", "") or ""))
    for column in ("domain", "shell_domain", "source_domain"):
        if host:
            break
        host = str(row.get(column, "") or "")
    return site_of(host)


def evaluation_from_scored(model: FarmModel, scored: pd.DataFrame, progress=None, name: str = "") -> Evaluation:
    """Complete an evaluation from pages already scored with
    :func:`~classifier.evaluate.score_labelled`: reads each page again for its
    feature values (scores do not carry them)."""
    from .train import featurize_frame

    scored = scored.reset_index(drop=True).copy()
    X, _ = featurize_frame(scored, model.features, progress)
    features = pd.DataFrame(X, columns=model.feature_names)
    scored["y"] = (scored["label"] == "farm").astype(int)
    scored["site"] = [page_site(row) for row in scored.to_dict("records")]
    if "reasons" in scored.columns:
        scored["reasons"] = [list(r) if isinstance(r, (list, tuple, np.ndarray)) else [] for r in scored["reasons"]]
    metrics = evaluate_scored(scored, model.threshold)
    return Evaluation(model=model, scored=scored, features=features, metrics=metrics, name=name)


@_model_threads
def evaluate_labelled(model: FarmModel, frame: pd.DataFrame, progress=None, name: str = "") -> Evaluation:
    """Score the pages of a labels frame (:func:`~classifier.datasets.read_labels`)
    and collect everything the report and the notebooks show."""
    from .datasets import labelled_pages

    scored = score_labelled(model, frame, labelled_pages(frame), progress=progress)
    return evaluation_from_scored(model, scored, progress=progress, name=name)


# --- summary numbers -----------------------------------------------------------

def metrics_table(ev: Evaluation) -> pd.DataFrame:
    """The headline metrics, one per row, with what each means."""
    m = ev.metrics
    rows = [
        ("pages", m["n"], "pages scored (unreadable pages are left out)"),
        ("farm pages", m["n_farm"], ""),
        ("original pages", m["n_original"], ""),
        ("unreadable pages", m.get("n_errors", 0), "could not be read or parsed"),
        ("threshold", m["threshold"], "a page is called farm at or above this probability"),
        ("ROC-AUC", m["roc_auc"], "chance a random farm page scores above a random original"),
        ("PR-AUC", m["pr_auc"], "average precision over all thresholds"),
        ("precision", m["precision"], "share of pages called farm that are farm"),
        ("recall", m["recall"], "share of farm pages called farm"),
        ("F1", m["f1"], "harmonic mean of precision and recall"),
        ("false-positive rate", m["false_positive_rate"], "share of originals called farm (the costly mistake)"),
    ]
    def shown(value) -> str:
        if value is None:
            return "n/a"
        return str(value) if isinstance(value, (int, np.integer)) else f"{value:.3f}"

    return pd.DataFrame([(name, shown(value), meaning) for name, value, meaning in rows],
                        columns=["metric", "value", "meaning"])


def model_summary(model: FarmModel) -> pd.DataFrame:
    """What the model card says about the model, as a two-column table."""
    card = model.card or {}
    data = card.get("training_data", {})
    rows = [
        ("created by", card.get("created_by", "")),
        ("training data", data.get("description", "")),
        ("training pages", data.get("pages_used", data.get("pages", ""))),
        ("features", len(model.feature_names)),
        ("feature set", card.get("feature_set_version", "")),
        ("threshold", f"{model.threshold:.4f}"),
        ("threshold rule", card.get("threshold_rule", "")),
        ("model sha256", str(card.get("model_sha256", ""))[:16]),
    ]
    return pd.DataFrame([(k, str(v)) for k, v in rows], columns=["", "value"])


# --- curves --------------------------------------------------------------------

def roc_frame(ev: Evaluation) -> pd.DataFrame:
    """The ROC curve: false-positive rate, true-positive rate, threshold."""
    from sklearn.metrics import roc_curve

    if len(set(ev.y().tolist())) < 2:
        return pd.DataFrame(columns=["false_positive_rate", "true_positive_rate", "threshold"])
    fpr, tpr, thresholds = roc_curve(ev.y(), ev.probability())
    return pd.DataFrame({"false_positive_rate": fpr, "true_positive_rate": tpr, "threshold": thresholds})


def pr_frame(ev: Evaluation) -> pd.DataFrame:
    """The precision-recall curve: precision, recall, threshold."""
    from sklearn.metrics import precision_recall_curve

    if len(set(ev.y().tolist())) < 2:
        return pd.DataFrame(columns=["precision", "recall", "threshold"])
    precision, recall, thresholds = precision_recall_curve(ev.y(), ev.probability())
    return pd.DataFrame({"precision": precision, "recall": recall, "threshold": np.append(thresholds, np.nan)})


def _figure(width: float, height: float, ncols: int = 1, nrows: int = 1):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False)
    return fig, axes


def _draw_roc(ax, ev: Evaluation) -> None:
    curve = roc_frame(ev)
    auc = ev.metrics["roc_auc"]
    ax.plot(curve["false_positive_rate"], curve["true_positive_rate"], color=COLOURS["farm"],
            label=f"ROC-AUC {auc:.3f}" if auc is not None else "ROC")
    ax.plot([0, 1], [0, 1], color="grey", linestyle=":", linewidth=1)
    ax.plot(ev.metrics["false_positive_rate"], ev.metrics["recall"], "ko",
            label=f"threshold {ev.threshold:.3f}")
    ax.set_xlabel("false-positive rate (originals called farm)")
    ax.set_ylabel("recall (farm pages called farm)")
    ax.set_xlim(-0.01, 1.01)
    ax.set_ylim(-0.01, 1.01)
    ax.set_title("ROC curve")
    ax.legend(loc="lower right", fontsize=8)


def _draw_pr(ax, ev: Evaluation) -> None:
    curve = pr_frame(ev)
    auc = ev.metrics["pr_auc"]
    ax.plot(curve["recall"], curve["precision"], color=COLOURS["farm"],
            label=f"PR-AUC {auc:.3f}" if auc is not None else "PR")
    ax.plot(ev.metrics["recall"], ev.metrics["precision"], "ko", label=f"threshold {ev.threshold:.3f}")
    ax.set_xlabel("recall")
    ax.set_ylabel("precision")
    ax.set_xlim(-0.01, 1.01)
    ax.set_ylim(-0.01, 1.01)
    ax.set_title("Precision-recall curve")
    ax.legend(loc="lower left", fontsize=8)


def plot_roc(ev: Evaluation):
    fig, axes = _figure(4.5, 4.2)
    _draw_roc(axes[0, 0], ev)
    return fig


def plot_pr(ev: Evaluation):
    fig, axes = _figure(4.5, 4.2)
    _draw_pr(axes[0, 0], ev)
    return fig


def plot_curves(ev: Evaluation):
    """ROC and precision-recall side by side, the threshold marked on both."""
    fig, axes = _figure(9, 4.2, ncols=2)
    _draw_roc(axes[0, 0], ev)
    _draw_pr(axes[0, 1], ev)
    title = f"{ev.name}: " if ev.name else ""
    fig.suptitle(f"{title}{ev.metrics['n_farm']} farm and {ev.metrics['n_original']} original pages")
    return fig


def calibration_table(ev: Evaluation, bins: int = CALIBRATION_BINS) -> pd.DataFrame:
    """Reliability table: per probability bin, the pages in it, their mean
    probability and the share that are farm pages. A calibrated model has
    the two close in every bin with enough pages."""
    p, y = ev.probability(), ev.y()
    edges = np.linspace(0.0, 1.0, bins + 1)
    index = np.clip(np.digitize(p, edges[1:-1], right=False), 0, bins - 1)
    rows = []
    for b in range(bins):
        inside = index == b
        rows.append({"bin_low": edges[b], "bin_high": edges[b + 1], "pages": int(inside.sum()),
                     "mean_probability": float(p[inside].mean()) if inside.any() else np.nan,
                     "farm_share": float(y[inside].mean()) if inside.any() else np.nan})
    return pd.DataFrame(rows)


def plot_calibration(ev: Evaluation, bins: int = CALIBRATION_BINS):
    table = calibration_table(ev, bins)
    filled = table[table["pages"] > 0]
    fig, axes = _figure(4.5, 4.2)
    ax = axes[0, 0]
    ax.plot([0, 1], [0, 1], color="grey", linestyle=":", linewidth=1, label="perfect calibration")
    ax.plot(filled["mean_probability"], filled["farm_share"], "o-", color=COLOURS["farm"], label="model")
    for _, row in filled.iterrows():
        ax.annotate(str(int(row["pages"])), (row["mean_probability"], row["farm_share"]), fontsize=7,
                    textcoords="offset points", xytext=(4, -10))
    ax.set_xlabel("mean farm probability in bin")
    ax.set_ylabel("share of farm pages in bin")
    ax.set_xlim(-0.01, 1.01)
    ax.set_ylim(-0.01, 1.01)
    ax.set_title("Calibration (pages per bin beside the dots)")
    ax.legend(loc="upper left", fontsize=8)
    return fig


def confusion_table(ev: Evaluation) -> pd.DataFrame:
    """The confusion matrix at the model's threshold (rows: truth)."""
    cm = ev.metrics["confusion_matrix"]
    return pd.DataFrame([[cm["true_original"]["original"], cm["true_original"]["farm"]],
                         [cm["true_farm"]["original"], cm["true_farm"]["farm"]]],
                        index=pd.Index(["original", "farm"], name="truth"),
                        columns=pd.Index(["called original", "called farm"], name="predicted"))


def plot_confusion(ev: Evaluation):
    table = confusion_table(ev)
    fig, axes = _figure(4.2, 3.6)
    ax = axes[0, 0]
    values = table.to_numpy()
    shares = values / np.maximum(values.sum(axis=1, keepdims=True), 1)
    ax.imshow(shares, cmap="Blues", vmin=0, vmax=1)
    for i in range(2):
        for j in range(2):
            ax.text(j, i, f"{values[i, j]}\n({shares[i, j]:.1%})", ha="center", va="center",
                    color="white" if shares[i, j] > 0.5 else "black")
    ax.set_xticks([0, 1], list(table.columns))
    ax.set_yticks([0, 1], [f"truly {t}" for t in table.index])
    ax.set_title(f"Confusion at threshold {ev.threshold:.3f}")
    return fig


# --- rates per group -----------------------------------------------------------

def group_column(ev: Evaluation, aspect: str) -> str | None:
    """The column that holds ``aspect`` (source, language, site, style) in the
    labels, or None when the labels do not say."""
    for column in GROUP_COLUMNS.get(aspect, (aspect,)):
        if column in ev.scored.columns and (ev.scored[column].astype(str) != "").any():
            return column
    return None


def _called_farm(frame: pd.DataFrame) -> pd.Series:
    return frame["predicted"] == "farm"


def false_positive_rates(ev: Evaluation, aspect: str, top: int | None = None) -> pd.DataFrame:
    """False-positive rate of originals per group of ``aspect``: originals,
    how many were called farm, the rate and the highest probability. Worst
    groups first; ``top`` keeps the first rows."""
    column = group_column(ev, aspect)
    columns = [aspect, "originals", "false_positives", "false_positive_rate", "max_probability"]
    if column is None:
        return pd.DataFrame(columns=columns)
    originals = ev.ok[ev.ok["y"] == 0]
    rows = []
    for group, part in originals.groupby(originals[column].astype(str).replace("", "(none)"), sort=True):
        fp = int(_called_farm(part).sum())
        rows.append({aspect: group, "originals": int(len(part)), "false_positives": fp,
                     "false_positive_rate": fp / len(part), "max_probability": float(part["farm_probability"].max())})
    table = pd.DataFrame(rows, columns=columns)
    table = table.sort_values(["false_positive_rate", "false_positives", "max_probability"],
                              ascending=False, kind="stable").reset_index(drop=True)
    return table.head(top) if top else table


def recall_by(ev: Evaluation, aspect: str = "style") -> pd.DataFrame:
    """Recall of farm pages per group of ``aspect`` (by default the farm
    style): farm pages, how many were called farm, recall, the lowest
    probability. Worst groups first."""
    column = group_column(ev, aspect)
    columns = [aspect, "farm_pages", "detected", "recall", "min_probability"]
    if column is None:
        return pd.DataFrame(columns=columns)
    farms = ev.ok[ev.ok["y"] == 1]
    rows = []
    for group, part in farms.groupby(farms[column].astype(str).replace("", "(none)"), sort=True):
        hit = int(_called_farm(part).sum())
        rows.append({aspect: group, "farm_pages": int(len(part)), "detected": hit, "recall": hit / len(part),
                     "min_probability": float(part["farm_probability"].min())})
    table = pd.DataFrame(rows, columns=columns)
    return table.sort_values(["recall", "farm_pages"], ascending=[True, False], kind="stable").reset_index(drop=True)


def plot_rates(table: pd.DataFrame, value: str, title: str, max_rows: int = 30):
    """Horizontal bars of one rate column of a per-group table."""
    shown = table.head(max_rows)
    fig, axes = _figure(6.5, 0.9 + 0.3 * max(len(shown), 1))
    ax = axes[0, 0]
    labels = [str(v) for v in shown.iloc[:, 0]]
    y = np.arange(len(shown))[::-1]
    colour = COLOURS["farm"] if value == "recall" else COLOURS["original"]
    ax.barh(y, shown[value].astype(float), color=colour)
    counts = shown.iloc[:, 1]
    for yi, v, n in zip(y, shown[value].astype(float), counts):
        ax.text(min(v + 0.01, 0.9), yi, f"{v:.1%} of {n}", va="center", fontsize=7)
    ax.set_yticks(y, labels, fontsize=8)
    ax.set_xlim(0, 1)
    ax.set_xlabel(value.replace("_", " "))
    ax.set_title(title)
    return fig


# --- the same pages as plain text ----------------------------------------------

def score_as_plain_text(model: FarmModel, frame: pd.DataFrame, progress=None) -> pd.DataFrame:
    """Score every labelled page again given as plain text (the title and the
    visible lines, markup dropped: :func:`~classifier.render.plain_text_page`),
    as a user who pastes pages, or holds text dumps, would."""
    from .datasets import labelled_pages
    from .render import plain_text_page

    pages = (plain_text_page(page) for page in labelled_pages(frame))
    return score_labelled(model, frame, pages, progress=progress)


def rendition_table(ev: Evaluation, text_scored: pd.DataFrame) -> pd.DataFrame:
    """HTML against plain text, page for page: the false-positive rate on
    originals, the recall on farm pages, and the recall per farm style when
    the labels have one. Both at the model's threshold (which holds plain-text
    pages to its text threshold)."""
    html_ok = ev.scored["status"] == "ok"
    both = html_ok.to_numpy() & (text_scored["status"] == "ok").to_numpy()
    y = ev.scored["y"].to_numpy()
    html_farm = (ev.scored["predicted"] == "farm").to_numpy()
    text_farm = (text_scored["predicted"] == "farm").to_numpy()
    rows = []

    def add(group: str, measure: str, mask: np.ndarray) -> None:
        if mask.any():
            rows.append({"group": group, "measure": measure, "pages": int(mask.sum()),
                         "HTML": float(html_farm[mask].mean()), "plain text": float(text_farm[mask].mean())})

    add("originals", "false-positive rate", both & (y == 0))
    add("farm pages", "recall", both & (y == 1))
    column = group_column(ev, "style")
    if column is not None:
        styles = ev.scored[column].astype(str).to_numpy()
        for style in sorted(set(styles[both & (y == 1)]) - {""}):
            add(style, "recall", both & (y == 1) & (styles == style))
    return pd.DataFrame(rows, columns=["group", "measure", "pages", "HTML", "plain text"])


def plot_renditions(table: pd.DataFrame):
    """Paired bars: each row of :func:`rendition_table`, HTML beside plain text."""
    fig, axes = _figure(6.5, 1.0 + 0.42 * max(len(table), 1))
    ax = axes[0, 0]
    y = np.arange(len(table))[::-1] * 1.0
    ax.barh(y + 0.18, table["HTML"], height=0.36, color=COLOURS["original"], label="HTML")
    ax.barh(y - 0.18, table["plain text"], height=0.36, color=COLOURS["farm"], label="plain text")
    for yi, html_value, text_value in zip(y, table["HTML"], table["plain text"]):
        ax.text(min(html_value + 0.01, 0.88), yi + 0.18, f"{html_value:.1%}", va="center", fontsize=7)
        ax.text(min(text_value + 0.01, 0.88), yi - 0.18, f"{text_value:.1%}", va="center", fontsize=7)
    labels = [f"{g} ({m})" if m != "recall" or g == "farm pages" else g
              for g, m in zip(table["group"], table["measure"])]
    ax.set_yticks(y, labels, fontsize=8)
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of pages called farm")
    ax.set_title("The same pages as HTML and as plain text")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1 - 0.6 / max(len(table), 1)), ncol=2, fontsize=8)
    return fig


# --- the worst errors ----------------------------------------------------------

@_model_threads
def page_features(ev: Evaluation, positions: list[int], towards_farm: bool,
                  n: int = FEATURES_PER_PAGE) -> list[pd.DataFrame]:
    """For pages at ``positions`` (rows of ``ev.ok``), their ``n`` most telling
    feature values: the value, a typical original's and a typical farm's, and
    the contribution in farm log-odds, measured as the reasons measure it
    (:func:`~classifier.reasons.contributions`: the feature set to its value on
    a typical page of the other class), largest first in the direction
    ``towards_farm``; then the values least typical of the page's true class.
    One model call for all pages."""
    from .reasons import contributions

    if not positions:
        return []
    X = ev.X()[list(positions)]
    contribution = contributions(ev.model, X, np.full(len(positions), towards_farm))
    sign = 1.0 if towards_farm else -1.0
    own = ev.ok["y"].to_numpy()[list(positions)]
    tables = []
    for values, row, is_farm in zip(X, contribution, own):
        # Contributions first; when few features move the score alone (redundant
        # signals), fill up with the values least typical of the page's own class.
        typical = ev.model.typical_farm if is_farm else ev.model.typical_original
        unusual = np.abs(values - typical) / (1.0 + np.abs(typical))
        order = np.lexsort((-unusual, -np.maximum(sign * row, 0.0)))[:n]
        tables.append(pd.DataFrame({
            "feature": [ev.model.feature_names[i] for i in order],
            "value": [float(values[i]) for i in order],
            "typical original": [float(ev.model.typical_original[i]) for i in order],
            "typical farm": [float(ev.model.typical_farm[i]) for i in order],
            "log-odds": [float(row[i]) for i in order],
        }))
    return tables


def worst_errors(ev: Evaluation, which: str = "false_positives", n: int = WORST_PAGES) -> pd.DataFrame:
    """The originals with the highest farm probability (``false_positives``)
    or the farm pages with the lowest (``false_negatives``), worst first.
    ``error`` says whether the page is on the wrong side of the threshold
    (the gallery shows near misses too when there are few errors)."""
    if which not in ("false_positives", "false_negatives"):
        raise ValueError("which must be 'false_positives' or 'false_negatives'")
    ok = ev.ok.reset_index(drop=True)
    originals = which == "false_positives"
    part = ok[ok["y"] == (0 if originals else 1)]
    part = part.sort_values("farm_probability", ascending=not originals, kind="stable").head(n)
    pages = [str(row.get("path") or row.get("url") or row.get("input") or "") for row in part.to_dict("records")]
    table = pd.DataFrame({"page": pages, "site": part["site"].to_numpy()})
    for column in ("style", "kind", "lang"):
        if column in part.columns:
            table[column] = part[column].astype(str).to_numpy()
    table["farm_probability"] = part["farm_probability"].astype(float).to_numpy()
    table["predicted"] = part["predicted"].to_numpy()
    table["error"] = (table["predicted"] == ("farm" if originals else "original")).to_numpy(dtype=bool)
    table["reasons"] = part["reasons"].tolist() if len(part) else []
    table["position"] = part.index.to_numpy(dtype=int)
    return table


# --- features ------------------------------------------------------------------

def feature_frame(ev: Evaluation) -> pd.DataFrame:
    """The feature values of the usable pages with their class (``label``)."""
    frame = ev.features[ev.usable].reset_index(drop=True).copy()
    frame["label"] = ev.ok["label"].to_numpy()
    return frame


def feature_summary(ev: Evaluation) -> pd.DataFrame:
    """Per feature: median and mean by class, and the ROC-AUC of the feature
    alone (0.5 = no signal; above 0.5 larger values mean farm, below smaller)."""
    from sklearn.metrics import roc_auc_score

    X, y = ev.X(), ev.y()
    both = len(set(y.tolist())) == 2
    rows = []
    for j, name in enumerate(ev.model.feature_names):
        column = X[:, j]
        rows.append({"feature": name,
                     "median original": float(np.median(column[y == 0])) if (y == 0).any() else np.nan,
                     "median farm": float(np.median(column[y == 1])) if (y == 1).any() else np.nan,
                     "mean original": float(column[y == 0].mean()) if (y == 0).any() else np.nan,
                     "mean farm": float(column[y == 1].mean()) if (y == 1).any() else np.nan,
                     "auc alone": float(roc_auc_score(y, column)) if both else np.nan})
    table = pd.DataFrame(rows)
    table["separation"] = (table["auc alone"] - 0.5).abs() * 2
    return table.sort_values("separation", ascending=False, kind="stable").reset_index(drop=True)


def _value_range(values: np.ndarray) -> tuple[float, float]:
    low, high = np.quantile(values, VALUE_RANGE_QUANTILES) if len(values) else (0.0, 1.0)
    if high <= low and len(values):
        low, high = float(values.min()), float(values.max())
    if high <= low:
        high = low + 1.0
    return float(low), float(high)


def plot_feature_distributions(ev: Evaluation, features: list[str] | None = None, ncols: int = 4):
    """Histograms of each feature by class (densities, so the classes compare
    whatever their sizes), over the central 96% of values."""
    names = list(features) if features is not None else list(feature_summary(ev)["feature"])
    X, y = ev.X(), ev.y()
    index = {name: j for j, name in enumerate(ev.model.feature_names)}
    nrows = max(1, int(np.ceil(len(names) / ncols)))
    fig, axes = _figure(3.0 * ncols, 2.1 * nrows, ncols=ncols, nrows=nrows)
    for k, ax in enumerate(axes.ravel()):
        if k >= len(names):
            ax.set_visible(False)
            continue
        column = X[:, index[names[k]]]
        low, high = _value_range(column)
        bins = np.linspace(low, high, 21)
        for label, cls in (("original", 0), ("farm", 1)):
            values = np.clip(column[y == cls], low, high)
            if len(values):
                ax.hist(values, bins=bins, density=True, histtype="stepfilled", alpha=0.45,
                        color=COLOURS[label], label=label)
        ax.set_title(names[k], fontsize=8)
        ax.tick_params(labelsize=7)
        ax.set_yticks([])
    if names:
        axes.ravel()[0].legend(fontsize=7)
    return fig


def feature_correlations(ev: Evaluation, method: str = "spearman") -> pd.DataFrame:
    """Rank correlation between every pair of features (constant features get 0)."""
    frame = feature_frame(ev).drop(columns="label")
    corr = frame.corr(method=method)
    return corr.fillna(0.0)


def correlated_pairs(corr: pd.DataFrame, n: int = 15) -> pd.DataFrame:
    """The ``n`` most strongly correlated feature pairs."""
    names = list(corr.columns)
    values = corr.to_numpy()
    upper = np.triu_indices(len(names), k=1)
    table = pd.DataFrame({"feature": [names[i] for i in upper[0]], "other feature": [names[j] for j in upper[1]],
                          "correlation": values[upper]})
    order = table["correlation"].abs().sort_values(ascending=False, kind="stable").index
    return table.loc[order].head(n).reset_index(drop=True)


def plot_correlations(corr: pd.DataFrame):
    fig, axes = _figure(0.5 + 0.16 * len(corr), 0.3 + 0.16 * len(corr))
    ax = axes[0, 0]
    image = ax.imshow(corr.to_numpy(), cmap="RdBu_r", vmin=-1, vmax=1)
    ticks = np.arange(len(corr))
    ax.set_xticks(ticks, list(corr.columns), rotation=90, fontsize=5)
    ax.set_yticks(ticks, list(corr.index), fontsize=5)
    fig.colorbar(image, ax=ax, shrink=0.5, label="Spearman correlation")
    ax.set_title("Feature correlations")
    return fig


def _sample_rows(n_rows: int, limit: int | None, seed: int) -> np.ndarray:
    if limit is None or n_rows <= limit:
        return np.arange(n_rows)
    return np.sort(np.random.default_rng(seed).choice(n_rows, size=limit, replace=False))


def _predict_in_chunks(model: FarmModel, X: np.ndarray) -> np.ndarray:
    return np.concatenate([model.predict_proba(X[i:i + PREDICT_CHUNK_ROWS])
                           for i in range(0, len(X), PREDICT_CHUNK_ROWS)]) if len(X) else np.empty(0)


@_model_threads
def permutation_importances(ev: Evaluation, n_repeats: int = PERMUTATION_REPEATS, seed: int = 0,
                            max_pages: int | None = PERMUTATION_MAX_PAGES) -> pd.DataFrame:
    """How much ROC-AUC drops when one feature's values are shuffled across
    pages (mean and spread over ``n_repeats`` shuffles), as
    :func:`sklearn.inspection.permutation_importance` measures it, with every
    shuffled copy scored in a few large model calls (each call to the
    calibrated ensemble has a fixed cost that would otherwise dominate).
    Features constant on these pages cannot move the score and get 0.
    Correlated features share credit: shuffling one leaves its twin to carry
    the signal. At most ``max_pages`` pages (a seeded sample) are used."""
    from sklearn.metrics import roc_auc_score

    names = ev.model.feature_names
    rows = _sample_rows(len(ev.X()), max_pages, seed)
    X, y = ev.X()[rows], ev.y()[rows]
    importance, spread = np.zeros(len(names)), np.zeros(len(names))
    if len(set(y.tolist())) < 2:
        return pd.DataFrame({"feature": names, "importance": np.nan, "spread": np.nan})
    baseline = roc_auc_score(y, ev.model.predict_proba(X))
    varying = [j for j in range(len(names)) if np.ptp(X[:, j]) > 0]
    rng = np.random.default_rng(seed)
    blocks = []
    for j in varying:
        for _ in range(n_repeats):
            shuffled = X.copy()
            shuffled[:, j] = X[rng.permutation(len(X)), j]
            blocks.append(shuffled)
    if blocks:
        probability = _predict_in_chunks(ev.model, np.vstack(blocks)).reshape(len(varying), n_repeats, len(X))
        drops = np.array([[baseline - roc_auc_score(y, p) for p in per_feature] for per_feature in probability])
        importance[varying], spread[varying] = drops.mean(axis=1), drops.std(axis=1)
    table = pd.DataFrame({"feature": names, "importance": importance, "spread": spread})
    return table.sort_values("importance", ascending=False, kind="stable").reset_index(drop=True)


def plot_importances(table: pd.DataFrame, top: int = 20):
    shown = table.head(top)
    fig, axes = _figure(6.5, 0.9 + 0.28 * max(len(shown), 1))
    ax = axes[0, 0]
    y = np.arange(len(shown))[::-1]
    ax.barh(y, shown["importance"], xerr=shown["spread"], color=COLOURS["farm"])
    ax.set_yticks(y, list(shown["feature"]), fontsize=8)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel("drop in ROC-AUC when the feature is shuffled")
    ax.set_title("Permutation importance")
    return fig


@_model_threads
def partial_dependence(ev: Evaluation, features: list[str], grid_points: int = PARTIAL_DEPENDENCE_GRID,
                       max_pages: int | None = PARTIAL_DEPENDENCE_MAX_PAGES, seed: int = 0) -> pd.DataFrame:
    """How each feature moves the score: every page gets the same value of the
    feature, the rest of its features unchanged, and the mean farm probability
    is read, for a grid of values (the feature's distinct values, or quantiles
    over its central 96% when it has many). At most ``max_pages`` pages (a
    seeded sample) are averaged."""
    X = ev.X()[_sample_rows(len(ev.X()), max_pages, seed)]
    index = {name: j for j, name in enumerate(ev.model.feature_names)}
    grids, blocks = [], []
    for name in features:
        j = index[name]
        distinct = np.unique(X[:, j])
        if len(distinct) <= grid_points:
            grid = distinct
        else:
            grid = np.unique(np.quantile(X[:, j], np.linspace(*VALUE_RANGE_QUANTILES, grid_points)))
        for value in grid:
            changed = X.copy()
            changed[:, j] = value
            blocks.append(changed)
        grids.append((name, grid))
    if not blocks:
        return pd.DataFrame(columns=["feature", "value", "mean_probability"])
    means = _predict_in_chunks(ev.model, np.vstack(blocks)).reshape(len(blocks), len(X)).mean(axis=1)
    rows, k = [], 0
    for name, grid in grids:
        for value in grid:
            rows.append({"feature": name, "value": float(value), "mean_probability": float(means[k])})
            k += 1
    return pd.DataFrame(rows, columns=["feature", "value", "mean_probability"])


def plot_partial_dependence(table: pd.DataFrame, ev: Evaluation | None = None, ncols: int = 4):
    names = list(dict.fromkeys(table["feature"]))
    nrows = max(1, int(np.ceil(len(names) / ncols)))
    fig, axes = _figure(3.0 * ncols, 2.3 * nrows, ncols=ncols, nrows=nrows)
    for k, ax in enumerate(axes.ravel()):
        if k >= len(names):
            ax.set_visible(False)
            continue
        part = table[table["feature"] == names[k]]
        ax.plot(part["value"], part["mean_probability"], "o-" if len(part) < 4 else "-", color=COLOURS["farm"])
        if ev is not None:
            ax.axhline(ev.threshold, color="black", linestyle="--", linewidth=0.8)
        ax.set_ylim(0, 1)
        ax.set_title(names[k], fontsize=8)
        ax.tick_params(labelsize=7)
    fig.suptitle("Partial dependence: mean farm probability as one feature varies (dashed: threshold)", fontsize=9)
    return fig


# --- the HTML report -----------------------------------------------------------

def figure_png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=FIGURE_DPI)
    return buffer.getvalue()


def save_figure(fig, path: str | Path) -> Path:
    """Save a figure as PNG (parent folders made)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(figure_png(fig))
    return path


def _img(fig, alt: str) -> str:
    data = base64.b64encode(figure_png(fig)).decode("ascii")
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{data}">'


def _table(frame: pd.DataFrame, index: bool = False) -> str:
    if frame is None or frame.empty:
        return "<p class='empty'>(nothing to show)</p>"
    shown = frame.copy()
    for column in shown.columns:
        if shown[column].map(lambda v: isinstance(v, list)).any():
            shown[column] = shown[column].map(lambda v: "; ".join(map(str, v)) if isinstance(v, list) else v)
    return shown.to_html(index=index, escape=True, na_rep="", float_format=lambda v: f"{v:.3f}",
                         classes="table", border=0)


def gallery_html(ev: Evaluation, which: str = "false_positives", n: int = WORST_PAGES) -> str:
    """The worst false positives or false negatives (:func:`worst_errors`) as
    HTML cards: probability, reasons, and the feature values behind them."""
    table = worst_errors(ev, which, n)
    if table.empty:
        return "<p class='empty'>(no pages of this class)</p>"
    towards_farm = which == "false_positives"
    tables = page_features(ev, [int(p) for p in table["position"]], towards_farm)
    parts = []
    for (_, row), features in zip(table.iterrows(), tables):
        verdict = "wrong" if row["error"] else "right, but close"
        details = " · ".join(html.escape(f"{c} {row[c]}") for c in ("site", "style", "kind", "lang")
                             if c in table.columns and str(row[c]))
        reasons = "".join(f"<li>{html.escape(str(r))}</li>" for r in row["reasons"]) or "<li>(no reasons)</li>"
        parts.append(f"<div class='page'><h4>{html.escape(str(row['page']))}</h4>"
                     f"<p>farm probability <b>{row['farm_probability']:.3f}</b>, called {html.escape(row['predicted'])}"
                     f" ({verdict}) · {details}</p><p>reasons:</p><ul>{reasons}</ul>"
                     f"<p>feature values that pushed it {'towards farm' if towards_farm else 'towards original'}:</p>"
                     f"{_table(features)}</div>")
    return "".join(parts)


def _group_section(ev: Evaluation, aspect: str, rate: str) -> str:
    column = group_column(ev, aspect)
    if column is None:
        return f"<p class='empty'>The labels have no {aspect} column ({', '.join(GROUP_COLUMNS[aspect])}).</p>"
    if rate == "recall":
        table = recall_by(ev, aspect)
        title = f"Recall per {aspect}"
    else:
        full = false_positive_rates(ev, aspect)
        flagged = int((full["false_positives"] > 0).sum())
        table = full.head(MAX_GROUP_ROWS) if aspect == "site" else full
        title = f"False-positive rate per {aspect}"
    out = f"<p>From column <code>{html.escape(column)}</code>.</p>"
    if rate != "recall" and aspect == "site":
        out += (f"<p>{len(full)} sites, {flagged} with at least one original called farm; "
                f"the {len(table)} worst are listed.</p>")
    out += _table(table)
    if 1 < len(table):
        out += _img(plot_rates(table, rate, title), title)
    return out


CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
table.table{border-collapse:collapse;font-size:.85em;margin:.5em 0}
table.table td,table.table th{border:1px solid #ddd;padding:.25em .6em;text-align:left;vertical-align:top}
table.table th{background:#f4f4f4}img{max-width:100%;margin:.5em 0}
.page{border:1px solid #ddd;border-radius:6px;padding:.2em 1em;margin:1em 0}.page h4{word-break:break-all}
.empty{color:#777;font-style:italic}.figs{display:flex;flex-wrap:wrap;gap:1em}
"""


def build_report(ev: Evaluation, path: str | Path | None = None, title: str = "contentfarm evaluation report",
                 n_worst: int = WORST_PAGES, text_scored: pd.DataFrame | None = None) -> str:
    """One self-contained HTML page (plots embedded as base64 PNG, no external
    files or scripts) with the content of ``notebooks/01-evaluate-model.ipynb``.
    ``text_scored`` (:func:`score_as_plain_text`) adds the comparison of the
    same pages as plain text. Written to ``path`` when given; the HTML is returned."""
    from . import __version__

    subtitle = f"{html.escape(ev.name)} · " if ev.name else ""
    sections = [
        f"<h1>{html.escape(title)}</h1>",
        f"<p>{subtitle}contentfarm {__version__} · {ev.metrics['n']} pages scored "
        f"({ev.metrics.get('n_errors', 0)} unreadable)</p>",
        "<h2>Model</h2>", _table(model_summary(ev.model)),
        "<h2>Metrics at the threshold</h2>", _table(metrics_table(ev)),
        "<h2>ROC and precision-recall curves</h2>",
        "<p>The dot marks the model's threshold. ROC shows what share of farm pages is caught for each share of "
        "originals flagged; precision-recall shows how many flagged pages are truly farm.</p>",
        _img(plot_curves(ev), "ROC and precision-recall curves"),
        "<h2>Calibration</h2>",
        "<p>Of the pages given a farm probability near p, a share p should be farm pages.</p>",
        f"<div class='figs'>{_img(plot_calibration(ev), 'calibration curve')}"
        f"<div>{_table(calibration_table(ev))}</div></div>",
        "<h2>Confusion matrix</h2>",
        f"<div class='figs'>{_img(plot_confusion(ev), 'confusion matrix')}"
        f"<div>{_table(confusion_table(ev), index=True)}</div></div>",
        "<h2>False-positive rate per source</h2>", _group_section(ev, "source", "false_positive_rate"),
        "<h2>False-positive rate per language</h2>", _group_section(ev, "language", "false_positive_rate"),
        "<h2>False-positive rate per site</h2>", _group_section(ev, "site", "false_positive_rate"),
        "<h2>Recall per farm style</h2>", _group_section(ev, "style", "recall"),
        "<h2>Worst false positives</h2>",
        "<p>The originals with the highest farm probability, with the reasons the model gives and the feature "
        "values that pushed them up (against a typical original).</p>",
        gallery_html(ev, "false_positives", n_worst),
        "<h2>Worst false negatives</h2>",
        "<p>The farm pages with the lowest farm probability, with the feature values that pulled them down "
        "(against a typical farm page).</p>",
        gallery_html(ev, "false_negatives", n_worst),
    ]
    if text_scored is not None:
        table = rendition_table(ev, text_scored)
        sections += [
            "<h2>The same pages as plain text</h2>",
            "<p>Every page again as plain text (title and visible lines, markup dropped), as a user who pastes "
            "pages would score it. Plain text loses the markup evidence; the model holds text pages to a "
            "threshold of its own so that originals are not flagged more often.</p>",
            f"<div class='figs'>{_img(plot_renditions(table), 'HTML against plain text')}"
            f"<div>{_table(table)}</div></div>",
        ]
    document = ("<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
                f"<title>{html.escape(title)}</title><style>{CSS}</style></head><body>\n"
                + "\n".join(sections) + "\n</body></html>\n")
    if path is not None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(document, encoding="utf-8")
    return document
