"""Support of the Spark tests: one local[2] session for the whole test run
(starting a JVM costs ~15 s), a set of inputs with every kind of error row,
and `contentfarm score` run in a subprocess as users run it.

Not a conftest.py: a second conftest module would shadow tests/conftest.py for
``from conftest import ...``. The fixtures are imported by test_spark_score.py,
the one module that uses a Spark session, so each is made once.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SPARK_SKIP = "the spark extra is not installed (pip install -e '.[spark]'; make test installs it)"


def java_major() -> int | None:
    """The major version of the Java Spark will start (JAVA_HOME's, else PATH's), or None."""
    home = os.environ.get("JAVA_HOME")
    java = str(Path(home, "bin", "java")) if home else shutil.which("java")
    if java is None:
        return None
    try:
        banner = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60).stderr
    except OSError:
        return None
    found = re.search(r'version "(?:1\.)?(\d+)', banner)
    return int(found.group(1)) if found else None


@pytest.fixture(scope="session")
def spark():
    pytest.importorskip("pyspark", reason=SPARK_SKIP)
    major = java_major()
    if major is None or major < 17:
        found = "no Java found" if major is None else f"found Java {major}"
        pytest.skip(f"Spark needs Java 17+, {found} (make test installs it with apt; or apt-get install "
                    "default-jre-headless / set JAVA_HOME)")
    from classifier.spark import spark_session

    session = spark_session("local[2]", {"spark.ui.enabled": "false", "spark.sql.shuffle.partitions": "2",
                                         "spark.driver.memory": "1g"}, app_name="contentfarm tests")
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def http_response(status: str, content_type: str | None, body: bytes) -> bytes:
    head = [f"HTTP/1.1 {status}"] + ([f"Content-Type: {content_type}"] if content_type else [])
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


def write_warc(path: Path, records: list[tuple[str, str, bytes]]) -> None:
    """A .warc.gz of (WARC-Type, target URI, block) records, one gzip member each."""
    from classifier.warc import warc_record

    with open(path, "wb") as stream:
        stream.write(gzip.compress(warc_record([("WARC-Type", "warcinfo"), ("WARC-Record-ID", "<urn:uuid:info>"),
                                                ("WARC-Date", "2025-05-01T00:00:00Z")], b"software: tests\r\n")))
        for number, (kind, url, block) in enumerate(records):
            headers = [("WARC-Type", kind), ("WARC-Record-ID", f"<urn:uuid:{path.stem}-{number}>"),
                       ("WARC-Date", "2025-05-01T00:00:00Z"), ("WARC-Target-URI", url),
                       ("Content-Type", f"application/http;msgtype={'request' if kind == 'request' else 'response'}")]
            if kind == "revisit":
                headers += [("WARC-Refers-To-Target-URI", url),
                            ("WARC-Profile", "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest")]
            stream.write(gzip.compress(warc_record(headers, block)))


def cli_score(inputs: list[str], model_dir: Path, out: Path, *extra: str) -> tuple[int, list[dict]]:
    """Run `contentfarm score` in a subprocess; (exit code, rows)."""
    result = subprocess.run([sys.executable, "-m", "classifier", "score", *inputs, "--model", str(model_dir),
                             "-o", str(out), "-q", *extra], capture_output=True, timeout=300)
    assert out.exists(), result.stderr.decode()[-2000:]
    return result.returncode, [json.loads(line) for line in out.read_text().splitlines()]


@pytest.fixture(scope="session")
def spark_inputs(tmp_path_factory):
    """Page files, a folder, two WARC files, a broken WARC and missing/empty/binary
    inputs: every source kind the CLI reads, with an error row of each kind."""
    from toy_pages import farm_page, original_page

    root = tmp_path_factory.mktemp("spark_inputs")
    rng = random.Random(7)
    folder = root / "site"
    (folder / "sub").mkdir(parents=True)
    (folder / "a_original.html").write_text(original_page(rng)[0], encoding="utf-8")
    (folder / "b_farm.html").write_text(farm_page(rng)[0], encoding="utf-8")
    (folder / "sub" / "c_farm.html.gz").write_bytes(gzip.compress(farm_page(rng)[0].encode()))
    (folder / "sub" / "notes.csv").write_text("not,a,page\n")  # skipped by the folder reader
    (root / "story.txt").write_text("River council approves the budget\n\nBy Ada Moreno\n\n"
                                    "The council voted on Tuesday to fund the river bridge repairs.\n",
                                    encoding="utf-8")
    (root / "latin1.htm").write_bytes("<html><head><meta charset='latin-1'><title>Caf\xe9 opens</title></head>"
                                      "<body><p>Le caf\xe9 ouvre ses portes.</p></body></html>".encode("latin-1"))
    (root / "empty.html").write_bytes(b"   \n")
    (root / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (root / "no_pages").mkdir()
    html = "text/html; charset=utf-8"
    write_warc(root / "crawl-1.warc.gz", [
        ("request", "https://www.valleyherald.example/news/1", b"GET /news/1 HTTP/1.1\r\nHost: x\r\n\r\n"),
        ("response", "https://www.valleyherald.example/news/1", http_response("200 OK", html, original_page(rng)[0].encode())),
        ("response", "http://www.farm123.example/html/1.html", http_response("200 OK", html, farm_page(rng)[0].encode())),
        ("response", "https://www.valleyherald.example/gone", http_response("404 Not Found", html, b"<p>gone</p>")),
        ("response", "https://www.valleyherald.example/logo.png", http_response("200 OK", "image/png", b"\x89PNG")),
        ("response", "https://www.valleyherald.example/blank", http_response("200 OK", html, b"")),
        ("revisit", "https://www.valleyherald.example/news/1", http_response("200 OK", html, b"")),
    ])
    write_warc(root / "crawl-2.warc.gz", [
        ("response", "https://coastgazette.example/notes.txt",
         http_response("200 OK", "text/plain; charset=utf-8", b"Harbor plan moves ahead\n\nBy Chen Li\n\nThe harbor plan moved ahead.\n")),
        ("response", "http://www.farm456.example/html/2.html", http_response("200 OK", html, farm_page(rng)[0].encode())),
    ])
    (root / "broken.warc.gz").write_bytes(gzip.compress(b"WARC/1.1\r\nWARC-Type: response\r\n")[:20] + b"garbage")
    inputs = [folder, root / "story.txt", root / "latin1.htm", root / "missing.html", root / "empty.html",
              root / "image.html", root / "no_pages", root / "crawl-1.warc.gz", root / "crawl-2.warc.gz",
              root / "broken.warc.gz"]
    return [str(p) for p in inputs]


@pytest.fixture(scope="session")
def cli_rows(spark_inputs, toy_model_dir, tmp_path_factory):
    """What `contentfarm score` writes for spark_inputs: the reference."""
    code, rows = cli_score(spark_inputs, toy_model_dir, tmp_path_factory.mktemp("cli") / "scores.jsonl")
    assert code == 3  # finished, with error rows
    return rows
