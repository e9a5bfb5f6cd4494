"""The Ray engine of :func:`embedlab.create_collection`: embed on many cores or machines.

How it runs (``engine="ray"``):

1. The input is cut into ranges of ``batch_size`` rows (the same batches as the local
   engine, so the same vectors). The ranges become a Ray Data dataset.
2. ``map_batches`` sends each range to an actor (:class:`_EmbedWriter`): it loads the
   embedlab model once per worker, reads its rows of the input (a local file, a
   DataFrame, or Parquet on ``s3://``/``gs://``/``az://``), embeds them and writes them
   as Lance data files next to the collection (in parallel, one writer per worker). It
   returns only the files' metadata.
3. The driver receives the results in input order (``preserve_order``) and commits each
   batch's files to the collection's table: one atomic append per batch, in input
   order, so the collection's row order is the input's.

Faults: a worker killed mid-batch is restarted by Ray and the batch retried; files of
the lost attempt are never committed, so each row is stored exactly once. If the driver
dies, the committed batches stay and the same call continues after the last one (as
the local engine does).

Ray is imported here only, never on ``import embedlab``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from embedlab.errors import EmbedlabError, InputError

if TYPE_CHECKING:
    import pyarrow as pa
    from lancedb.table import Table

    from embedlab.collections.ingest import ImportPlan
    from embedlab.collections.sources import Source
    from embedlab.models import Encoder

Progress = Callable[[int, int], None]


class RayEngineError(EmbedlabError):
    """Ray could not be started or reached, or a worker failed for good."""


def start_ray(address: str | None = None, *, num_workers: int | None = None) -> bool:
    """Connect to a Ray cluster, or start one on this machine. Returns True if started here.

    Args:
        address: ``ray://host:10001``, ``host:6379`` or ``"auto"``; default ``RAY_ADDRESS``,
            else a local Ray on this machine's cores.
        num_workers: for a local Ray, how many CPUs it may use (default: all).
    """
    import ray

    if ray.is_initialized():
        return False
    address = address or os.environ.get("RAY_ADDRESS") or None
    options: dict[str, Any] = {
        "ignore_reinit_error": True,
        "include_dashboard": False,
        "log_to_driver": False,
        "logging_level": "ERROR",
    }
    runtime_env = _runtime_env()
    if runtime_env:
        options["runtime_env"] = runtime_env
    try:
        if address:
            ray.init(address=address, **options)
        else:
            cpus = os.cpu_count() or 1
            ray.init(num_cpus=max(cpus, num_workers or 0), **options)
    except Exception as err:  # Ray's own errors are many; say what to check
        where = address or "this machine"
        raise RayEngineError(
            f"Could not start or reach Ray on {where} ({type(err).__name__}: {err}). Check the "
            "address (RAY_ADDRESS / --ray-address, e.g. ray://head:10001), or use the local "
            "engine (engine='local')."
        ) from err
    return True


def _runtime_env() -> dict[str, Any]:
    """Ship embedlab's code to the workers when it runs from a source checkout."""
    import embedlab

    package = Path(embedlab.__file__).resolve().parent
    if "site-packages" in package.parts or "dist-packages" in package.parts:
        return {}  # installed: the cluster's image has it too (or it must)
    # Only embedlab's folder: the driver's whole sys.path could put a script's folder
    # (e.g. benchmarks/collections.py) ahead of the standard library and crash the workers.
    env = {"PYTHONPATH": str(package.parent)}
    for name in ("EMBEDLAB_CACHE_DIR", "HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
        if os.environ.get(name):
            env[name] = os.environ[name]
    return {"env_vars": env}


def _model_spec(model_id: str, model: Encoder | None) -> tuple[str, Encoder | None]:
    """What a worker needs to build the model: its id, or the model object itself when it
    is not one :func:`embedlab.load_model` knows (a test fake, a user's own encoder); Ray
    ships that object to the workers as it ships every constructor argument."""
    from embedlab.models import model_info

    if model is None or model_info(model_id) is not None:
        return model_id, None
    import cloudpickle

    try:
        cloudpickle.dumps(model)  # fail here, with a clear message, not inside Ray
        return model_id, model
    except Exception as err:
        raise InputError(
            f"The model '{model_id}' cannot be sent to Ray workers ({err}). Pass a catalogue "
            "model id, a Hugging Face id or a local folder instead of a loaded model."
        ) from err


class _EmbedWriter:
    """A Ray Data actor: one model per worker; reads, embeds and writes its input ranges."""

    def __init__(
        self,
        data: Any,
        plan: ImportPlan,
        model_id: str,
        given_model: Encoder | None,
        schema: pa.Schema,
        dataset_uri: str,
        storage_options: dict[str, str] | None,
    ) -> None:
        from embedlab.collections.sources import open_source

        self.source = open_source(data)
        self.plan = plan
        self.schema = schema
        self.dataset_uri = dataset_uri
        self.storage_options = storage_options
        if not plan.embeds:
            self.model = None
        elif given_model is not None:
            self.model = given_model
        else:
            from embedlab.models import load_model

            self.model = load_model(model_id)

    def __call__(self, ranges: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        from lance.fragment import write_fragments

        from embedlab.collections.ingest import transform_batch

        firsts, counts, written, metas = [], [], [], []
        for first, count in zip(ranges["first"], ranges["count"], strict=True):
            first, count = int(first), int(count)
            batch = next(iter(self.source.batches(count, start=first)))[1]
            if batch.num_rows != count:
                raise RayEngineError(
                    f"Rows {first}..{first + count - 1} of {self.source.name} could not be "
                    f"read again ({batch.num_rows} rows): did the file change during the import?"
                )
            rows = np.arange(first, first + count, dtype=np.int64)
            stored = transform_batch(batch, rows, self.plan, self.model)
            stored = stored.cast(self.schema)
            fragments = (
                write_fragments(
                    stored,
                    self.dataset_uri,
                    schema=self.schema,
                    storage_options=self.storage_options,
                )
                if stored.num_rows
                else []
            )
            firsts.append(first)
            counts.append(count)
            written.append(stored.num_rows)
            metas.append(json.dumps([f.to_json() for f in fragments]))
        return {
            "first": np.asarray(firsts, np.int64),
            "count": np.asarray(counts, np.int64),
            "stored": np.asarray(written, np.int64),
            "fragments": np.asarray(metas, dtype=object),
        }


def empty_table_schema(source: Source, plan: ImportPlan) -> pa.Schema:
    """The stored schema (without metadata), from the input's first batch."""
    import pyarrow as pa

    from embedlab.collections.ingest import VECTOR, prepare_batch

    first = next(iter(source.batches(min(1_000, max(source.total, 1)))), None)
    if first is None:
        raise InputError(f"{source.name} has no rows to import.")
    _, batch = first
    prepared = prepare_batch(batch, np.arange(batch.num_rows, dtype=np.int64), plan)
    schema = prepared.schema
    if VECTOR in schema.names:
        schema = schema.remove(schema.get_field_index(VECTOR))
    return schema.append(pa.field(VECTOR, pa.list_(pa.float32(), plan.dim)))


def run(
    *,
    data: Any,
    source: Source,
    plan: ImportPlan,
    model_id: str | None,
    model: Encoder | None,
    table: Table,
    start: int,
    step: int,
    progress: Progress | None,
    ray_address: str | None,
    num_workers: int | None,
) -> None:
    """Embed and store input rows ``start..`` into ``table`` with Ray (see the module doc)."""
    import lance
    from lance.fragment import FragmentMetadata

    started_here = start_ray(ray_address, num_workers=num_workers)
    try:
        import ray

        total = source.total
        if progress is not None:
            progress(start, total)
        if start >= total:
            return
        workers = num_workers or max(1, int(ray.available_resources().get("CPU", 1)))
        spec_id, given = _model_spec(model_id or "", model)
        schema = table.schema
        dataset = table.to_lance()
        items = [
            {"first": first, "count": min(step, total - first)}
            for first in range(start, total, step)
        ]
        ctx = ray.data.DataContext.get_current()
        ctx.execution_options.preserve_order = True
        ctx.enable_progress_bars = False
        ctx.print_on_execution_start = False
        ds = ray.data.from_items(items, override_num_blocks=len(items))
        out = ds.map_batches(
            _EmbedWriter,
            fn_constructor_args=(
                data,
                plan,
                spec_id,
                given,
                schema,
                dataset.uri,
                None,
            ),  # fmt: skip
            batch_size=1,
            compute=ray.data.ActorPoolStrategy(size=workers),
            num_cpus=1,
            # Ray Data's actor defaults do the fault handling: a dead actor is restarted
            # (max_restarts=-1) and its batch retried (max_task_retries=-1).
        )
        version = dataset.version
        for result in out.iter_batches(batch_size=1, batch_format="numpy", prefetch_batches=0):
            for first, count, blob in zip(
                result["first"], result["count"], result["fragments"], strict=True
            ):
                fragments = [FragmentMetadata.from_json(json.dumps(f)) for f in json.loads(blob)]
                if fragments:
                    committed = lance.LanceDataset.commit(
                        dataset.uri, lance.LanceOperation.Append(fragments), read_version=version
                    )
                    version = committed.version
                if progress is not None:
                    progress(int(first) + int(count), total)
    finally:
        if started_here:
            import ray

            ray.shutdown()
