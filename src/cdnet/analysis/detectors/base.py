"""The detector contract.

A detector is a module that declares:

* ``NAME`` -- the name on the command line (``lookalike-domains``);
* ``DESCRIPTION`` -- one line saying what it flags;
* ``TABLES`` -- the canonical tables it reads (it runs when at least one is present);
* ``Config`` -- a :class:`DetectorConfig` subclass, every field with a default and a description
  (the fields become command-line options: ``protected`` -> ``--protected FILE``);
* ``run(tables: Tables, config: Config) -> Iterable[Finding]``.

A :class:`Finding` carries ``detector``, ``score`` (0..1), ``explanation`` (one sentence) and
``disarm`` (DISARM technique ids); each detector subclasses it with its own evidence fields, and
``to_record()`` gives exactly the JSON object of FORMATS.md.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import pyarrow as pa
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from cdnet.errors import BadInput, ConfigurationError

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from cdnet.analysis.engine import Engine

BATCH_ROWS = 65_536


class DetectorConfig(BaseModel):
    """Base of every detector's ``Config``: unknown options are an error, not ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Finding(BaseModel):
    """One thing a detector flags, with the evidence a person needs to judge it."""

    model_config = ConfigDict(frozen=True)

    detector: str = Field(description="The detector's NAME.")
    score: float = Field(ge=0.0, le=1.0, description="How strongly the evidence supports it.")
    explanation: str = Field(description="One sentence a person can read.")
    disarm: list[str] = Field(default_factory=list, description="Suggested DISARM technique ids.")

    def to_record(self) -> dict[str, Any]:
        """The finding as the JSON object of FORMATS.md (common fields first)."""
        record = self.model_dump(mode="json")
        record["score"] = round(float(record["score"]), 3)
        return record


class Tables:
    """The canonical tables a run may read: table name -> Parquet files.

    Read them as Ibis tables on the run's engine (``table``; DuckDB unless the caller passes
    another engine) or, for plain Python work, as streamed Arrow batches (``batches``).
    """

    def __init__(self, paths: Mapping[str, Sequence[Path]], engine: Engine | None = None) -> None:
        self.paths = {name: list(files) for name, files in paths.items() if files}
        self._engine = engine
        self._owns_engine = False

    @property
    def engine(self) -> Engine:
        """The engine detectors run on (an embedded DuckDB when none was given)."""
        if self._engine is None:
            from cdnet.analysis.engine import open_engine

            self._engine = open_engine("duckdb")
            self._owns_engine = True
        return self._engine

    def __enter__(self) -> Tables:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the engine if these tables opened it."""
        if self._owns_engine and self._engine is not None:
            self._engine.close()
            self._engine, self._owns_engine = None, False

    def table(self, name: str, columns: Mapping[str, pa.DataType]) -> ir.Table:
        """Table ``name`` with ``columns`` (a column its files lack comes back as nulls)."""
        import ibis

        found = self.engine.read(self.paths[name], name)
        present = set(found.columns)
        return found.select(
            *[
                found[c].name(c) if c in present else ibis.null(ibis.dtype(kind)).name(c)
                for c, kind in columns.items()
            ]
        )

    def __contains__(self, name: object) -> bool:
        return name in self.paths

    @property
    def names(self) -> list[str]:
        return sorted(self.paths)

    def source(self) -> str:
        """The input files, for provenance."""
        return ", ".join(str(p) for files in self.paths.values() for p in files)

    def batches(
        self, name: str, columns: Sequence[str] | None = None, batch_rows: int = BATCH_ROWS
    ) -> Iterator[pa.RecordBatch]:
        """Stream the table's rows; requested columns a file lacks come back as nulls."""
        if name not in self.paths:
            return
        import pyarrow.dataset as ds  # imports pandas: only when a table is read

        dataset = ds.dataset(self.paths[name], format="parquet")
        present = set(dataset.schema.names)
        wanted = list(columns) if columns is not None else list(dataset.schema.names)
        read = [c for c in wanted if c in present]
        for batch in dataset.to_batches(columns=read, batch_size=batch_rows):
            if len(read) == len(wanted):
                yield batch
                continue
            arrays = [
                batch.column(c) if c in present else pa.nulls(batch.num_rows, pa.string())
                for c in wanted
            ]
            yield pa.RecordBatch.from_arrays(arrays, names=wanted)


