"""Spark benchmark: pages/s of the Spark job in local[1] and local[2] on the same WARC input.

Run with ``make bench-spark`` (never part of ``make test``). The real pages of
``../shared/corpus`` are written once into ``--files`` gzipped WARC files under
``build/bench-spark/`` (response records with each page's URL; the files are
build output, never committed), then for each master the job the CLI runs
(:func:`classifier.spark.score_dataframe` over one task per WARC file, every
row computed by Spark's no-op sink) is timed:

* a warm-up job first (one small WARC file), so the timed run does not include
  starting the Python workers and loading the model into them, which a long
  crawl job pays once per executor;
* then one timed run over all the WARC files.

The masters take turns, ``--repeat`` rounds of local[1] then local[2] (a new
Spark context each time), so a change in the machine's load hits both alike;
the median per master is reported. Times are wall-clock: parallelism is what
is measured, so CPU time of one process would not do. On a machine shared with
other jobs the neighbours take cores from both masters, and from local[2] more
(it needs both), so beside the figures come the load average, the CPU time the
job's processes (JVM, Python workers, page-budget workers) used, as cores busy
= CPU seconds / wall seconds, which tells a job that waited for cores from one
that used them, and the cores the machine's other processes kept busy meanwhile
(from /proc/stat), which tells why. For reference the same pages are also scored in
this process without Spark (read_warc_pages + score_pages on one core).

The model is ``models/default`` when it exists and fits this feature set,
otherwise the small model of ``bench_score.py`` (trained on corpus pages in
about a minute), saved under ``build/bench-spark/model`` to be shipped.
"""

from __future__ import annotations

import os

# One BLAS/OpenMP thread per process: Spark's parallelism is what is measured.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import gzip  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

#: WARC files the corpus is split into: one task each, so local[2] has work
#: for both cores until the end (8 tasks of ~180 pages; the last task to finish
#: leaves one core idle for at most an eighth of the run).
DEFAULT_FILES = 8
#: Timed runs per master; the median is reported.
DEFAULT_REPEAT = 3
#: Pages in the warm-up WARC file.
WARM_UP_PAGES = 20
MASTERS = ("local[1]", "local[2]")
#: Cores local[2] must keep busy on average for its ratio to mean scaling: two
#: cores less a quarter for the driver, the JVM and the tail of the last task.
STARVED_CORES = 1.5
#: Cores short of all of them, in the job's and the neighbours' use together,
#: that still count as a full machine (/proc/stat sampling and the driver's own CPU).
MACHINE_FULL_SLACK = 0.3
#: Cores other processes may use during a run still called "otherwise idle".
IDLE_NEIGHBOURS_CORES = 0.1


def write_warcs(pages, folder: Path, files: int) -> list[Path]:
    """The pages as ``files`` gzipped WARC files of response records (round robin)."""
    from classifier.warc import warc_record

    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"corpus-{i:02d}.warc.gz" for i in range(files)]
    streams = [open(p, "wb") for p in paths]
    try:
        for number, page in enumerate(pages):
            block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + page.body
            headers = [("WARC-Type", "response"), ("WARC-Record-ID", f"<urn:uuid:bench-{number}>"),
                       ("WARC-Date", "2025-01-01T00:00:00Z"), ("WARC-Target-URI", page.url),
                       ("Content-Type", "application/http;msgtype=response")]
            streams[number % files].write(gzip.compress(warc_record(headers, block), compresslevel=6))
    finally:
        for stream in streams:
            stream.close()
    return paths


def model_folder(pages, build: Path) -> tuple[Path, str]:
    from classifier.model import ModelError, load_model, save_model

    default = REPO / "models" / "default"
    try:
        load_model(default)
        return default, "models/default"
    except ModelError as exc:
        print(f"cannot use {default} ({exc}); training the small model of bench_score.py", file=sys.stderr)
    from bench_score import train_small_model

    started = time.perf_counter()
    model = train_small_model(pages)
    folder = build / "model"
    save_model(model, folder, force=True)
    return folder, (f"small model trained by bench_score.train_small_model in {time.perf_counter() - started:.0f} s: "
                    f"{model.card['training_data']['description']}")


_TICKS = os.sysconf("SC_CLK_TCK")


