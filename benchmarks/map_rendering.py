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
"""

from __future__ import annotations

import argparse
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 100_000, 1_000_000])
    args = parser.parse_args()
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
