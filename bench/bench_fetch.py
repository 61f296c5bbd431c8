"""Fetch-and-score benchmark: ``contentfarm score --urls`` against a local server.

Run with ``make bench-fetch`` (never part of ``make test``). It starts an
aiohttp server on 127.0.0.1 in its own process, serving small generated news
and farm pages (64 distinct pages, pre-rendered, so the server costs as little
as it can), writes URL lists of 20,000 and 100,000 URLs, and for each runs the
real command line in a fresh process::

    contentfarm score --urls urls.txt -o scores.jsonl --allow-private \\
        --concurrency 64 --per-host 64 --quiet

timing it (URLs/s, wall clock, start-up included) and sampling the memory of
the whole process tree (the command, its forkserver and its worker
processes) every 0.1 s: PSS (each shared page split among the processes that
map it; the tree's real cost) and the sum of RSS (which counts the libraries
the workers share with the forkserver once per process). The peaks are
reported. Memory must not grow with the list: the two peaks should differ by
well under 20%.

Before that, the fetcher alone (:func:`classifier.fetch.fetch_pages`, 64 in
flight, no scoring) fetches the 20,000 URLs, for the network side's own rate.

The model is ``models/default`` when it exists and fits this feature set;
otherwise a toy model is trained on generated pages first (the JSON says
which). Every figure depends on the machine and on what else runs on it: the
JSON records the core count and the load average before each run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from multiprocessing import get_context
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

#: Distinct pages the server cycles through.
DISTINCT_PAGES = 64
#: Seconds between two samples of the process tree's memory.
SAMPLE_SECONDS = 0.1
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


# --- the server ------------------------------------------------------------------

def serve(port_queue, seed: int) -> None:
    """The page server (runs in its own process)."""
    import asyncio

    from aiohttp import web
    from toy_pages import farm_page, original_page

    rng = random.Random(seed)
    bodies = [(original_page if i % 2 == 0 else farm_page)(rng)[0].encode() for i in range(DISTINCT_PAGES)]

    async def page(request):
        n = int(request.match_info["n"])
        return web.Response(body=bodies[n % DISTINCT_PAGES], content_type="text/html", charset="utf-8")

    async def main():
        app = web.Application()
        app.router.add_get("/page/{n}", page)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0, backlog=2048)
        await site.start()
        port_queue.put(site._server.sockets[0].getsockname()[1])
        await asyncio.Event().wait()

    asyncio.run(main())


# --- measuring -------------------------------------------------------------------

def tree_pids(root: int) -> list[int]:
    """``root`` and all its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stream:
                stat = stream.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2:].split()
        children.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def tree_memory(root: int) -> tuple[int, int]:
    """(PSS, RSS) in bytes of the process tree under ``root``. PSS shares each
    page among the processes mapping it, so the workers' copy-on-write pages
    (libraries imported once by the forkserver) are not counted once per
    worker as their RSS would be: PSS is the memory the tree really costs."""
    pss = rss = 0
    for pid in tree_pids(root):
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as stream:
                for line in stream:
                    if line.startswith(b"Rss:"):
                        rss += int(line.split()[1]) * 1024
                    elif line.startswith(b"Pss:"):
                        pss += int(line.split()[1]) * 1024
        except (OSError, ValueError, IndexError):
            pass
    return pss, rss


def run_cli(urls_file: Path, out: Path, model: Path, workers: int | None) -> dict:
    command = [sys.executable, "-m", "classifier", "score", "--urls", str(urls_file), "-o", str(out),
               "--model", str(model), "--allow-private", "--concurrency", "64", "--per-host", "64", "--quiet"]
    if workers is not None:
        command += ["--workers", str(workers)]
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    load = os.getloadavg()[0]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak_pss = peak_rss = processes = 0
    while process.poll() is None:
        pss, rss = tree_memory(process.pid)
        peak_pss, peak_rss = max(peak_pss, pss), max(peak_rss, rss)
        processes = max(processes, len(tree_pids(process.pid)))
        time.sleep(SAMPLE_SECONDS)
    seconds = time.perf_counter() - started
    stderr = process.stderr.read().decode()
    if process.returncode not in (0, 3):
        raise SystemExit(f"contentfarm score failed ({process.returncode}): {stderr}")
    with open(out, encoding="utf-8") as stream:
        rows = sum(1 for _ in stream)
    return {"rows": rows, "seconds": round(seconds, 2), "urls_per_second": round(rows / seconds, 1),
            "peak_pss_mb": round(peak_pss / 2**20, 1), "peak_rss_sum_mb": round(peak_rss / 2**20, 1),
            "processes": processes, "exit_code": process.returncode, "load_before": round(load, 2)}


