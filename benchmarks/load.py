"""Load test: N concurrent browser sessions against one local server for M minutes.

One headless Chromium (Debian's), N browser contexts, each looping through the pages a class
uses: Similarity (type lines), Analogies (a word model), Projection (draw a map) and Your own
text (upload a small CSV and embed it). Prints errors, p50/p95 seconds per action and the
server's peak RSS (the streamlit process and its children, sampled every 0.5 s).

    python benchmarks/load.py --sessions 10 --minutes 5

Then the crash check: the server is killed (SIGKILL) while a session embeds a file, started
again on the same cache folders, and the same upload is embedded again; any traceback, any
unreadable cache entry, or a step that cannot be redone is an error.

Only loopback traffic: the server listens on 127.0.0.1 and the loops stop by themselves.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
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
CSV = "texto;nota\n" + "\n".join(
    f"{text} ({i});{i % 5}"
    for i, text in enumerate(
        [
            "A entrega atrasou duas semanas",
            "Produto chegou quebrado e sem manual",
            "Atendimento rápido e educado",
            "Gostei muito da qualidade do tecido",
            "O preço subiu sem aviso",
            "Recomendo, chegou antes do prazo",
        ]
        * 5
    )
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, env: dict[str, str], log: Path) -> subprocess.Popen:
    out = open(log, "ab")  # noqa: SIM115 - kept open for the server's lifetime
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port),
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env=env,
    )  # fmt: skip
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"streamlit exited early; see {log}")
        try:
            if opener.open(f"http://127.0.0.1:{port}/_stcore/health", timeout=2).status == 200:
                return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit(f"streamlit did not start; see {log}")


def rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and its children, in MB."""
    import psutil

    try:
        proc = psutil.Process(pid)
        procs = [proc, *proc.children(recursive=True)]
        return sum(p.memory_info().rss for p in procs) / 2**20
    except psutil.Error:
        return 0.0


async def idle(page, timeout: float = 180_000) -> None:
    await page.wait_for_timeout(300)
    app = page.locator('[data-testid="stApp"]')
    await app.and_(page.locator('[data-test-connection-state="CONNECTED"]')).wait_for(
        timeout=timeout
    )
    await page.locator('[data-test-script-state="notRunning"]').wait_for(timeout=timeout)


async def check(page) -> None:
    """A traceback on the page is an error (our messages are st.error boxes, not exceptions)."""
    if await page.get_by_test_id("stException").count():
        raise RuntimeError("a traceback is shown")


async def similarity(page, url: str, n: int) -> None:
    await page.goto(f"{url}/similarity?lang=en")
    await idle(page)
    box = page.locator(".st-key-sim_text textarea")
    await box.fill(f"gato\ncachorro\ncarro\nsessão {n}")
    await box.press("Control+Enter")
    await idle(page)
    await page.get_by_test_id("stPlotlyChart").first.wait_for()


async def analogies(page, url: str, n: int) -> None:
    await page.goto(f"{url}/analogies?lang=en&model=glove-50d")
    await idle(page)
    for key, word in (("an_a", "man"), ("an_b", "king"), ("an_c", "woman")):
        field = page.locator(f".st-key-{key} input")
        await field.fill(word)
        await field.press("Enter")
        await idle(page)
    await page.get_by_text("queen").first.wait_for()


async def projection(page, url: str, n: int) -> None:
    await page.goto(f"{url}/projection?lang=en")
    await idle(page)
    await page.get_by_test_id("stPlotlyChart").first.wait_for()


async def upload(page, url: str, n: int, csv: Path) -> None:
    await page.goto(f"{url}/your_text?lang=en")
    await idle(page)
    await page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(csv))
    await idle(page)
    embed = page.locator(".st-key-yt_embed button")
    await embed.or_(page.get_by_test_id("stTabs")).first.wait_for()
    if await embed.count():  # a file embedded before comes from the disk cache, no button
        await embed.click()
        await idle(page)
    await page.get_by_test_id("stTabs").first.wait_for()


ACTIONS = {"similarity": similarity, "analogies": analogies, "projection": projection}


async def session(browser, url: str, index: int, until: float, csv: Path, stats, errors) -> None:
    # Each session its own file (embedded once, then from the disk cache on later loops).
    own = csv.with_name(f"{csv.stem}-{index}.csv")
    own.write_text(csv.read_text(encoding="utf-8") + f"\nSessão {index} terminou;0\n", "utf-8")
    csv = own
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    page.set_default_timeout(180_000)
    n = 0
    while time.monotonic() < until:
        for name, action in [*ACTIONS.items(), ("upload", None)]:
            if time.monotonic() >= until:
                break
            started = time.monotonic()
            try:
                if action is None:
                    await upload(page, url, n, csv)
                else:
                    await action(page, url, n)
                await check(page)
                stats[name].append(time.monotonic() - started)
            except Exception as err:  # every failure counts; the loop goes on
                errors.append(f"session {index} {name}: {type(err).__name__}: {err}"[:300])
            n += 1
    await context.close()


