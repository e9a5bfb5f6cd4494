"""How to draw a map of up to 1,000,000 points: measured, not guessed.

Run: ``python benchmarks/map_rendering.py`` (``--sizes 20000 100000 1000000``).

For each size it builds the figure three ways and times it in Debian's Chromium
(headless, software WebGL, as in the browser tests):

  scattergl   every point as a plotly WebGL marker (what the page did up to 20,000).
  datashader  a density image aggregated server-side by datashader (if installed),
              sent as a PNG inside a plotly figure.
  numpy       the same density image aggregated with ``numpy.bincount``
              (``embedlab.density``; no extra dependency), sent as a plotly heatmap.

Columns: server time to build the figure (aggregation + PNG + JSON), payload size (the
JSON Streamlit sends to the browser) and the browser's time from navigation to the
figure drawn (``Plotly.newPlot`` resolved), or "failed" when Chromium gave up.

``--page N`` measures the real page instead: a collection of N rows (short texts,
64-dimensional vectors imported from Parquet) is made in a temporary folder with its PCA
map stored, a Streamlit server opens it (``?collection=``) in Chromium, and the script
times the first view (density image of every row), a zoom into a small region (points
with their texts), and reports the server's memory. Screenshots go to
``artifacts/screenshots/big-map-*.png``.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDTH, HEIGHT = 900, 600
GRID = (400, 267)  # the page's density grid: cells of ~2 px, visible on a projector


def coords(n: int, seed: int = 0) -> np.ndarray:
    """``(n, 2)`` float32 points in 30 Gaussian blobs of different sizes (a UMAP-like map)."""
    rng = np.random.default_rng(seed)
    centres = rng.uniform(-10, 10, (30, 2))
    spread = rng.uniform(0.2, 1.5, 30)
    which = rng.integers(0, 30, n)
    return (centres[which] + rng.standard_normal((n, 2)) * spread[which, None]).astype(np.float32)


def scattergl(xy: np.ndarray):
    import plotly.graph_objects as go

    return go.Figure(
        go.Scattergl(x=xy[:, 0], y=xy[:, 1], mode="markers", marker=dict(size=2, opacity=0.5))
    )


def datashader_image(xy: np.ndarray):
    import datashader as ds
    import datashader.transfer_functions as tf
    import pandas as pd
    import plotly.graph_objects as go

    frame = pd.DataFrame({"x": xy[:, 0], "y": xy[:, 1]})
    x0, y0 = xy.min(axis=0)
    x1, y1 = xy.max(axis=0)
    canvas = ds.Canvas(plot_width=WIDTH, plot_height=HEIGHT, x_range=(x0, x1), y_range=(y0, y1))
    import base64
    import io

    image = tf.shade(canvas.points(frame, "x", "y"), how="log").to_pil()
    png = io.BytesIO()
    image.save(png, format="PNG")
    image = "data:image/png;base64," + base64.b64encode(png.getvalue()).decode()
    fig = go.Figure(go.Image(source=image, x0=x0, dx=(x1 - x0) / WIDTH, y0=y1,
                             dy=-(y1 - y0) / HEIGHT))  # fmt: skip
    return fig


def numpy_image(xy: np.ndarray):
    from embedlab.density import density
    from embedlab.plots.text_map import density_figure

    return density_figure(density(xy, width=GRID[0], height=GRID[1]))


def browser_ms(fig, page) -> float | None:
    """Milliseconds from navigation to the figure drawn, in Chromium (None: failed)."""
    html = fig.to_html(
        include_plotlyjs=True, full_html=True, post_script="window.__drawn = performance.now();"
    )
    with tempfile.NamedTemporaryFile("w", suffix=".html", delete=False) as handle:
        handle.write(html)
    try:
        page.goto(f"file://{handle.name}", timeout=300_000)
        page.wait_for_function("window.__drawn !== undefined", timeout=300_000)
        return float(page.evaluate("window.__drawn"))
    except Exception:
        return None
    finally:
        Path(handle.name).unlink()


def big_collection(n: int, folder: Path) -> float:
    """A collection 'big' of ``n`` rows with a stored PCA map; returns seconds to make it."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    import embedlab

    dim, step = 64, 100_000
    path = folder / "big.parquet"
    rng = np.random.default_rng(0)
    centres = rng.standard_normal((50, dim)).astype(np.float32)
    with pq.ParquetWriter(path, _schema(dim)) as writer:
        for start in range(0, n, step):
            m = min(step, n - start)
            topic = rng.integers(0, 50, m)
            vectors = centres[topic] + 0.6 * rng.standard_normal((m, dim), dtype=np.float32)
            writer.write_table(
                pa.table(
                    {
                        "text": [
                            f"texto {start + i} sobre o tema {t}" for i, t in enumerate(topic)
                        ],
                        "tema": [f"tema {t}" for t in topic],
                        "vec": pa.FixedSizeListArray.from_arrays(pa.array(vectors.ravel()), dim),
                    }
                )
            )
    begin = time.perf_counter()
    c = embedlab.create_collection(
        "big", str(path), text_column="text", vector_column="vec", uri=str(folder / "db")
    )
    c.project("pca")
    return time.perf_counter() - begin


