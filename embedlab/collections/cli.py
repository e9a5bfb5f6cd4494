"""The ``embedlab`` command line: import big files into collections, list, search, export, delete.

    embedlab import reviews.csv --name reviews --text-column texto
    embedlab list
    embedlab search reviews "entrega atrasada" -k 5 --where "nota <= 2"
    embedlab export reviews reviews.parquet
    embedlab delete reviews

Exit codes: 0 done, 1 a problem the message explains (bad input, unknown collection,
disk full...), 2 a command typed wrong, 130 interrupted (an import continues where it
stopped when the same command is run again).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from typing import TextIO

from embedlab.errors import EmbedlabError

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class ProgressLine:
    """``progress(done, total)`` printing rows done, rows/s and time left on stderr.

    On a terminal the line is redrawn in place; otherwise (a log file, CI) one line is
    written every ``every`` seconds and at the end.
    """

    def __init__(
        self, what: str = "rows", *, stream: TextIO | None = None, every: float = 5.0
    ) -> None:
        self.what = what
        self.stream = stream if stream is not None else sys.stderr
        self.every = every
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self._start: float | None = None
        self._first = 0
        self._last_print = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if self._start is None:
            self._start, self._first = now, done
        elapsed = now - self._start
        rate = (done - self._first) / elapsed if elapsed > 0 else 0.0
        finished = done >= total
        if (
            not self.tty
            and not finished
            and now - self._last_print < self.every
            and done != self._first
        ):
            return
        self._last_print = now
        share = f" ({100 * done / total:.0f}%)" if total else ""
        speed = f", {rate:,.0f} {self.what}/s" if rate > 0 else ""
        if finished:
            left = f", took {_duration(elapsed)}"
        elif rate > 0:
            left = f", {_duration((total - done) / rate)} left"
        else:
            left = ""
        line = f"{done:,} / {total:,} {self.what}{share}{speed}{left}"
        if self.tty:
            self.stream.write("\r" + line.ljust(78) + ("\n" if finished else ""))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


def _duration(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="embedlab",
        description="Embed big files into saved collections and search them.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    uri_help = "where collections are stored (a folder or s3://, gs://, az://); default EMBEDLAB_DATA_DIR or ~/.local/share/embedlab/collections"

    p = sub.add_parser("import", help="embed a file (or import its vectors) into a collection")
    p.add_argument(
        "file", help="CSV, TSV, TXT, XLSX, Parquet or JSONL file (Parquet also from s3://...)"
    )
    p.add_argument("--name", required=True, help="collection name: letters, digits, - and _")
    p.add_argument("--text-column", help="column of texts (default: the column of longest texts)")
    p.add_argument("--model", help="model id that embeds the texts (default use-multilingual)")
    p.add_argument("--vector-column", help="import precomputed vectors from this list column")
    p.add_argument("--uri", help=uri_help)
    p.add_argument("--batch-size", type=int, help="rows per stored batch")
    p.add_argument("--overwrite", action="store_true", help="replace a collection of that name")

    p = sub.add_parser("list", help="list the collections")
    p.add_argument("--uri", help=uri_help)

    p = sub.add_parser("search", help="the rows most similar to a text")
    p.add_argument("name")
    p.add_argument("query", nargs="+", help="one or more texts to search for")
    p.add_argument("-k", type=int, default=10, help="rows per query (default 10)")
    p.add_argument(
        "--where", help="SQL filter on the collection's columns, e.g. \"autor = 'Machado'\""
    )
    p.add_argument("--uri", help=uri_help)

    p = sub.add_parser("export", help="write a collection to a Parquet (or CSV) file")
    p.add_argument("name")
    p.add_argument("out", help="output file: .parquet (with vectors) or .csv (without)")
    p.add_argument("--uri", help=uri_help)

    p = sub.add_parser("delete", help="delete a collection")
    p.add_argument("name")
    p.add_argument("--uri", help=uri_help)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except EmbedlabError as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        if args.command == "import":
            print(
                "\nInterrupted. Every stored batch is kept: run the same command again to "
                "continue where it stopped.",
                file=sys.stderr,
            )
        else:
            print("\nInterrupted.", file=sys.stderr)
        return EXIT_INTERRUPTED


def _import(args: argparse.Namespace) -> int:
    from embedlab.collections.store import create_collection

    if args.batch_size is not None and args.batch_size < 1:
        raise EmbedlabError(f"--batch-size must be at least 1; got {args.batch_size}.")
    started = time.monotonic()
    collection = create_collection(
        args.name,
        args.file,
        text_column=args.text_column,
        model=args.model,
        vector_column=args.vector_column,
        uri=args.uri,
        batch_size=args.batch_size,
        progress=ProgressLine(),
        overwrite=args.overwrite,
    )
    info = collection.info
    skipped = info.get("skipped") or 0
    print(
        f"Collection '{collection.name}': {len(collection):,} rows, {collection.dim}-dimensional "
        f"vectors, model {collection.model_id or '(none: imported vectors)'}, in "
        f"{collection.uri} ({_duration(time.monotonic() - started)})."
        + (f" {skipped:,} rows without text were left out." if skipped else "")
    )
    return EXIT_OK


def _list(args: argparse.Namespace) -> int:
    from embedlab.collections.paths import resolve_uri
    from embedlab.collections.store import list_collections, open_collection

    names = list_collections(uri=args.uri)
    if not names:
        print(
            f"No collections in {resolve_uri(args.uri)}. Create one with: embedlab import FILE --name NAME"
        )
        return EXIT_OK
    for name in names:
        try:
            c = open_collection(name, uri=args.uri)
            state = "" if c.complete else "  (import unfinished: run it again to continue)"
            print(f"{name}\t{len(c):,} rows\t{c.dim} dims\t{c.model_id or '-'}{state}")
        except EmbedlabError as err:
            print(f"{name}\t(cannot be read: {err})")
    return EXIT_OK


def _search(args: argparse.Namespace) -> int:
    import pandas as pd

    from embedlab.collections.store import open_collection

    if args.k < 1:
        raise EmbedlabError(f"-k must be at least 1; got {args.k}.")
    c = open_collection(args.name, uri=args.uri)
    found = c.search(list(args.query), k=args.k, where=args.where)
    if found.empty:
        print("No rows match." + (f" (filter: {args.where})" if args.where else ""))
        return EXIT_OK
    shown = found.copy()
    shown["text"] = shown["text"].fillna("").map(lambda t: t if len(t) <= 80 else t[:79] + "…")
    shown["score"] = shown["score"].map(lambda s: f"{s:.3f}")
    with pd.option_context(
        "display.max_columns", 12, "display.width", 160, "display.max_colwidth", 80
    ):
        for query, group in shown.groupby("query", sort=False):
            if len(args.query) > 1:
                print(f"\n{query}")
            print(group.drop(columns=["query"]).to_string(index=False))
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from embedlab.collections.export import export_collection
    from embedlab.collections.store import open_collection

    c = open_collection(args.name, uri=args.uri)
    rows = export_collection(c, Path(args.out), progress=ProgressLine())
    print(f"Wrote {rows:,} rows of '{c.name}' to {args.out}.")
    return EXIT_OK


def _delete(args: argparse.Namespace) -> int:
    from embedlab.collections.store import delete_collection

    delete_collection(args.name, uri=args.uri)
    print(f"Deleted collection '{args.name}'.")
    return EXIT_OK


_COMMANDS = {
    "import": _import,
    "list": _list,
    "search": _search,
    "export": _export,
    "delete": _delete,
}


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