async def run_load(url: str, sessions: int, minutes: float, csv: Path, pid: int) -> None:
    from playwright.async_api import async_playwright

    stats: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    peak = [0.0]

    async def sample() -> None:
        while True:
            peak[0] = max(peak[0], rss_mb(pid))
            await asyncio.sleep(0.5)

    sampler = asyncio.create_task(sample())
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        until = time.monotonic() + minutes * 60
        await asyncio.gather(
            *(session(browser, url, i, until, csv, stats, errors) for i in range(sessions))
        )
        await browser.close()
    sampler.cancel()
    print(f"{sessions} sessions × {minutes:g} min against {url}")
    print(f"{'action':<12} {'runs':>5} {'p50 s':>7} {'p95 s':>7}")
    for name, times in stats.items():
        times.sort()
        p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
        print(f"{name:<12} {len(times):>5} {statistics.median(times):>7.2f} {p95:>7.2f}")
    print(f"errors: {len(errors)}")
    for line in errors[:20]:
        print("  " + line)
    print(f"server peak RSS: {peak[0]:,.0f} MB")


async def crash_and_redo(url: str, csv: Path, kill) -> list[str]:
    """Kill the server mid-embedding; after a restart the same upload embeds cleanly."""
    from playwright.async_api import async_playwright

    problems = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = await browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(180_000)
        await page.goto(f"{url}/your_text?lang=en")
        await idle(page)
        await page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(csv))
        await idle(page)
        await page.locator(".st-key-yt_embed button").click()
        await page.get_by_test_id("stProgress").first.wait_for()
        new_url = kill()  # SIGKILL while the progress bar runs, then a fresh server
        await page.goto(f"{new_url}/your_text?lang=en")
        await idle(page)
        await page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(csv))
        await idle(page)
        try:
            embed = page.locator(".st-key-yt_embed button")
            await embed.or_(page.get_by_test_id("stTabs")).first.wait_for()
            if await embed.count():  # nothing finished was cached before the kill
                await embed.click()
                await idle(page)
            await page.get_by_test_id("stTabs").first.wait_for()
            await check(page)
        except Exception as err:
            problems.append(f"redo after the crash: {type(err).__name__}: {err}"[:300])
        await browser.close()
    return problems


def unreadable_cache_entries(folder: Path) -> list[str]:
    """Every cached embedding file must load whole (a crash may leave none, never half)."""
    import numpy as np

    bad = []
    for path in sorted(folder.glob("*")):
        try:
            if path.suffix != ".npy":
                raise ValueError("not a finished .npy file")
            np.load(path, allow_pickle=False)
        except Exception as err:
            bad.append(f"cache entry {path.name}: {type(err).__name__}: {err}"[:300])
    return bad


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--rows", type=int, default=3000, help="rows of the crash-test file")
    options = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="embedlab-load-"))
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    env.setdefault("EMBEDLAB_CACHE_DIR", str(work / "cache"))
    env["EMBEDLAB_DATA_DIR"] = str(work / "data")
    small = work / "avaliacoes.csv"
    small.write_text(CSV, encoding="utf-8")
    big = work / "grande.csv"
    big.write_text(
        "texto\n"
        + "\n".join(
            f"Comentário {i} da rodada {work.name} sobre a entrega e o preço"
            for i in range(options.rows)
        ),
        encoding="utf-8",
    )
    log = work / "streamlit.log"
    port = free_port()
    server = start_server(port, env, log)
    try:
        asyncio.run(
            run_load(
                f"http://127.0.0.1:{port}", options.sessions, options.minutes, small, server.pid
            )
        )

        def kill() -> str:
            nonlocal server, port
            os.kill(server.pid, signal.SIGKILL)
            server.wait()
            port = free_port()
            server = start_server(port, env, log)
            return f"http://127.0.0.1:{port}"

        problems = asyncio.run(crash_and_redo(f"http://127.0.0.1:{port}", big, kill))
        problems += unreadable_cache_entries(Path(env["EMBEDLAB_CACHE_DIR"]) / "embeddings")
        print(f"kill during embedding, restart, redo: {problems or 'ok'}")
    finally:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
    print(f"server log: {log}")


if __name__ == "__main__":
    main()