@dataclass(frozen=True)
class Detector:
    """A detector module, checked against the contract."""

    name: str
    description: str
    tables: tuple[str, ...]
    config: type[DetectorConfig]
    run: Callable[[Tables, Any], Iterable[Finding]]
    module: ModuleType

    @classmethod
    def from_module(cls, module: ModuleType) -> Detector:
        missing = [
            a for a in ("NAME", "DESCRIPTION", "TABLES", "Config", "run") if not hasattr(module, a)
        ]
        if missing:
            raise ConfigurationError(
                f"detector module {module.__name__} lacks {', '.join(missing)} "
                "(see cdnet/analysis/detectors/base.py)"
            )
        config = module.Config
        if not (isinstance(config, type) and issubclass(config, DetectorConfig)):
            raise ConfigurationError(f"{module.__name__}.Config must subclass DetectorConfig")
        return cls(
            name=str(module.NAME),
            description=str(module.DESCRIPTION),
            tables=tuple(module.TABLES),
            config=config,
            run=module.run,
            module=module,
        )

    def applies_to(self, tables: Tables) -> bool:
        return any(t in tables for t in self.tables)

    def option_names(self) -> list[str]:
        return [f"--{name.replace('_', '-')}" for name in self.config.model_fields]

    def make_config(self, options: Mapping[str, Any]) -> DetectorConfig:
        """Validate option values (``{"protected": "x.csv"}``) into this detector's Config."""
        known = {k: v for k, v in options.items() if k in self.config.model_fields}
        try:
            return self.config(**known)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = "--" + str(first["loc"][0]).replace("_", "-") if first["loc"] else None
            raise BadInput(f"{first['msg']} (detector {self.name})", field=where) from None

    def findings(self, tables: Tables, config: DetectorConfig) -> Iterator[dict[str, Any]]:
        """Run and yield each finding as its FORMATS.md record."""
        for finding in self.run(tables, config):
            yield finding.to_record()


def parse_options(
    tokens: Sequence[str], detectors: Sequence[Detector]
) -> tuple[list[str], dict[str, Any]]:
    """Split ``["in.csv", "--protected", "f.csv", "--no-text"]`` into inputs and option values.

    A boolean field ``flag`` is set with ``--flag`` and cleared with ``--no-flag``; every other
    field takes the next token (``--name value`` or ``--name=value``; a list field takes
    comma-separated values and may be repeated). Tokens that are not
    options are inputs. Unknown options are an error naming the known ones.
    """
    fields: dict[str, Any] = {}
    for detector in detectors:
        fields.update(detector.config.model_fields)
    inputs: list[str] = []
    values: dict[str, Any] = {}
    queue = list(tokens)
    while queue:
        token = queue.pop(0)
        if not token.startswith("--") or len(token) == 2:
            inputs.append(token)
            continue
        name, _, inline = token[2:].partition("=")
        key = name.replace("-", "_")
        plain = fields.get(key[3:]) if key.startswith("no_") else None
        negated = plain is not None and plain.annotation is bool
        field = plain if negated else fields.get(key)
        if field is None:
            known = sorted({o for d in detectors for o in d.option_names()})
            raise BadInput(
                f"unknown option {token!r}; detector options: " + (", ".join(known) or "none")
            )
        if field.annotation is bool:
            values[key[3:] if negated else key] = not negated
        elif inline or queue:
            value = inline or queue.pop(0)
            is_list = typing.get_origin(field.annotation) is list
            if is_list:  # repeatable, and each value may be a comma-separated list
                parts = [v.strip() for v in value.split(",") if v.strip()]
                values[key] = [*values.get(key, []), *parts]
            else:
                values[key] = value
        else:
            raise BadInput(f"option --{name} needs a value")
    return inputs, values
