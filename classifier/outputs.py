"""Sinks: score rows to CSV, JSONL, Parquet or a terminal table.

Rows are written as they come and flushed per batch. A CSV or JSONL file grows
as ``NAME.partial`` and is renamed to ``NAME`` when the run ends well, so the
file at ``NAME`` is always a complete output (an earlier good one survives a
crash or a full disk), while a killed run keeps its rows in ``NAME.partial``
for a resume (``append=True`` continues it). Parquet is written to a hidden
temporary file and renamed at the end (``contentfarm score`` writes Parquet
as a folder of parts instead: :class:`classifier.batch.ParquetParts`). The
format follows the output file's extension; list columns (``reasons``) are
JSON arrays in JSONL, lists in Parquet, and joined with " | " in CSV and the
table.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
from pathlib import Path
from typing import IO

from .atomic import AtomicFile, partial_path

FORMATS = ("csv", "jsonl", "parquet", "table")
REASON_SEPARATOR = " | "


class OutputError(Exception):
    pass


def format_for(path: str | None, requested: str | None, stream: IO | None = None) -> str:
    if requested:
        return requested
    if path and path != "-":
        lower = path.lower()
        for suffix, name in ((".csv", "csv"), (".jsonl", "jsonl"), (".ndjson", "jsonl"), (".json", "jsonl"),
                             (".parquet", "parquet"), (".pq", "parquet")):
            if lower.endswith(suffix):
                return name
        raise OutputError(f"cannot tell the output format of {path}: use .csv, .jsonl or .parquet, or --format")
    stream = stream or sys.stdout
    return "table" if stream.isatty() else "jsonl"


def _flat(value):
    if isinstance(value, list):
        return REASON_SEPARATOR.join(map(str, value))
    return "" if value is None else value


class RowWriter:
    """Write dict rows in one format; use as a context manager."""

    def __init__(self, path: str | None, fmt: str, columns: list[str] | None = None, stream: IO | None = None,
                 append: bool = False):
        self.path, self.format, self.columns = path, fmt, columns
        self.stream = stream
        self.append = append
        self._file = None
        self._csv = None
        self._parquet = None
        self._table_rows: list[dict] = []
        self._atomic: AtomicFile | None = None
        self.count = 0

    def __enter__(self):
        if self.format == "parquet":
            if not self.path or self.path == "-":
                raise OutputError("Parquet needs an output file (-o FILE.parquet)")
            self._atomic = AtomicFile(self.path, None)
        elif self.path and self.path != "-":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            if self.append and not partial_path(self.path).exists() and Path(self.path).exists():
                # adding to a complete earlier output: appending keeps what it holds
                self._file = open(self.path, "a", encoding="utf-8", newline="")
            else:
                self._atomic = AtomicFile(self.path, "a" if self.append else "w", encoding="utf-8", newline="",
                                          partial=True)
                self._file = self._atomic
        else:
            self._file = self.stream or sys.stdout
        return self

    def write_many(self, rows: list[dict]) -> None:
        if not rows:
            return
        if self.columns is None:
            self.columns = list(rows[0].keys())
        if self.format == "jsonl":
            self._file.write("".join(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in rows))
            self._file.flush()
        elif self.format == "csv":
            if self._csv is None:
                self._csv = csv.DictWriter(self._file, fieldnames=self.columns, extrasaction="ignore")
                if not (self.append and self._file.tell() > 0):
                    self._csv.writeheader()
            self._csv.writerows({k: _flat(v) for k, v in r.items()} for r in rows)
            self._file.flush()
        elif self.format == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            table = pa.Table.from_pylist([{c: r.get(c) for c in self.columns} for r in rows])
            if self._parquet is None:
                self._schema = table.schema
                self._parquet = pq.ParquetWriter(str(self._atomic.temp_path), self._schema)
            self._parquet.write_table(table.cast(self._schema))
        else:
            self._table_rows.extend(rows)
        self.count += len(rows)

    def __exit__(self, exc_type, *exc):
        if self.format == "table":
            self._file.write(render_table(self._table_rows, self.columns or []))
            self._file.flush()
        if self._parquet is not None:
            self._parquet.close()
        if self._atomic is not None:
            if exc_type is None and (self._parquet is not None or self.format != "parquet"):
                self._atomic.commit()
            else:  # failed: the target keeps its earlier version (a partial CSV/JSONL stays for a resume)
                self._atomic.discard()
        elif self._file is not None and self._file not in (sys.stdout, self.stream):
            self._file.close()
        return False


def resume_source(path: str | Path) -> Path:
    """The file a resumed run continues: the ``.partial`` file a killed run
    left, else the complete output itself."""
    partial = partial_path(path)
    return partial if partial.exists() else Path(path)


def render_table(rows: list[dict], columns: list[str]) -> str:
    """A readable fixed-width table for a terminal."""
    width = shutil.get_terminal_size((160, 40)).columns
    shown = [c for c in ("input", "status", "farm_probability", "label", "reasons") if c in columns] or columns
    out = io.StringIO()
    cells = [[_cell(r.get(c), c) for c in shown] for r in rows]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(shown)]
    fixed = sum(widths[:-1]) + 2 * (len(shown) - 1)
    widths[-1] = max(20, min(widths[-1], width - fixed))
    out.write("  ".join(c.ljust(w) for c, w in zip(shown, widths)).rstrip() + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for row in cells:
        out.write("  ".join(v[:w].ljust(w) for v, w in zip(row, widths)).rstrip() + "\n")
    return out.getvalue()


def _cell(value, column: str) -> str:
    if column == "farm_probability" and isinstance(value, float):
        return f"{value:.3f}"
    if column == "input" and isinstance(value, str) and len(value) > 48:
        return "…" + value[-47:]
    return str(_flat(value))
