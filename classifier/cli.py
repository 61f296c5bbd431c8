"""The ``contentfarm`` command line: thin wrappers around the library.

stdout carries only data (one record per input, in input order); logs,
progress bars and summaries go to stderr. Exit codes: 0 every input scored,
1 fatal (unreadable model, bad data set), 2 usage, 3 finished but some inputs
got error rows.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import click

from . import __version__
from .budget import DEFAULT_PAGE_SECONDS

EXIT_OK, EXIT_FATAL, EXIT_USAGE, EXIT_SOME_FAILED = 0, 1, 2, 3


def fail(message: str, code: int = EXIT_FATAL):
    click.echo(f"contentfarm: error: {message}", err=True)
    raise SystemExit(code)


def progress_bar(total=None, desc="", quiet=False, unit="page"):
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit=unit, file=sys.stderr, dynamic_ncols=True,
                disable=quiet or not sys.stderr.isatty())


def open_model(model_dir):
    from .model import ModelError, default_model_dir
    from .safe_model import load_any_model

    directory = Path(model_dir) if model_dir else default_model_dir()
    try:
        return load_any_model(directory)  # a folder (joblib), or a .skops file (allowlisted types only)
    except ModelError as exc:
        fail(str(exc))


model_option = click.option("--model", "model_dir", type=click.Path(), default=None,
                            help="Model folder, or a .skops file from 'contentfarm model export' "
                                 "(default: the shipped models/default, or $CONTENTFARM_MODEL).")
quiet_option = click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary on stderr.")
output_option = click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default=None,
                             help="Write rows to FILE; the format follows its extension (.csv, .jsonl, .parquet). "
                                  "Default: a table on a terminal, JSON lines when piped.")
format_option = click.option("--format", "fmt", type=click.Choice(["csv", "jsonl", "parquet", "table"]), default=None,
                             help="Force the output format.")
stdin_kind_option = click.option("--stdin-kind", type=click.Choice(["html", "text"]), default="html", show_default=True,
                                 help="What '-' (standard input) holds.")


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="contentfarm")
def main():
    """Tell original news and blog pages from content-farm copies.

    contentfarm reads pages (HTML or plain text, files, folders, WARC archives),
    measures farm signals (sidebar link density, unrelated headline lists,
    engagement counters, title branding, date and byline anomalies, wire-copy
    signs, text statistics) and gives each page a calibrated probability of
    being a farm copy, with the reasons in plain words.

    \b
    Examples:
      contentfarm score data/samples/
      contentfarm score page.html crawl.warc.gz -o scores.csv
      contentfarm train labels.csv -o models/mine --seed 1
      contentfarm evaluate labels.csv --model models/mine --json
    """


@main.command()
@click.argument("inputs", nargs=-1)
@click.option("--urls", "urls", type=click.Path(dir_okay=False, allow_dash=True), default=None, metavar="FILE",
              help="Fetch and score the URLs in FILE: one a line, or CSV/JSONL with a 'url' column; - for stdin.")
@model_option
@click.option("-o", "--output", type=click.Path(allow_dash=True), default=None,
              help="Write rows to FILE; the format follows its extension (.csv, .jsonl, .parquet: a folder of "
                   "part files). Default: a table on a terminal, JSON lines when piped.")
@format_option
@stdin_kind_option
@click.option("--workers", type=click.IntRange(min=0), default=None,
              help="Worker processes that parse and score [default: all cores]. 0: parse and score in this "
                   "process, with no worker processes and so no --page-timeout (nothing could stop a stuck page).")
@click.option("--unordered", is_flag=True, help="Write rows as they are ready instead of in input order.")
@click.option("--resume", is_flag=True,
              help="Continue a killed run's output (-o): skip the inputs it already holds, score the rest.")
@click.option("--save-warc", type=click.Path(dir_okay=False), default=None, metavar="FILE.warc.gz",
              help="Keep every fetched response (request and response records) in a WARC file.")
@click.option("--allow-private", is_flag=True,
              help="Also fetch loopback, private and link-local addresses (refused by default: no request forgery).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=60.0, show_default=True,
              help="Seconds for one fetch attempt, redirects and body included.")
@click.option("--retries", type=click.IntRange(min=0), default=2, show_default=True,
              help="Extra attempts after a timeout, connection error, 5xx or 429 (with backoff, or Retry-After).")
@click.option("--concurrency", type=click.IntRange(min=1), default=64, show_default=True,
              help="Requests in flight at once.")
@click.option("--per-host", type=click.IntRange(min=1), default=8, show_default=True,
              help="Requests in flight to one host.")
@click.option("--max-bytes", type=click.IntRange(min=1024), default=5 * 1024 * 1024, show_default=True,
              help="Largest page body kept; longer pages are cut, scored and flagged (column truncated).")
@click.option("--page-timeout", type=click.FloatRange(min=0), default=DEFAULT_PAGE_SECONDS, show_default=True,
              metavar="SECONDS",
              help="Time one page may take to parse and score; a page over it gets status timeout and the "
                   "batch goes on (scoring runs in watched worker processes). 0: no budget. Not with --workers 0.")
@click.option("--index", "index_dir", type=click.Path(file_okay=False), default=None, metavar="INDEX",
              help="A provenance index (contentfarm index build): adds the columns copied_from, copy_containment, "
                   "original_published, published_earlier_elsewhere, same_site_match and provenance_reason.")
@quiet_option
def score(inputs, urls, model_dir, output, fmt, stdin_kind, workers, unordered, resume, save_warc, allow_private,
          timeout, retries, concurrency, per_host, max_bytes, page_timeout, quiet, index_dir=None):
    """Score pages: one row per input, in input order.

    INPUTS are .html/.htm/.txt files (optionally .gz), folders (read
    recursively), WARC files (.warc, .warc.gz), http(s) URLs, or - for one
    page on stdin. --urls FILE adds a URL list of any length: it is read as
    it goes, fetched (aiohttp, global and per-host limits, timeouts, retries,
    at most --max-bytes per page) and scored as pages arrive, by worker
    processes, with memory that does not grow with the list.

    Columns: input, url, domain, status (ok or an error kind), error,
    farm_probability (0-1), label (farm/original), reasons, http_status and
    truncated. Plain-text pages lack the markup evidence, so they are held to
    the model's stricter text threshold (their probability is rescaled onto
    the model's threshold): score the HTML when you have it. A broken input gets an error row and the batch goes on (exit
    code 3). Fetch statuses: ok, http_4xx / http_5xx (code in http_status),
    timeout, too_large (a decompression bomb), not_html, dns_error,
    connection_error, redirect_loop, invalid_url, blocked_address (loopback,
    private or link-local addresses and schemes other than http/https are
    refused unless --allow-private). A summary of counts by status goes to
    stderr at the end; a progress bar too when stderr is a terminal.

    Rows are written and flushed as they are made, into NAME.partial (CSV,
    JSONL) or the folder NAME.partial/ (Parquet, as part files), which is
    renamed to NAME when the run ends well: NAME always holds a complete
    output, the earlier one until the new one is done. A killed run keeps
    its rows in NAME.partial; run the same command again with --resume to
    score only what is missing (--resume also adds to a complete NAME).

    \b
    Examples:
      contentfarm score data/samples/
      contentfarm score pages/ -o scores.parquet
      contentfarm score --urls urls.txt -o scores.jsonl --save-warc pages.warc.gz
      contentfarm score --urls urls.txt -o scores.jsonl --resume
      contentfarm score crawl.warc.gz --unordered -o scores.csv
      contentfarm score pages/ --index originals.index -o scores.csv
      curl -s https://example.org/story | contentfarm score - --format csv
    """
    from .batch import BatchConfig, BatchError, count_url_lines, iter_inputs, open_output, run_batch
    from .fetch import DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, FetchConfig
    from .model import default_model_dir
    from .outputs import OutputError, format_for

    if not inputs and urls is None:
        fail("nothing to score: give INPUTS or --urls FILE (see contentfarm score --help)", EXIT_USAGE)
    if urls == "-" and "-" in inputs:
        fail("standard input holds either a page (-) or a URL list (--urls -), not both", EXIT_USAGE)
    if save_warc and not save_warc.lower().endswith(".warc.gz"):
        fail("--save-warc needs a file name ending in .warc.gz", EXIT_USAGE)
    try:
        fmt = format_for(output, fmt)
    except OutputError as exc:
        fail(str(exc), EXIT_USAGE)
    if output and fmt != "parquet" and Path(output).is_dir():  # only a Parquet output is a folder
        fail(f"{output} is a folder: give a file name for {fmt} output", EXIT_USAGE)
    if workers == 0 and page_timeout:
        from click.core import ParameterSource

        if click.get_current_context().get_parameter_source("page_timeout") is not ParameterSource.DEFAULT:
            fail("--workers 0 scores in this process, where nothing can stop a page that overruns --page-timeout: "
                 "use --workers 1 (one watched worker process) or --page-timeout 0", EXIT_USAGE)
        page_timeout = 0  # the budget works by killing a worker process, and there is none
    model = open_model(model_dir)
    if index_dir:  # a bad index fails now, not in the middle of the batch
        from .provenance import ProvenanceIndex, ProvenanceIndexError

        try:
            ProvenanceIndex.open(index_dir)
        except ProvenanceIndexError as exc:
            fail(str(exc))
    fetch_config = FetchConfig(concurrency=concurrency, per_host=per_host, total_timeout=timeout,
                               connect_timeout=min(DEFAULT_CONNECT_TIMEOUT, timeout),
                               read_timeout=min(DEFAULT_READ_TIMEOUT, timeout), retries=retries,
                               max_bytes=max_bytes, allow_private=allow_private)
    config = BatchConfig(workers=workers, ordered=not unordered, resume=resume, save_warc=save_warc,
                         max_bytes=max_bytes, fetch=fetch_config, page_timeout=page_timeout or None, index=index_dir)
    try:
        from .provenance import PROVENANCE_COLUMNS

        sink, done = open_output(output, fmt, resume=resume, extra_columns=PROVENANCE_COLUMNS if index_dir else ())
    except (BatchError, OutputError) as exc:
        fail(str(exc), EXIT_USAGE)
    except OSError as exc:
        fail(f"cannot open the output: {exc}")
    show_bar = not quiet and sys.stderr.isatty()
    total = count_url_lines(urls) if show_bar and urls and not inputs else None
    try:
        with sink as writer, progress_bar(total=total, desc="scoring", quiet=quiet) as bar:
            errors = Counter()

            def on_rows(rows):
                errors.update(r["status"] for r in rows if r["status"] != "ok")
                bar.update(len(rows))
                if errors:
                    bar.set_postfix(errors=sum(errors.values()), refresh=False)

            class TableRows:  # a terminal table shows why a row failed in its reasons column
                def write_many(self, rows):
                    writer.write_many([dict(r, reasons=[f"{r['status']}: {r['error']}"]) if r["status"] != "ok"
                                       else r for r in rows])

            result = run_batch(iter_inputs(inputs, urls, stdin_kind=stdin_kind, max_bytes=max_bytes),
                               TableRows() if fmt == "table" else writer, config, model=model,
                               model_dir=Path(model_dir) if model_dir else default_model_dir(),
                               on_rows=on_rows, done=done)
    except BatchError as exc:
        fail(str(exc))
    except OutputError as exc:
        fail(str(exc), EXIT_USAGE)
    except OSError as exc:
        fail(f"cannot write output: {exc}")
    if not quiet:
        summary = ", ".join(f"{n} {label}" for label, n in sorted(result.labels.items()))
        errors = ", ".join(f"{n} {status}" for status, n in sorted(result.statuses.items()) if status != "ok")
        skipped = f" ({result.skipped} already in the output, skipped)" if resume else ""
        rate = result.rows / result.seconds if result.seconds > 0 else 0.0
        click.echo(f"scored {result.rows} inputs in {result.seconds:.1f} s ({rate:.0f}/s){skipped}: "
                   f"{result.statuses.get('ok', 0)} ok ({summary or 'none scored'})"
                   + (f"; errors: {errors}" if errors else ""), err=True)
    raise SystemExit(EXIT_SOME_FAILED if result.failed else EXIT_OK)


@main.command()
@click.argument("labels", type=click.Path(dir_okay=False))
@click.option("-o", "--output", "output_dir", type=click.Path(file_okay=False), required=True,
              help="Model folder to write (model.joblib + model.json).")
@click.option("--force", is_flag=True, help="Overwrite an existing model in the output folder.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for every random choice.")
@click.option("--target-fpr", type=float, default=0.01, show_default=True,
              help="Largest cross-validated false-positive rate on originals the threshold may allow.")
@click.option("--description", default="", help="Words for the model card about the training data.")
@click.option("--holdout", type=click.Path(dir_okay=False, exists=True), default=None,
              help="A labels file held out of training: its metrics go into the model card.")
@quiet_option
def train(labels, output_dir, force, seed, target_fpr, description, holdout, quiet):
    """Train a model from labelled pages and print cross-validated metrics.

    LABELS is a CSV or JSONL file with a 'label' column (farm or original)
    and a 'path' column (relative to the labels file) or a 'url' column.
    Columns source_domain, shell_domain or domain make the cross-validation
    keep each site on one side of every split.

    \b
    Example:
      contentfarm train build/synth/manifest.csv -o models/mine --seed 0
    """
    from .datasets import DatasetError, read_labels
    from .model import MODEL_FILE, save_model
    from .train import train_model

    if (Path(output_dir) / MODEL_FILE).exists() and not force:
        fail(f"{output_dir} already holds a model; pass --force to overwrite it", EXIT_FATAL)
    try:
        frame = read_labels(labels)
    except DatasetError as exc:
        fail(str(exc))
    try:
        with progress_bar(total=len(frame), desc="featurising", quiet=quiet) as bar:
            model, metrics = train_model(frame, seed=seed, target_fpr=target_fpr, progress=bar,
                                         data_description=description or f"labels file {Path(labels).name}")
    except ValueError as exc:
        fail(str(exc))
    if holdout:
        from .datasets import labelled_pages
        from .evaluate import evaluate_scored, score_labelled
        from .experiments import manifest_checksum

        held = read_labels(holdout)
        with progress_bar(total=len(held), desc="holdout", quiet=quiet) as bar:
            scored = score_labelled(model, held, labelled_pages(held), progress=bar)
        held_metrics = evaluate_scored(scored, model.threshold)
        held_metrics["labels_file"] = Path(holdout).name
        held_metrics["labels_checksum"] = manifest_checksum(held)
        model.card["metrics"]["holdout"] = held_metrics
    try:
        save_model(model, output_dir, force=force)
    except OSError as exc:  # a full disk says so (classifier.atomic); the old model is left as it was
        fail(f"cannot save the model: {exc}")
    click.echo(json.dumps({"model": str(output_dir), "threshold": model.threshold,
                           "text_threshold": model.text_threshold, "cross_validated": metrics}, indent=2))
    if not quiet:
        click.echo(f"saved model to {output_dir} (threshold {model.threshold:.3f}, plain-text pages "
                   f"{model.text_threshold:.3f})", err=True)


@main.command()
@click.argument("labels", type=click.Path(dir_okay=False))
@model_option
@click.option("--json", "as_json", is_flag=True, help="Print the metrics as JSON.")
@click.option("--scores", "scores_path", type=click.Path(dir_okay=False), default=None,
              help="Also write the per-page scores (labels plus score columns) to this file (.csv/.jsonl/.parquet).")
@click.option("--report", "report_path", type=click.Path(dir_okay=False), default=None, metavar="FILE.html",
              help="Also write an HTML evaluation report: one self-contained file with the plots embedded.")
@click.option("--figure", "figure_path", type=click.Path(dir_okay=False), default=None, metavar="FILE.png",
              help="Also save the ROC and precision-recall figure of the report as a PNG.")
@click.option("--plain-text", "plain_text", is_flag=True,
              help="Also score every page as plain text (title and visible lines, markup dropped) and compare: "
                   "its metrics are printed (JSON: as_plain_text) and the report gets a section.")
@quiet_option
def evaluate(labels, model_dir, as_json, scores_path, report_path, figure_path, plain_text, quiet):
    """Measure a model on labelled pages.

    Prints ROC-AUC, PR-AUC, and precision, recall, F1 and false-positive
    rate at the model's threshold, with the confusion matrix.

    --report FILE.html writes what notebooks/01-evaluate-model.ipynb shows,
    for people who do not run Jupyter: ROC and precision-recall curves,
    calibration, the confusion matrix, false-positive rates per source,
    language and site, recall per farm style (from the labels' kind, lang,
    url/domain and style columns, when present), and the worst false
    positives and false negatives with their reasons and feature values.
    One HTML file, no network needed to view it. Making it reads each page a
    second time, for its feature values.

    --plain-text scores every page a second time as plain text, the way a
    user who pastes pages or holds text dumps would: markup evidence is gone,
    and the model holds text pages to its text threshold.

    \b
    Examples:
      contentfarm evaluate labels.csv --model models/default --json
      contentfarm evaluate build/synth/eval.csv --report report.html --figure roc.png
      contentfarm evaluate build/synth/eval.csv --plain-text --report report.html
    """
    from .datasets import DatasetError, labelled_pages, read_labels
    from .evaluate import evaluate_scored, score_labelled
    from .outputs import OutputError, RowWriter, format_for

    try:  # an unknown --scores extension fails now, not after scoring every page
        scores_format = format_for(scores_path, None) if scores_path else None
    except OutputError as exc:
        fail(str(exc), EXIT_USAGE)
    model = open_model(model_dir)
    try:
        frame = read_labels(labels)
    except DatasetError as exc:
        fail(str(exc))
    with progress_bar(total=len(frame), desc="scoring", quiet=quiet) as bar:
        scored = score_labelled(model, frame, labelled_pages(frame), progress=bar)
    metrics = evaluate_scored(scored, model.threshold)
    text_scored = None
    if plain_text:
        from .report import score_as_plain_text

        with progress_bar(total=len(frame), desc="as plain text", quiet=quiet) as bar:
            text_scored = score_as_plain_text(model, frame, progress=bar)
        metrics["as_plain_text"] = evaluate_scored(text_scored, model.threshold)
    if scores_path:
        try:
            with RowWriter(scores_path, scores_format) as writer:
                writer.write_many(scored.drop(columns=["resolved_path"], errors="ignore").to_dict("records"))
        except OSError as exc:  # a full disk says so in plain words (classifier.atomic)
            fail(f"cannot write the scores: {exc}")
    if report_path or figure_path:
        from .report import build_report, evaluation_from_scored, plot_curves, save_figure

        with progress_bar(total=len(frame), desc="features", quiet=quiet) as bar:
            ev = evaluation_from_scored(model, scored, progress=bar, name=Path(labels).name)
        if report_path:
            build_report(ev, report_path, text_scored=text_scored)
            if not quiet:
                click.echo(f"wrote report {report_path}", err=True)
        if figure_path:
            save_figure(plot_curves(ev), figure_path)
    if as_json:
        click.echo(json.dumps(metrics, indent=2))
    else:
        click.echo(format_metrics(metrics))
        if "as_plain_text" in metrics:
            click.echo("\nthe same pages as plain text (markup dropped):")
            click.echo(format_metrics(metrics["as_plain_text"]))


def format_metrics(metrics: dict) -> str:
    def num(value):
        return "n/a" if value is None else f"{value:.3f}"

    cm = metrics["confusion_matrix"]
    lines = [
        f"pages: {metrics['n']} ({metrics['n_farm']} farm, {metrics['n_original']} original, "
        f"{metrics.get('n_errors', 0)} unreadable)",
        f"threshold: {metrics['threshold']:.3f}",
        f"ROC-AUC {num(metrics['roc_auc'])}   PR-AUC {num(metrics['pr_auc'])}",
        f"precision {num(metrics['precision'])}   recall {num(metrics['recall'])}   F1 {num(metrics['f1'])}   "
        f"false-positive rate {num(metrics['false_positive_rate'])}",
        "confusion matrix (rows: truth, columns: predicted)",
        f"{'':>16}{'original':>10}{'farm':>8}",
        f"{'original':>16}{cm['true_original']['original']:>10}{cm['true_original']['farm']:>8}",
        f"{'farm':>16}{cm['true_farm']['original']:>10}{cm['true_farm']['farm']:>8}",
    ]
    return "\n".join(lines)


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@output_option
@format_option
@stdin_kind_option
@quiet_option
def features(inputs, output, fmt, stdin_kind, quiet):
    """Print the feature table of pages, for inspection.

    One row per input with every feature (columns extractor__feature), the
    status and the seconds it took. Output formats as for 'score'.
    """
    from .featurize import PageFeatures
    from .outputs import OutputError, RowWriter, format_for
    from .pages import read_pages
    from .score import chunked, features_batch

    try:
        fmt = format_for(output, fmt)
    except OutputError as exc:
        fail(str(exc), EXIT_USAGE)
    extractor = PageFeatures.default()
    failed = 0
    try:
        with RowWriter(output, "csv" if fmt == "table" else fmt) as writer, \
                progress_bar(desc="features", quiet=quiet) as bar:
            for chunk in chunked(read_pages(inputs, stdin_kind=stdin_kind), 64):
                rows = features_batch(extractor, chunk)
                failed += sum(1 for r in rows if r["status"] != "ok")
                writer.write_many(rows)
                bar.update(len(rows))
    except OSError as exc:  # a full disk says so in plain words (classifier.atomic)
        fail(f"cannot write output: {exc}")
    raise SystemExit(EXIT_SOME_FAILED if failed else EXIT_OK)


@main.command("split")
@click.argument("manifest", type=click.Path(dir_okay=False, exists=True))
@click.option("-o", "--output-dir", type=click.Path(file_okay=False), default=None,
              help="Where to write train.csv and eval.csv (default: beside the manifest).")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the site-to-fold assignment.")
def split(manifest, output_dir, seed):
    """Split a labels manifest into train.csv and eval.csv by site.

    The evaluation split holds the pages whose sites (the article's site and,
    for grafted pages, the shell's site) all fall in one of four site folds;
    the training split holds the pages that touch none of those sites. No
    article text or site is on both sides. Paths stay valid (they are rewritten
    relative to the output folder).
    """
    import pandas as pd

    from .experiments import holdout_split, manifest_checksum

    manifest = Path(manifest)
    out = Path(output_dir) if output_dir else manifest.parent
    out.mkdir(parents=True, exist_ok=True)
    frame = pd.read_csv(manifest, dtype=str, keep_default_na=False)
    frame["path"] = [p if Path(p).is_absolute() else str((manifest.parent / p).resolve()) for p in frame["path"]]
    train_frame, eval_frame = holdout_split(frame, seed)
    train_frame.to_csv(out / "train.csv", index=False)
    eval_frame.to_csv(out / "eval.csv", index=False)
    click.echo(json.dumps({"train": len(train_frame), "eval": len(eval_frame),
                           "left_out_straddling": len(frame) - len(train_frame) - len(eval_frame),
                           "eval_checksum": manifest_checksum(eval_frame)}))


@main.command("cross-evaluate")
@click.argument("manifest", type=click.Path(dir_okay=False, exists=True))
@click.option("--corpus", type=click.Path(file_okay=False, exists=True), required=True,
              help="The corpus folder the manifest was made from (its index.csv marks wire stories).")
@click.option("--seeds", "seeds_dir", type=click.Path(file_okay=False), default=None,
              help="Folder of the two seed pages, scored with --model.")
@model_option
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--json-out", type=click.Path(dir_okay=False), default=None, help="Write the results as JSON here.")
@quiet_option
def cross_evaluate(manifest, corpus, seeds_dir, model_dir, seed, json_out, quiet):
    """Honest evaluation on a simulator manifest: by-site folds, leave-one-style-out.

    Prints, as a table: cross-validated metrics with folds that keep every site
    on one side; false-positive rates on untouched real originals, on
    republications and on the corpus pages marked as wire stories; and, for
    each farm style, its recall when the model never saw it in training (at
    the threshold chosen on the other styles) with its ROC-AUC.
    """
    from .experiments import format_suite, run_suite, write_json

    with progress_bar(desc="featurising", quiet=quiet) as bar:
        result = run_suite(Path(manifest), Path(corpus), seed=seed, progress=bar)
    if seeds_dir:
        from .pages import Page, read_file_page
        from .render import text_to_html
        from .score import score_batch

        model = open_model(model_dir)
        expected = {"000_cb80cc104f090b56.txt": "original", "001_6590402504eff1c4.txt": "farm"}
        result["seeds"] = {}
        for name, label in expected.items():
            page = read_file_page(Path(seeds_dir) / name)
            rendered = Page.from_html(text_to_html(page.decoded()), input=f"{name} (html)")
            for key, score_row in zip((name, f"{name} (html)"), score_batch(model, [page, rendered])):
                result["seeds"][key] = {"label": score_row.label, "farm_probability": score_row.farm_probability,
                                        "expected": label, "reasons": score_row.reasons}
    click.echo(format_suite(result))
    if json_out:
        write_json(Path(json_out), result)


@main.command("sites")
@click.argument("scores", type=click.Path(dir_okay=True, allow_dash=True))
@click.option("--threshold", type=float, default=None,
              help="Farm-probability threshold for pages, when the scores have no 'label' column.")
@click.option("--farm-rate", type=click.FloatRange(0, 1, min_open=True, max_open=True), default=None,
              help="Share of farm pages that makes a farm site [default: 0.5].")
@click.option("--credible-mass", type=click.FloatRange(0, 1, min_open=True, max_open=True), default=None,
              help="Mass of the credible interval a verdict needs to clear the bar [default: 0.9].")
@output_option
@format_option
@quiet_option
def sites(scores, threshold, farm_rate, credible_mass, output, fmt, quiet):
    """Site verdicts: aggregate page scores by site (domain).

    SCORES is a file written by 'contentfarm score -o' (.csv, .jsonl,
    .parquet) or - for its JSON lines on stdin; a file written by
    'contentfarm evaluate --scores' works too (its 'predicted' column holds
    the model's calls, 'label' the truth). Pages are grouped by site
    (the domain without 'www.'); error rows and pages with no known domain
    are left out.

    Content farms are sites: one odd page must not condemn a real outlet,
    twenty farm pages should condemn a farm. Each site's farm-page rate (the
    share of its pages that are farm copies) gets a Beta-binomial posterior:
    a Beta(1, 2) prior leaning towards original, updated with the k of n
    pages the model called farm. The verdict is 'farm' when the whole
    credible interval (90%) lies at or above the bar (0.5: most pages are
    farm copies), 'original' when it lies below, else 'uncertain'. So
    confidence grows with the number of pages and their agreement: 1 farm
    page of 1 is uncertain, 6 of 6 is farm, 1 of 11 is original.

    Columns: site, verdict, farm_site_probability (posterior probability
    that most pages are farm copies), pages, farm_pages, farm_share,
    farm_rate (posterior mean), rate_low, rate_high (credible interval),
    mean_probability, error_pages, top_reasons (the commonest reasons among
    the pages that agree with the verdict, with how many pages give them).
    Farm verdicts come first. Output formats as for 'score'.

    \b
    Examples:
      contentfarm score crawl.warc.gz -o scores.jsonl
      contentfarm sites scores.jsonl
      contentfarm score pages/ | contentfarm sites - -o sites.csv
    """
    from .outputs import OutputError, RowWriter, format_for
    from .sites import CREDIBLE_MASS, FARM_SITE_RATE, SITE_COLUMNS, SitesError, read_scores, site_verdicts, \
        verdict_counts

    try:
        fmt = format_for(output, fmt)
    except OutputError as exc:
        fail(str(exc), EXIT_USAGE)
    try:
        pages = read_scores(scores)
        verdicts = site_verdicts(pages, threshold,
                                 farm_rate=FARM_SITE_RATE if farm_rate is None else farm_rate,
                                 credible_mass=CREDIBLE_MASS if credible_mass is None else credible_mass)
    except SitesError as exc:
        fail(str(exc))
    rows, columns = verdicts.to_dict("records"), SITE_COLUMNS
    if fmt == "table":
        columns = ["site", "verdict", "farm_site_probability", "pages", "farm_pages", "top_reasons"]
        rows = [{**row, "farm_site_probability": f"{row['farm_site_probability']:.3f}"} for row in rows]
    try:
        with RowWriter(output, fmt, columns) as writer:
            writer.write_many(rows)
    except OutputError as exc:
        fail(str(exc), EXIT_USAGE)
    if not quiet:
        counts = verdict_counts(verdicts)
        click.echo(f"{len(verdicts)} sites from {len(pages)} scored pages: "
                   + ", ".join(f"{n} {verdict}" for verdict, n in counts.items()), err=True)


@main.command("render-text")
@click.argument("text_file", type=click.File("r", encoding="utf-8", errors="replace"))
@click.option("--url", default="", help="URL to give the page (canonical link).")
def render_text(text_file, url):
    """Render a plain-text page (as a reader sees it) into HTML on stdout.

    The first line becomes the title, headline lists under headings such as
    Related or Ranking become lists of links, other lines paragraphs.
    """
    from .render import text_to_html

    click.echo(text_to_html(text_file.read(), url=url))


@main.command("spark-score")
@click.argument("inputs", nargs=-1)
@click.option("--paths-from", default=None, metavar="FILE",
              help="A list of input paths, one a line (for more WARC files than a command line holds; .gz read "
                   "as gzip): a local file, or any URI Spark reads (s3a://, hdfs://, abfss:// ...).")
@click.option("--urls", "urls_file", default=None, metavar="FILE",
              help="A URL list as for 'score --urls' (lines, or CSV/JSONL with a 'url' column), local or any URI "
                   "Spark reads; the pages are fetched inside the executors.")
@click.option("--table", default=None, metavar="PARQUET",
              help="A Parquet table of pages: url plus html (string) or body (binary); optional input, kind, charset.")
@model_option
@click.option("-o", "--output", required=True, help="Parquet folder to write (a local path or any URI Spark writes).")
@click.option("--partition-by", type=click.Choice(["label", "status", "domain", "http_status", "truncated"]),
              default=None, help="Write one folder per value of this column (e.g. label=farm/).")
@click.option("--partitions", type=click.IntRange(min=1), default=None,
              help="Tasks to spread the inputs over [default: one per input file, up to 4 per core].")
@click.option("--by-host", is_flag=True,
              help="--urls: fetch each host's URLs in one task, so --per-host holds across the cluster.")
@click.option("--master", default=None, help="Spark master [default: what spark-submit set, else local[*]].")
@click.option("--conf", "confs", multiple=True, metavar="KEY=VALUE", help="A Spark setting; repeatable.")
@click.option("--allow-private", is_flag=True,
              help="Also fetch loopback, private and link-local addresses (refused by default: no request forgery).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=60.0, show_default=True,
              help="Seconds for one fetch attempt, redirects and body included.")
@click.option("--retries", type=click.IntRange(min=0), default=2, show_default=True,
              help="Extra attempts after a timeout, connection error, 5xx or 429.")
@click.option("--concurrency", type=click.IntRange(min=1), default=64, show_default=True,
              help="Requests in flight at once, per task.")
@click.option("--per-host", type=click.IntRange(min=1), default=8, show_default=True,
              help="Requests in flight to one host, per task.")
@click.option("--max-bytes", type=click.IntRange(min=1024), default=5 * 1024 * 1024, show_default=True,
              help="Largest page body kept; longer pages are cut, scored and flagged (column truncated).")
@click.option("--page-timeout", type=click.FloatRange(min=0), default=DEFAULT_PAGE_SECONDS, show_default=True,
              help="Seconds one page may take to parse and score, as for 'score'; 0: no budget.")
@click.option("--force", is_flag=True, help="Overwrite the output folder.")
@quiet_option
def spark_score(inputs, paths_from, urls_file, table, model_dir, output, partition_by, partitions, by_host, master,
                confs, allow_private, timeout, retries, concurrency, per_host, max_bytes, page_timeout, force, quiet):
    """Score pages on Spark and write Parquet, with the same scoring core as 'score'.

    INPUTS are WARC files, page files or folders, as for 'score', readable
    where the executors run, or URIs of files in an object store (s3://,
    gs://, abfs://, https:// for WARC files ...: copied by each task with
    fsspec); one task per file, so give many WARC files. Or
    --urls FILE (fetched inside the executors with the fetcher and options
    of 'score --urls'); or --table (pages already in Parquet). The rows are
    those of 'score', error rows included, written as Parquet under OUTPUT
    (an empty partition value, such as the label of an error row, becomes
    __HIVE_DEFAULT_PARTITION__). stdout gets a JSON summary with the counts by
    status and label, gathered in Spark accumulators; exit code 3 when some
    inputs got error rows. Needs 'pip install contentfarm[spark]' and Java 17+.

    \b
    Locally (Spark in this process, local[*] unless --master):
      contentfarm spark-score crawl/*.warc.gz -o scores/ --partition-by label
      contentfarm spark-score --urls urls.txt -o scores/ --master 'local[8]'

    \b
    On a cluster, submit classifier/spark_job.py (it is in the installed
    package) with the same options; contentfarm must be importable on every
    node (a packed venv in --archives, or installed there). Only the driver
    reads the model (a folder or .skops file, local or a URI), and
    broadcasts it to the executors:
      spark-submit --master yarn --deploy-mode cluster \\
        --archives contentfarm-env.tar.gz#environment \\
        --conf spark.pyspark.python=./environment/bin/python \\
        --files farm-model.skops spark_job.py \\
        --paths-from hdfs:///crawl/warc.paths --model farm-model.skops \\
        -o hdfs:///scores/ --partition-by label
    README.md, section "Scale out on Spark", covers YARN, Kubernetes and
    Databricks.
    """
    try:
        from . import spark as spark_jobs
    except ImportError as exc:
        fail(f"spark-score needs pyspark: pip install 'contentfarm[spark]' ({exc})")
    from .pages import WARC_SUFFIXES

    paths = list(inputs)
    if sum(bool(x) for x in (paths or paths_from, urls_file, table)) != 1:
        fail("give INPUTS (or --paths-from), --urls or --table: exactly one kind of input", EXIT_USAGE)
    list_on_cluster = bool(paths_from) and spark_jobs.is_uri(paths_from)  # read once Spark runs
    if paths_from and not list_on_cluster:
        try:
            paths += spark_jobs.read_path_list(paths_from)
        except (OSError, UnicodeDecodeError) as exc:
            fail(f"cannot read --paths-from {paths_from}: {exc}", EXIT_USAGE)

    def check_paths(paths):
        # Pages behind http(s) URLs are fetched with --urls; a WARC file there is downloaded as an input.
        odd = [p for p in paths if p == "-" or (p.lower().startswith(("http://", "https://"))
                                                and not p.lower().endswith(WARC_SUFFIXES))]
        if odd:
            fail(f"spark-score reads files, not {odd[0]!r}: put page URLs in a list for --urls", EXIT_USAGE)
        if paths_from and not paths:
            fail(f"no paths in --paths-from {paths_from}", EXIT_USAGE)

    if not list_on_cluster:
        check_paths(paths)
    conf = {}
    for item in confs:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            fail(f"--conf takes KEY=VALUE, not {item!r}", EXIT_USAGE)
        conf[key.strip()] = value
    from .fetch import DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, FetchConfig

    # The fetch settings of 'score --urls', so a URL gets the same row either way.
    fetch_config = FetchConfig(concurrency=concurrency, per_host=per_host, total_timeout=timeout,
                               connect_timeout=min(DEFAULT_CONNECT_TIMEOUT, timeout),
                               read_timeout=min(DEFAULT_READ_TIMEOUT, timeout), retries=retries,
                               max_bytes=max_bytes, allow_private=allow_private)
    if model_dir is None or not spark_jobs.is_uri(str(model_dir)):
        try:  # a bad local model fails now, not after Spark's ~20 s start; the job reuses the loaded one
            spark_jobs.check_model(model_dir)
        except spark_jobs.ModelError as exc:
            fail(str(exc))
    had_session = spark_jobs.session_running()  # the caller's (a notebook, Databricks): never stopped here
    try:
        session = spark_jobs.spark_session(master, conf, app_name="contentfarm spark-score")
    except Exception as exc:  # no Java, a bad master URL ...
        fail(f"cannot start Spark ({type(exc).__name__}: {exc}); Spark needs Java 17 or newer "
             "(e.g. apt-get install default-jre-headless)")
    try:
        if list_on_cluster:
            paths += spark_jobs.read_path_list(paths_from, session)
            check_paths(paths)
        summary = spark_jobs.run_job(session, output=output, model_dir=model_dir, paths=paths, urls_file=urls_file,
                                     table=table, partition_by=partition_by, partitions=partitions,
                                     overwrite=force, fetch_options={"config": fetch_config}, by_host=by_host,
                                     max_bytes=max_bytes, page_timeout=page_timeout or None)
    except spark_jobs.ModelError as exc:
        fail(str(exc))
    except Exception as exc:  # Spark's own errors: an existing output folder, an unreadable table ...
        text = str(exc).strip()
        fail(f"the Spark job failed: {type(exc).__name__}: {text.splitlines()[0] if text else ''}")
    finally:
        if not had_session:
            session.stop()
    click.echo(json.dumps(summary))
    failed = sum(n for status, n in summary["statuses"].items() if status != "ok")
    if not quiet:
        labels = ", ".join(f"{n} {label}" for label, n in summary["labels"].items())
        errors = ", ".join(f"{n} {status}" for status, n in summary["statuses"].items() if status != "ok")
        click.echo(f"scored {summary['rows']} inputs in {summary['seconds']:.1f} s: {labels or 'none scored'}"
                   + (f"; errors: {errors}" if errors else "") + f"; wrote {output}", err=True)
    raise SystemExit(EXIT_SOME_FAILED if failed else EXIT_OK)


@main.command("synth")
@click.option("--corpus", type=click.Path(file_okay=False, exists=True), required=True,
              help="Corpus folder with index.csv (pages are read in place, never copied).")
@click.option("-o", "--output-dir", type=click.Path(file_okay=False), required=True,
              help="Build folder for the pages and manifest.csv (e.g. build/synth).")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed: the same seed gives byte-identical output.")
@click.option("--styles", default=None, help="Comma-separated farm styles (default: all; see --list-styles).")
@click.option("--limit", type=int, default=None, help="Use only the first N corpus pages as sources.")
@click.option("--farm-per-source", type=int, default=1, show_default=True, help="Farm copies per source page.")
@click.option("--republications-per-source", type=int, default=1, show_default=True,
              help="Licensed republications per source page.")
@click.option("--workers", type=int, default=1, show_default=True, help="Worker processes (output does not change).")
@click.option("--plain", is_flag=True, help="Write .html instead of .html.gz.")
@click.option("--list-styles", is_flag=True, help="Print the farm styles and exit.")
@quiet_option
def synth(corpus, output_dir, seed, styles, limit, farm_per_source, republications_per_source, workers, plain,
          list_styles, quiet):
    """Make labelled training pages from the corpus: farm copies, republications, originals.

    Each corpus page's story is grafted into the shell of a page from another
    site, once as a farm copy (in one of the farm styles, dealt out in turn)
    and once as a licensed republication; the untouched page is listed as a
    real original. Writes the pages and manifest.csv (path, label, kind,
    style, source_id, shell_id, source_domain, shell_domain, url, lang,
    site_bucket) to the output folder, prints the manifest's path and counts
    as JSON, and a summary by style on stderr.

    \b
    Example:
      contentfarm synth --corpus ../shared/corpus -o build/synth --seed 0
      contentfarm synth --corpus ../shared/corpus -o build/try --styles site_cluster,aggregator --limit 50
    """
    from .synth import Corpus, available_styles, synthesize

    if list_styles:
        click.echo("\n".join(available_styles()))
        return
    chosen = [s.strip() for s in styles.split(",") if s.strip()] if styles else None
    unknown = sorted(set(chosen or []) - set(available_styles()))
    if unknown:
        fail(f"unknown farm style(s) {', '.join(unknown)}; known: {', '.join(available_styles())}", EXIT_USAGE)
    try:
        loaded = Corpus.load(corpus)
    except (OSError, ValueError, KeyError) as exc:
        fail(f"cannot read the corpus at {corpus}: {exc}")
    n_sources = len(loaded.entries) if limit is None else min(len(loaded.entries), max(0, limit))
    total = n_sources * (farm_per_source + republications_per_source)
    with progress_bar(total=total, desc="synthesising", quiet=quiet) as bar:
        manifest = synthesize(loaded, output_dir, seed=seed, farm_per_source=farm_per_source,
                              republications_per_source=republications_per_source, styles=chosen, limit=limit,
                              compress=not plain, workers=workers, progress=bar.update)
    counts = {f"{kind}/{style}": int(n) for (kind, style), n in manifest.groupby(["kind", "style"]).size().items()}
    click.echo(json.dumps({"manifest": str(Path(output_dir) / "manifest.csv"), "pages": len(manifest),
                           "counts": counts}))
    if not quiet:
        for key, n in counts.items():
            click.echo(f"{n:>7}  {key}", err=True)
        click.echo(f"{len(manifest):>7}  pages in {Path(output_dir) / 'manifest.csv'}", err=True)


# --- safe model files (issue 9) -----------------------------------------------

@main.group("model")
def model_group():
    """Share models safely: export to skops, inspect without loading.

    A model folder (model.joblib + model.json) is a pickle: loading it runs
    code, so only load folders you made yourself. To give a model to someone
    else, export it to one .skops file: loading that builds only the types on
    contentfarm's allowlist (its own classes and the scikit-learn internals a
    model is made of) and refuses any other, naming it. Every --model option
    takes a .skops file as well as a folder.

    \b
    Examples:
      contentfarm model export models/default -o farm-model.skops
      contentfarm model inspect farm-model.skops
      contentfarm score pages/ --model farm-model.skops
    """


@model_group.command("export")
@click.argument("model_dir", type=click.Path(file_okay=False, exists=True))
@click.option("-o", "--output", "out_file", type=click.Path(dir_okay=False), required=True,
              help="The .skops file to write (replaced atomically).")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def model_export(model_dir, out_file, force):
    """Convert a trusted model folder into one .skops file (model + card).

    The export is refused when the model holds a type that loading would
    refuse, so an exported file always loads with this contentfarm.
    """
    from .model import ModelError
    from .safe_model import SKOPS_SUFFIX, export_model

    if not out_file.endswith(SKOPS_SUFFIX):
        fail(f"the output file must end in {SKOPS_SUFFIX}", EXIT_USAGE)
    if Path(out_file).exists() and not force:
        fail(f"{out_file} exists; pass --force to overwrite it", EXIT_USAGE)
    try:
        export_model(model_dir, out_file)
    except ModelError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"cannot write {out_file}: {exc}")
    click.echo(f"exported {model_dir} to {out_file} ({Path(out_file).stat().st_size / 2**20:.1f} MB)", err=True)


@model_group.command("inspect")
@click.argument("model_path", type=click.Path(exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print the card, features and types as JSON.")
def model_inspect(model_path, as_json):
    """Show a model's card, features and types without loading it.

    MODEL_PATH is a .skops file or a model folder. For a .skops file every type
    it names is listed: '*' marks the ones loading needs the allowlist for,
    '!' the foreign ones that make loading refuse the file. Nothing in the file
    is built or run. Exit code 1 when the model could not be loaded here.
    """
    from .model import ModelError
    from .safe_model import format_inspection, inspect_model

    try:
        info = inspect_model(model_path)
    except ModelError as exc:
        fail(str(exc))
    click.echo(json.dumps(info, indent=2, sort_keys=True) if as_json else format_inspection(info))
    raise SystemExit(EXIT_OK if info["loadable"] else EXIT_FATAL)


# --- provenance index (issue 5) ------------------------------------------------

@main.group("index")
def index_group():
    """Build and inspect a provenance index: a near-duplicate index of originals.

    An index holds the article text of reference pages (a news archive, a
    crawl, your corpus) with their URL, site and publication date. 'contentfarm
    score --index INDEX' then says which original a page copies, how much of
    its text it holds, and whether that original is on another site and older.

    \b
    Examples:
      contentfarm index build archive/ -o originals.index --dates dates.csv
      contentfarm index add originals.index more-pages/ crawl.warc.gz
      contentfarm index info originals.index
      contentfarm index lookup originals.index suspicious.html
    """


dates_option = click.option("--dates", "dates_file", type=click.Path(dir_okay=False, exists=True), default=None,
                            help="CSV of publication dates (columns url or input, and date); they win over the "
                                 "dates the pages show (meta, <time>, 'Posted/Published' lines).")


def _fill_index(index, inputs, dates_file, stdin_kind, quiet):
    from .pages import read_pages
    from .provenance import ProvenanceIndexError, add_pages, read_dates

    try:
        dates = read_dates(dates_file) if dates_file else None
    except (ProvenanceIndexError, OSError, UnicodeDecodeError) as exc:
        fail(str(exc), EXIT_USAGE)
    failures: list = []
    with progress_bar(desc="indexing", quiet=quiet) as bar:
        def counted(pages):
            for page in pages:
                bar.update(1)
                yield page

        try:
            counts = add_pages(index, counted(read_pages(inputs, stdin_kind=stdin_kind)), dates=dates,
                               failures=failures)
        except ProvenanceIndexError as exc:
            fail(str(exc))
        except OSError as exc:
            fail(f"cannot write the index: {exc}")
    for source, error in failures[:20]:
        click.echo(f"contentfarm: skipped {source}: {error}", err=True)
    if not quiet:
        click.echo(f"added {counts['added']} documents ({counts['skipped_known']} already indexed, "
                   f"{counts['skipped_empty']} without article text, {len(failures)} unreadable); "
                   f"the index holds {len(index)} documents", err=True)
    raise SystemExit(EXIT_SOME_FAILED if failures else EXIT_OK)


@index_group.command("build")
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", "index_dir", type=click.Path(file_okay=False), required=True,
              help="Index folder to create.")
@dates_option
@click.option("--force", is_flag=True, help="Replace an existing index in the output folder.")
@stdin_kind_option
@quiet_option
def index_build(inputs, index_dir, dates_file, force, stdin_kind, quiet):
    """Build an index from pages of originals.

    INPUTS are page files, folders, WARC files or - (as for 'score'). Each
    page's URL (fetch URL, canonical link or og:url) names it and its site;
    pages without article text are skipped. Exit code 3 when some inputs could
    not be read (the index is built from the rest).

    \b
    Example:
      contentfarm index build archive/ -o originals.index --dates dates.csv
    """
    from .provenance import ProvenanceIndex, ProvenanceIndexError

    try:
        index = ProvenanceIndex.create(index_dir, force=force)
    except ProvenanceIndexError as exc:
        fail(str(exc))
    _fill_index(index, inputs, dates_file, stdin_kind, quiet)


@index_group.command("add")
@click.argument("index_dir", type=click.Path(file_okay=False))
@click.argument("inputs", nargs=-1, required=True)
@dates_option
@stdin_kind_option
@quiet_option
def index_add(index_dir, inputs, dates_file, stdin_kind, quiet):
    """Append pages to an existing index; URLs already in it are skipped.

    \b
    Example:
      contentfarm index add originals.index today/ --dates today.csv
    """
    from .provenance import ProvenanceIndex, ProvenanceIndexError

    try:
        index = ProvenanceIndex.open(index_dir)
    except ProvenanceIndexError as exc:
        fail(str(exc))
    _fill_index(index, inputs, dates_file, stdin_kind, quiet)


@index_group.command("info")
@click.argument("index_dir", type=click.Path(file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def index_info(index_dir, as_json):
    """State an index's size: documents, sites, shingles, dates, bytes on disk.

    \b
    Example:
      contentfarm index info originals.index
    """
    from .provenance import ProvenanceIndex, ProvenanceIndexError

    try:
        info = ProvenanceIndex.open(index_dir).info()
    except ProvenanceIndexError as exc:
        fail(str(exc))
    if as_json:
        click.echo(json.dumps(info, indent=2))
        return
    params = info["params"]
    dates = (f"{info['with_publication_date']} with a publication date ({info['published_from']} to "
             f"{info['published_to']})" if info["with_publication_date"] else "none with a publication date")
    click.echo("\n".join([
        f"index: {info['path']}",
        f"documents: {info['documents']} from {info['sites']} sites; {dates}",
        f"shingles: {info['shingles']} ({info['mean_shingles_per_document']} a document, "
        f"{params['shingle_words']} words each); {info['sampled_shingles']} in the lookup sample "
        f"(1 in {params['sample_every']})",
        f"size on disk: {info['disk_bytes'] / 2**20:.1f} MB",
        f"created {info['created']}, updated {info['updated']}",
    ]))


@index_group.command("lookup")
@click.argument("index_dir", type=click.Path(file_okay=False))
@click.argument("inputs", nargs=-1, required=True)
@output_option
@format_option
@stdin_kind_option
def index_lookup(index_dir, inputs, output, fmt, stdin_kind):
    """Look pages up in an index, without scoring them: one row per input
    with the provenance columns (copied_from, copy_containment,
    original_published, published_earlier_elsewhere, same_site_match,
    provenance_reason). Output formats as for 'score'.

    \b
    Example:
      contentfarm index lookup originals.index suspicious.html --format table
    """
    from .outputs import OutputError, RowWriter, format_for
    from .pages import read_pages
    from .provenance import PROVENANCE_COLUMNS, ProvenanceIndex, ProvenanceIndexError, annotate_one

    try:
        fmt = format_for(output, fmt)
        index = ProvenanceIndex.open(index_dir)
    except OutputError as exc:
        fail(str(exc), EXIT_USAGE)
    except ProvenanceIndexError as exc:
        fail(str(exc))
    failed = 0
    columns = ["input", "url", "status", "error", *PROVENANCE_COLUMNS]
    with RowWriter(output, fmt, columns) as writer:
        for page in read_pages(inputs, stdin_kind=stdin_kind):
            row = {"input": page.input, "url": page.url, "status": page.status, "error": page.error}
            try:
                row.update(annotate_one(index, page).as_dict())
            except Exception as exc:  # one hostile page must not stop the lookup
                row.update(status="parse_error", error=f"{type(exc).__name__}: {exc}")
            failed += row["status"] != "ok"
            writer.write_many([row])
    raise SystemExit(EXIT_SOME_FAILED if failed else EXIT_OK)


if __name__ == "__main__":  # pragma: no cover
    main()
