"""The Ray engine of create_collection: same collection as the local engine, worker faults.

One local Ray (2 CPUs) for the whole module; a tiny deterministic fake model that the
workers receive pickled (it is not in the catalogue). About 30-50 s in all.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import zlib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import embedlab

ray = pytest.importorskip("ray")


class HashModel:
    """A sentence model whose vector depends only on the text (any batch, any process).

    With ``kill_marker`` set, the first process to embed a text containing ``KILL``
    creates that file and kills itself with SIGKILL: a worker dying mid-batch.
    """

    kind = "sentence"
    name = "hash model"
    dim = 8

    def __init__(self, model_id: str = "fake-ray", kill_marker: str | None = None) -> None:
        self.id = model_id
        self.kill_marker = kill_marker

    def encode(self, texts, *, batch_size=None, progress=None):
        if self.kill_marker and any("KILL" in t for t in texts):
            marker = Path(self.kill_marker)
            if not marker.exists():
                marker.write_text(str(os.getpid()))
                os.kill(os.getpid(), signal.SIGKILL)
        out = np.empty((len(texts), self.dim), np.float32)
        for i, text in enumerate(texts):
            rng = np.random.default_rng(zlib.crc32(text.encode("utf-8")))
            out[i] = rng.normal(size=self.dim)
        out /= np.linalg.norm(out, axis=1, keepdims=True)
        return out


@pytest.fixture(scope="module", autouse=True)
def local_ray():
    import cloudpickle

    from embedlab.collections import ray_engine

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # workers need not import tests
    started = ray_engine.start_ray(num_workers=2)
    yield
    if started:
        ray.shutdown()


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("EMBEDLAB_DATA_DIR", str(tmp_path / "collections"))


def _frame(n: int = 230) -> pd.DataFrame:
    texts = [f"frase número {i} " + "palavra " * (i % 7) for i in range(n)]
    if n > 17:
        texts[17] = ""  # blank text: left out by both engines
    return pd.DataFrame({"texto": texts, "nota": np.arange(n) % 5, "autor": ["Machado"] * n})


def test_ray_engine_equals_local_engine(tmp_path):
    df = _frame()
    path = tmp_path / "in.parquet"
    df.to_parquet(path)
    local = embedlab.create_collection(
        "local", str(path), text_column="texto", model=HashModel(), batch_size=40
    )
    seen = []
    remote = embedlab.create_collection(
        "viaray", str(path), text_column="texto", model=HashModel(), batch_size=40,
        engine="ray", num_workers=2, progress=lambda d, t: seen.append((d, t)),
    )  # fmt: skip
    a, b = local.to_pandas(), remote.to_pandas()
    assert len(b) == len(df) - 1 and list(b["row"]) == list(a["row"])  # input order
    assert list(b["row"]) == sorted(set(b["row"]))
    pd.testing.assert_frame_equal(a, b)
    np.testing.assert_allclose(local.vectors(), remote.vectors(), atol=1e-5)
    assert remote.model_id == "fake-ray" and remote.complete
    assert seen[0] == (0, 230) and seen[-1] == (230, 230)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_a_killed_worker_is_retried_and_every_row_is_stored_once(tmp_path):
    df = _frame(200)
    df.loc[123, "texto"] = "KILL this worker"
    marker = tmp_path / "killed"
    c = embedlab.create_collection(
        "faults", df, text_column="texto", model=HashModel(kill_marker=str(marker)),
        batch_size=25, engine="ray", num_workers=2,
    )  # fmt: skip
    assert marker.exists()  # a worker really died
    stored = c.to_pandas()
    assert stored["row"].tolist() == [r for r in range(200) if r != 17]
    expected = HashModel().encode(stored["text"].tolist())
    np.testing.assert_allclose(c.vectors(), expected, atol=1e-5)


def test_bad_engine_options_say_what_to_fix():
    df = _frame(10)
    with pytest.raises(embedlab.EmbedlabError, match="'local', 'ray'"):
        embedlab.create_collection("x", df, text_column="texto", model=HashModel(), engine="spark")
    with pytest.raises(embedlab.EmbedlabError, match="engine='ray'"):
        embedlab.create_collection("x", df, text_column="texto", model=HashModel(), num_workers=2)


def test_importing_embedlab_does_not_start_or_import_ray():
    code = "import sys, embedlab, embedlab.collections; print('ray' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_an_interrupted_ray_import_continues_where_it_stopped():
    df = _frame(160)

    def stop_after_two_batches(done: int, total: int) -> None:
        if done >= 40:
            raise KeyboardInterrupt  # the driver stops (as if killed) after 2 commits

    with pytest.raises(KeyboardInterrupt):
        embedlab.create_collection(
            "resumed", df, text_column="texto", model=HashModel(), batch_size=20,
            engine="ray", num_workers=2, progress=stop_after_two_batches,
        )  # fmt: skip
    partial = embedlab.open_collection("resumed")
    assert not partial.complete and 0 < len(partial) < 159
    seen = []
    c = embedlab.create_collection(
        "resumed", df, text_column="texto", model=HashModel(), batch_size=20,
        engine="ray", num_workers=2, progress=lambda d, t: seen.append(d),
    )  # fmt: skip
    assert seen[0] >= 40  # continued, not restarted
    assert c.complete and c.to_pandas()["row"].tolist() == [r for r in range(160) if r != 17]


def test_cli_imports_with_the_ray_engine_and_shows_progress(tmp_path, capsys):
    from embedlab.collections import cli
    from embedlab.collections.store import remember_model

    remember_model(HashModel(model_id="hash-cli"))  # what `--model hash-cli` finds
    csv = tmp_path / "textos.csv"
    _frame(60).to_csv(csv, index=False)
    argv = ["import", str(csv), "--name", "cli", "--text-column", "texto", "--model", "hash-cli"]
    assert cli.main([*argv, "--engine", "ray", "--workers", "2", "--batch-size", "20"]) == 0
    out, err = capsys.readouterr()
    assert "Collection 'cli': 59 rows" in out and "60 / 60 rows (100%)" in err
    assert cli.main([*argv, "--workers", "2"]) == cli.EXIT_ERROR
    assert "--engine ray" in capsys.readouterr().err
