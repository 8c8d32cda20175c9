"""``cdnet ingest`` and ``cdnet detect``: the data side on the command line.

Findings go to standard output (or ``-o FILE``, written atomically); progress, warnings and
summaries go to standard error only, so ``cdnet detect ... | jq`` always works.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, DownloadColumn, Progress, TaskID, TextColumn
from rich.table import Table

from cdnet.analysis.detectors import Detector, Tables, get, names, parse_options
from cdnet.analysis.detectors.registry import all_detectors
from cdnet.analysis.engine import open_engine
from cdnet.analysis.ingest import IngestSummary, ingest, table_names
from cdnet.analysis.ingest.formats import FORMATS
from cdnet.analysis.ingest.inputs import prepare_tables
from cdnet.errors import BadInput

err = Console(stderr=True)


class EngineChoice(StrEnum):
    duckdb = "duckdb"
    spark = "spark"


class OnError(StrEnum):
    stop = "stop"
    skip = "skip"


class OutputFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    table = "table"


def _warn(message: str) -> None:
    err.print(f"[yellow]warning:[/] {escape(message)}", highlight=False, soft_wrap=True)


@contextmanager
def _progress() -> Iterator[Any]:
    """A rich progress bar on standard error; yields the ``on_progress`` callback."""
    tasks: dict[Path, TaskID] = {}
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        console=err,
        transient=True,
    ) as bar:

        def update(path: Path, done: int, total: int) -> None:
            if path not in tasks:
                tasks[path] = bar.add_task(path.name, total=total)
            bar.update(tasks[path], completed=done)

        yield update


def _print_summary(summary: IngestSummary) -> None:
    for entry in summary.tables.values():
        err.print(
            f"{entry.table}: {entry.rows_read:,} rows read, {entry.rows_written:,} written, "
            f"{entry.rows_skipped:,} skipped -> {entry.path}",
            highlight=False,
            markup=False,
        )


def ingest_command(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Files (.csv, .jsonl, .ndjson, optionally .gz; .parquet; .txt; exports such "
            "as .json, .eml, .mbox) or folders."
        ),
    ],
    out: Annotated[Path, typer.Option("--out", help="Folder to write <table>.parquet into.")],
    table: Annotated[
        str,
        typer.Option(
            "--format",
            help="A table ("
            + ", ".join(table_names())
            + ") or an export format ("
            + ", ".join(FORMATS)
            + ") the files hold; auto: recognise exports, else detect the "
            "table from the header.",
        ),
    ] = "auto",
    on_error: Annotated[
        OnError,
        typer.Option("--on-error", help="stop at the first bad row, or skip and count bad rows."),
    ] = OnError.stop,
    mapping: Annotated[
        Path | None,
        typer.Option(
            "--mapping",
            help="A TOML file naming the table and, per canonical column, the CSV column it "
            "comes from (see docs/formats.md); the inputs are then CSV files of any layout.",
        ),
    ] = None,
    dataset: Annotated[
        str | None,
        typer.Option(
            "--dataset",
            help="Also register the tables as a dataset of this name in the app (copied under "
            "the data directory, with provenance: files, SHA-256, rows, warnings).",
        ),
    ] = None,
    user: Annotated[
        str | None,
        typer.Option("--user", help="With --dataset: the member who brings the data (username)."),
    ] = None,
) -> None:
    """Validate tables (posts, channels, ads, images, notices, messages) or convert exports,
    and write them as Parquet."""
    if user is not None and dataset is None:
        raise BadInput("--user names who brings a dataset; it needs --dataset NAME", field="--user")
    member = _member(user) if dataset is not None else None
    with _progress() as on_progress:
        summary = ingest(
            paths,
            out,
            on_error=on_error.value,
            fmt=table,
            on_progress=on_progress,
            on_warning=_warn,
            mapping=mapping,
        )
    _print_summary(summary)
    if dataset is not None:
        from cdnet.analysis.ingest import expand_paths
        from cdnet.cases.datasets import register_ingested

        sources = expand_paths(paths) if mapping is None else list(paths)
        registered = register_ingested(
            out, dataset, sources, summary, member, fmt=table, on_error=on_error.value
        )
        err.print(f"registered dataset {registered.pk}: {registered.name}", highlight=False)


def _member(username: str | None) -> Any:
    """The app's user called ``username`` (None when not given); sets Django up."""
    from cdnet.web.djangosetup import setup

    setup()
    if username is None:
        return None
    from django.contrib.auth.models import User

    from cdnet.errors import NotFound

    found = User.objects.filter(username=username).first()
    if found is None:
        raise NotFound(f"no user {username!r} (see cdnet user add)")
    return found