def fetch_only(urls_file: Path) -> dict:
    """The fetcher alone, in a fresh process: 64 in flight, nothing scored."""
    code = f"""
import time, json
from classifier.fetch import FetchConfig, fetch_pages
urls = (line.strip() for line in open({str(urls_file)!r}))
started = time.perf_counter()
n = ok = 0
for page in fetch_pages(urls, FetchConfig(concurrency=64, per_host=64, allow_private=True, trust_env=False)):
    n += 1
    ok += page.ok
seconds = time.perf_counter() - started
print(json.dumps({{"urls": n, "ok": ok, "seconds": round(seconds, 2), "urls_per_second": round(n / seconds, 1)}}))
"""
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, check=True)
    return json.loads(out.stdout)


def pick_model(folder: Path) -> tuple[Path, str]:
    from classifier.model import ModelError, load_model

    default = REPO / "models" / "default"
    try:
        load_model(default)
        return default, "models/default"
    except ModelError:
        pass
    from classifier.model import save_model
    from classifier.train import train_model
    from toy_pages import write_toy_dataset

    frame = write_toy_dataset(folder / "toy_pages", n_per_label=40, seed=5)
    model, _ = train_model(frame, seed=0)
    save_model(model, folder / "toy_model")
    return folder / "toy_model", "toy model trained on generated pages (models/default absent or stale)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="20000,100000", help="URL list sizes, comma-separated.")
    parser.add_argument("--workers", type=int, default=None, help="--workers for the CLI (default: all cores).")
    parser.add_argument("--json-out", type=Path, default=None)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    context = get_context("spawn")
    ports = context.Queue()
    server = context.Process(target=serve, args=(ports, 7), daemon=True)
    server.start()
    port = ports.get(timeout=60)
    result = {"machine": {"cores": os.cpu_count(), "python": platform.python_version(),
                          "platform": platform.platform()}, "runs": {}}
    try:
        with tempfile.TemporaryDirectory(prefix="bench-fetch-") as tmp:
            folder = Path(tmp)
            model, model_note = pick_model(folder)
            result["model"] = model_note
            for size in sizes:
                with open(folder / f"urls-{size}.txt", "w") as stream:
                    stream.writelines(f"http://127.0.0.1:{port}/page/{i}\n" for i in range(size))
            result["fetch_only"] = fetch_only(folder / f"urls-{sizes[0]}.txt")
            print(f"fetch only, {sizes[0]:,} URLs: {result['fetch_only']['urls_per_second']:,.0f} URLs/s", flush=True)
            for size in sizes:
                run = run_cli(folder / f"urls-{size}.txt", folder / f"scores-{size}.jsonl", model, args.workers)
                result["runs"][str(size)] = run
                print(f"score --urls, {size:,} URLs: {run['urls_per_second']:,.0f} URLs/s "
                      f"({run['seconds']:.0f} s), peak memory {run['peak_pss_mb']:.0f} MB PSS "
                      f"({run['peak_rss_sum_mb']:.0f} MB summed RSS) over {run['processes']} processes; "
                      f"load average before: {run['load_before']}", flush=True)
    finally:
        server.terminate()
        server.join(10)
    peaks = [run["peak_pss_mb"] for run in result["runs"].values()]
    if len(peaks) >= 2:
        growth = (max(peaks) - min(peaks)) / min(peaks)
        result["peak_memory_difference"] = round(growth, 3)
        print(f"peak memory differs by {growth:.1%} between {sizes[0]:,} and {sizes[-1]:,} URLs "
              f"({'under' if growth < 0.2 else 'NOT under'} 20%)")
    if args.json_out:
        args.json_out.parent.mkdir(parents=True, exist_ok=True)
        args.json_out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