def descendants_cpu_seconds() -> float:
    """CPU seconds (user + system) used so far by the processes below this one:
    the JVM, Spark's Python daemon and workers, and the page-budget workers.
    Beside wall time it tells a job that waited for cores from one that used them.
    A worker that exits is counted through the parent that reaps it (its
    children's CPU time), so its work does not pass for the neighbours'."""
    parents: dict[int, int] = {}
    ticks: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stream:
                fields = stream.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        ticks[int(entry)] = sum(int(x) for x in fields[11:15])  # utime, stime, cutime, cstime
    mine, total = {os.getpid()}, 0
    changed = True
    while changed:
        changed = False
        for pid, parent in parents.items():
            if parent in mine and pid not in mine:
                mine.add(pid)
                total += ticks[pid]
                changed = True
    return total / _TICKS


def machine_busy_seconds() -> float:
    """CPU seconds every process of the machine has used since boot (user,
    nice, system, interrupts and time stolen by the hypervisor), from /proc/stat:
    less this job's own, it is what the neighbours took while a run was timed."""
    with open("/proc/stat") as stream:
        fields = [int(x) for x in stream.readline().split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
    return (user + nice + system + irq + softirq + steal) / _TICKS


def time_master(master: str, warcs: list[Path], warm_up: Path, model_dir: Path) -> dict:
    """One warm-up job and one timed job over ``warcs`` in a fresh Spark context."""
    from classifier import spark as cs

    session = cs.spark_session(master, {"spark.ui.enabled": "false", "spark.ui.showConsoleProgress": "false",
                                         "spark.sql.shuffle.partitions": "2"},
                               app_name=f"contentfarm bench {master}")
    session.sparkContext.setLogLevel("ERROR")
    try:
        shipped = cs.ship_model(session, model_dir)

        def run(paths: list[Path]) -> tuple[float, float, float, dict]:
            counter = cs.new_counter(session)
            frame = cs.paths_frame(session, [str(p) for p in paths], partitions=len(paths))
            started, cpu, busy = time.perf_counter(), descendants_cpu_seconds(), machine_busy_seconds()
            cs.score_dataframe(frame, model=shipped, counter=counter).write.format("noop").mode("overwrite").save()
            seconds, cpu = time.perf_counter() - started, descendants_cpu_seconds() - cpu
            others = max(0.0, machine_busy_seconds() - busy - cpu)  # the driver's own CPU counts as others: ~0.1 s
            return seconds, cpu, others, cs.split_counts(counter.value)[0]

        warm_seconds, _, _, _ = run([warm_up])
        seconds, cpu_seconds, others_seconds, statuses = run(warcs)
    finally:
        session.stop()
    print(f"  {master}: {sum(statuses.values())} pages in {seconds:.1f} s, {cpu_seconds:.1f} CPU s, other processes "
          f"{others_seconds:.1f} CPU s (warm-up {warm_seconds:.1f} s, load {os.getloadavg()[0]:.1f})", file=sys.stderr)
    return {"seconds": seconds, "cpu_seconds": cpu_seconds, "others_cpu_seconds": others_seconds,
            "statuses": statuses, "warm_up_seconds": warm_seconds}


def summarise(master: str, runs: list[dict]) -> dict:
    pages = sum(runs[-1]["statuses"].values())
    median = statistics.median(run["seconds"] for run in runs)
    cpu = statistics.median(run["cpu_seconds"] for run in runs)
    return {"master": master, "pages": pages, "statuses": runs[-1]["statuses"],
            "seconds": [round(run["seconds"], 2) for run in runs], "median_seconds": round(median, 2),
            "pages_per_second": round(pages / median, 1), "cpu_seconds": [round(r["cpu_seconds"], 2) for r in runs],
            "cores_used": round(cpu / median, 2), "pages_per_cpu_second": round(pages / cpu, 1),
            "others_cores": round(statistics.median(r["others_cpu_seconds"] / r["seconds"] for r in runs), 2),
            "others_cores_per_run": [round(r["others_cpu_seconds"] / r["seconds"], 2) for r in runs],
            "cores_used_per_run": [round(r["cpu_seconds"] / r["seconds"], 2) for r in runs],
            "warm_up_seconds": [round(run["warm_up_seconds"], 2) for run in runs]}


def in_process(warcs: list[Path], model_dir: Path) -> dict:
    from classifier.model import load_model
    from classifier.score import score_pages
    from classifier.warc import read_warc_pages

    model = load_model(model_dir)
    started, cpu = time.perf_counter(), time.process_time()
    count = sum(1 for path in warcs for _ in score_pages(model, read_warc_pages(path)))
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {"pages": count, "seconds": round(wall, 2), "cpu_seconds": round(cpu, 2),
            "pages_per_second": round(count / wall, 1), "pages_per_cpu_second": round(count / cpu, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--build", type=Path, default=REPO / "build" / "bench-spark")
    parser.add_argument("--files", type=int, default=DEFAULT_FILES, help="WARC files (tasks) the pages go into")
    parser.add_argument("--repeat", type=int, default=DEFAULT_REPEAT)
    parser.add_argument("--limit", type=int, default=None, help="use only the first N corpus pages")
    parser.add_argument("--json-out", type=Path, default=None, help="also write the results here")
    args = parser.parse_args(argv)
    if not (args.corpus / "index.csv").exists():
        print(f"bench_spark: no corpus at {args.corpus} (set CORPUS=...)", file=sys.stderr)
        return 1
    from bench_score import corpus_rows, load_pages

    pages = load_pages(args.corpus, corpus_rows(args.corpus, args.limit))
    warcs = write_warcs(pages, args.build / "warc", args.files)
    warm_up = write_warcs(pages[:WARM_UP_PAGES], args.build / "warm-up", 1)[0]
    model_dir, model_description = model_folder(pages, args.build)
    print(f"{len(pages)} corpus pages in {len(warcs)} WARC files ({sum(p.stat().st_size for p in warcs) / 1e6:.1f} MB); "
          f"model: {model_description}", file=sys.stderr)
    results = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                           "load_average_before": [round(x, 2) for x in os.getloadavg()]},
               "model": model_description, "warc_files": len(warcs)}
    results["in_process"] = in_process(warcs, model_dir)
    timings: dict[str, list[dict]] = {master: [] for master in MASTERS}
    for _ in range(args.repeat):
        for master in MASTERS:
            timings[master].append(time_master(master, warcs, warm_up, model_dir))
    runs = [summarise(master, timings[master]) for master in MASTERS]
    results["spark"] = runs
    results["speedup_local2_over_local1"] = round(runs[1]["pages_per_second"] / runs[0]["pages_per_second"], 2)
    results["machine"]["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    import pyspark

    results["machine"]["pyspark"] = pyspark.__version__
    if args.json_out:
        args.json_out.parent.mkdir(parents=True, exist_ok=True)
        args.json_out.write_text(json.dumps(results, indent=2) + "\n")
    single = results["in_process"]
    print(f"in process, no Spark: {single['pages_per_second']:8.1f} pages/s  "
          f"({single['pages']} pages in {single['seconds']} s; {single['pages_per_cpu_second']:.1f} pages per CPU second)")
    for run in runs:
        print(f"Spark {run['master']:9s}:    {run['pages_per_second']:8.1f} pages/s  "
              f"({run['pages']} pages, median of {len(run['seconds'])} runs: {run['median_seconds']} s; "
              f"{run['cores_used']:.2f} cores busy, {run['pages_per_cpu_second']:.1f} pages per CPU second; "
              f"other processes kept {run['others_cores']:.2f} cores busy)")
    print(f"local[2] / local[1]: {results['speedup_local2_over_local1']:.2f}x  "
          f"(load average {results['machine']['load_average_before'][0]:.1f} before, "
          f"{results['machine']['load_average_after'][0]:.1f} after, on {os.cpu_count()} cores)")
    if runs[1]["cores_used"] < STARVED_CORES:
        if runs[1]["cores_used"] + runs[1]["others_cores"] >= (os.cpu_count() or 2) - MACHINE_FULL_SLACK:
            # Linux shares CPU between sessions (autogroup), not processes: a
            # neighbour's one busy process can hold a core however many tasks Spark runs.
            print(f"note: local[2] kept only {runs[1]['cores_used']:.2f} cores busy while other processes kept "
                  f"{runs[1]['others_cores']:.2f} busy (the machine was full): the ratio measures the machine's "
                  "load more than Spark's scaling; run again when the machine is idle")
        else:
            print(f"note: local[2] kept only {runs[1]['cores_used']:.2f} cores busy and other processes "
                  f"{runs[1]['others_cores']:.2f}: the job itself left a core idle (too few tasks, or the JVM "
                  "and the driver in turn)")
    idle = [(seconds, cores) for seconds, cores, others in
            zip(runs[1]["seconds"], runs[1]["cores_used_per_run"], runs[1]["others_cores_per_run"])
            if others < IDLE_NEIGHBOURS_CORES]
    if idle:
        seconds, cores = min(idle)
        print(f"local[2] with the machine otherwise idle (other processes under {IDLE_NEIGHBOURS_CORES} cores): "
              f"{runs[1]['pages'] / seconds:.1f} pages/s in its fastest such run ({seconds} s, {cores:.2f} cores "
              f"busy), {runs[0]['median_seconds'] / seconds:.2f}x the local[1] median")
    return 0


if __name__ == "__main__":
    sys.exit(main())