def _detectors(name: str) -> list[Detector]:
    return all_detectors() if name == "all" else [get(name)]


def _run(
    detectors: list[Detector], tables: Tables, options: dict[str, Any]
) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    for detector in detectors:
        config = detector.make_config(options)
        with err.status(f"running {detector.name}"):
            found = list(detector.findings(tables, config))
        err.print(f"{detector.name}: {len(found)} findings", highlight=False)
        records += found
    return records


def _select(name: str, detectors: list[Detector], tables: Tables) -> list[Detector]:
    chosen = [d for d in detectors if d.applies_to(tables)]
    present = ", ".join(tables.names) or "none"
    if name != "all" and not chosen:
        needs = " or ".join(detectors[0].tables)
        raise BadInput(f"{name} reads {needs}; the inputs hold: {present}")
    if name == "all" and not chosen:
        _warn(f"no detector reads the tables found ({present})")
    return chosen


def detect_command(
    name: Annotated[str, typer.Argument(help="Detector name, or 'all' to run every detector.")],
    arguments: Annotated[
        list[str],
        typer.Argument(
            metavar="INPUT... [DETECTOR OPTIONS]",
            help="Tables (files or folders) and the detector's options, e.g. --protected FILE.",
        ),
    ],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write findings to FILE.")
    ] = None,
    fmt: Annotated[
        OutputFormat, typer.Option("--format", help="jsonl, csv or table.")
    ] = OutputFormat.jsonl,
    save: Annotated[
        bool, typer.Option("--save", help="Also save the findings in the app database.")
    ] = False,
    engine: Annotated[
        EngineChoice,
        typer.Option(
            "--engine",
            help="duckdb (embedded, the default) or spark (PySpark: local mode, or the cluster "
            "named by --spark-master).",
        ),
    ] = EngineChoice.duckdb,
    spark_master: Annotated[
        str | None,
        typer.Option(
            "--spark-master",
            help="Spark master URL (spark://host:7077, yarn, k8s://...); default local[*].",
        ),
    ] = None,
) -> None:
    """Run a detector over tables; one finding per line as JSON on standard output."""
    detectors = _detectors(name)
    inputs, options = parse_options(arguments, detectors)
    if not inputs and options.get("emails"):  # e-mails alone: they are the input table
        inputs = [str(options.pop("emails"))]
    if not inputs:
        raise BadInput("no input given; expected files or folders of tables")
    with tempfile.TemporaryDirectory(prefix="cdnet-detect-") as workdir:
        with _progress():
            paths = prepare_tables([Path(p) for p in inputs], Path(workdir), on_warning=_warn)
        chosen = _select(name, detectors, Tables(paths))
        with err.status(f"starting {engine.value}"):
            opened = open_engine(engine.value, spark_master=spark_master)
        with opened, Tables(paths, opened) as tables:
            records = _run(chosen, tables, options)
    text = render(records, fmt)
    if output is None:
        typer.echo(text, nl=False)
    else:
        write_atomically(output, text)
    if save:
        _save(records, source=f"cdnet detect {name} {' '.join(inputs)}")


def _save(records: list[dict[str, Any]], source: str) -> None:
    from cdnet.web.djangosetup import setup

    setup()
    from cdnet.cases.findings import save_findings

    saved = save_findings(records, source=source)
    err.print(f"saved {saved} findings", highlight=False)


def render(records: list[dict[str, Any]], fmt: OutputFormat) -> str:
    """Findings as JSON lines, CSV (lists as JSON) or a table for people."""
    if fmt is OutputFormat.jsonl:
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    if fmt is OutputFormat.csv:
        columns = list(dict.fromkeys(key for r in records for key in r))
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for record in records:
            writer.writerow({k: _cell(v) for k, v in record.items()})
        return buffer.getvalue()
    table = Table("detector", "score", "explanation", show_lines=False)
    for record in records:
        table.add_row(record["detector"], f"{record['score']:.2f}", record["explanation"])
    buffer = io.StringIO()
    Console(file=buffer, width=120, color_system=None).print(table)
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else value


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file next to ``path``, then move it into place."""
    directory = path.parent if str(path.parent) else Path()
    if not directory.is_dir():
        raise BadInput("the folder does not exist", file=str(directory), field="-o")
    fd, temp = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def register(app: typer.Typer) -> None:
    """Add ``ingest`` and ``detect`` to the ``cdnet`` command."""
    app.command("ingest")(ingest_command)
    app.command(
        "detect",
        context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
        epilog="Detectors: " + ", ".join(names()) + ". See docs/detectors/NAME.md.",
    )(detect_command)