def _schema(dim: int):
    import pyarrow as pa

    return pa.schema(
        [("text", pa.string()), ("tema", pa.string()), ("vec", pa.list_(pa.float32(), dim))]
    )


def page_run(n: int) -> None:
    """The page on a collection of ``n`` rows, in Chromium (see the module docstring)."""
    import os

    from playwright.sync_api import expect, sync_playwright

    from tests.app.conftest import streamlit_server

    shots = ROOT / "artifacts" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        made = big_collection(n, folder)
        print(f"collection of {n:,} rows made and mapped (PCA, stored) in {made:.1f} s")
        env = {"EMBEDLAB_DATA_DIR": str(folder / "db"), "EMBEDLAB_CACHE_DIR": str(folder)}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            expect.set_options(timeout=600_000)
            for visit in ("first", "restart"):
                with streamlit_server(folder / "log", env) as url:
                    page = browser.new_page(viewport={"width": 1400, "height": 1400})
                    start = time.perf_counter()
                    page.goto(f"{url}/your_text?lang=en&collection=big")
                    expect(
                        page.get_by_text(f"{n:,} rows in view, every one counted")
                    ).to_be_visible()
                    chart = page.get_by_test_id("stPlotlyChart").first
                    expect(chart.locator(".js-plotly-plot")).to_be_visible()
                    took = time.perf_counter() - start
                    what = (
                        "first view, fresh server" if visit == "first" else "reopen after a restart"
                    )
                    print(f"{what} (density of every row): {took:.1f} s")
                    page.wait_for_timeout(1000)
                    page.screenshot(path=str(shots / f"big-map-{visit}.png"), full_page=True)
                    if visit == "first":
                        zoom(page, chart, shots)
                        again = browser.new_page(viewport={"width": 1400, "height": 1400})
                        start = time.perf_counter()
                        again.goto(f"{url}/your_text?lang=en&collection=big")
                        expect(
                            again.get_by_text(f"{n:,} rows in view, every one counted")
                        ).to_be_visible()
                        took = time.perf_counter() - start
                        print(f"second visit, same server (new browser tab): {took:.1f} s")
                        again.close()
                    pid = _server_pid(url)
                    print(f"streamlit server RSS: {_rss_mb(pid) if pid else float('nan'):,.0f} MB")
                    page.close()
            browser.close()
        os.environ.pop("EMBEDLAB_DATA_DIR", None)


def zoom(page, chart, shots: Path) -> None:
    """Box-select a tenth of the map's width and height; report what is drawn then."""
    from playwright.sync_api import expect

    area = chart.locator(".nsewdrag").first.bounding_box()
    start = time.perf_counter()
    page.mouse.move(area["x"] + area["width"] * 0.40, area["y"] + area["height"] * 0.40)
    page.mouse.down()
    page.mouse.move(area["x"] + area["width"] * 0.50, area["y"] + area["height"] * 0.50, steps=8)
    page.mouse.up()
    expect(page.get_by_role("button", name="Whole map")).to_be_visible()
    expect(page.get_by_text(re.compile("in this region|rows in view")).first).to_be_visible()
    took = time.perf_counter() - start
    caption = page.get_by_text(re.compile("in this region|rows in view")).first.inner_text()
    page.screenshot(path=str(shots / "big-map-zoomed.png"), full_page=True)
    print(f"zoom into a small region: {took:.1f} s → {caption[:80]}")


def _server_pid(url: str) -> int | None:
    import subprocess

    port = url.rsplit(":", 1)[1]
    out = subprocess.run(["ss", "-ltnpH", f"sport = :{port}"], capture_output=True, text=True)
    found = re.findall(r"pid=(\d+)", out.stdout)
    return int(found[0]) if found else None


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 100_000, 1_000_000])
    parser.add_argument("--page", type=int, help="measure the page on a collection of N rows")
    args = parser.parse_args()
    if args.page:
        page_run(args.page)
        return
    from playwright.sync_api import sync_playwright

    ways = {"scattergl": scattergl, "numpy": numpy_image}
    try:
        import datashader  # noqa: F401

        ways["datashader"] = datashader_image
    except ImportError:
        print("datashader not installed: its rows are skipped")
    ways["numpy"](coords(1000))  # imports and first-call costs out of the timings
    if "datashader" in ways:
        ways["datashader"](coords(1000))
    print(f"{'way':<11} {'points':>10} {'build s':>8} {'payload MB':>11} {'browser s':>10}")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 800})
        for n in args.sizes:
            xy = coords(n)
            for name, build in ways.items():
                start = time.perf_counter()
                fig = build(xy)
                payload = len(fig.to_json())
                took = time.perf_counter() - start
                ms = browser_ms(fig, page)
                shown = "failed" if ms is None else f"{ms / 1000:.2f}"
                print(f"{name:<11} {n:>10,} {took:>8.2f} {payload / 1e6:>11.2f} {shown:>10}")
        browser.close()


if __name__ == "__main__":
    main()
