"""Two models (or two trainings, or two languages) on the same items, side by side.

Three scores say how alike two representations of the same ``n`` items are, each in
[0, 1] for the usual case (1 = the same geometry):

- ``overlap``: mean Jaccard overlap of each item's ``k`` nearest neighbours (cosine);
- ``spearman``: rank correlation of the two sets of pairwise cosine similarities;
- ``cka``: linear centred kernel alignment of the two (row-normalised) representations.

All three are unchanged when either side is rotated, so dimensions may differ. Nothing here
builds an ``(n, n)`` matrix for large ``n``: neighbours come from
:func:`embedlab.neighbours.knn` (blocks of rows, ~256 MB at most) and the rank correlation
is estimated from a seeded sample of items above :data:`SPEARMAN_EXACT_LIMIT`.

>>> import numpy as np
>>> X = np.random.default_rng(0).normal(size=(50, 8)).astype("float32")
>>> c = compare_vectors(X, X @ np.linalg.qr(np.random.default_rng(1).normal(size=(8, 8)))[0], k=5)
>>> round(c.overlap, 6), round(c.spearman, 6), round(c.cka, 6)
(1.0, 1.0, 1.0)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from embedlab.errors import InputError, TooFewPointsError
from embedlab.models import Encoder, encode_known
from embedlab.neighbours import knn, normalize

#: Up to this many items the rank correlation uses every pair; above, a seeded sample.
SPEARMAN_EXACT_LIMIT = 2_000
#: Up to this many items neighbours are searched in float64; above, in float32 (twice as
#: fast; only near-equal neighbours may swap, which does not move the mean overlap).
PRECISE_LIMIT = 5_000

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ModelComparison:
    """How two representations of the same items differ.

    Attributes:
        labels: the ``n`` compared items, in input order.
        k: neighbours per item used for ``overlap`` (capped at ``n - 1``).
        overlap: mean Jaccard overlap of the items' ``k`` nearest neighbours, in [0, 1].
        spearman: rank correlation of the pairwise cosines (upper triangle), in [-1, 1].
        cka: linear CKA of the two representations, in [0, 1].
        per_item: one row per item, the most changed first: ``label``, ``overlap``,
            ``neighbours_a``, ``neighbours_b``, ``only_a``, ``only_b`` (lists of labels,
            nearest first).
        skipped: items left out because a model could not embed them, in input order.
        missing: for each skipped item, which model could not embed it: ``"a"``, ``"b"``
            or ``"both"``.
        vectors_a, vectors_b: ``(n, d_a)`` / ``(n, d_b)`` float32 vectors of ``labels``.
        name_a, name_b: the two models' names.
        spearman_items: items the rank correlation was computed on (``n`` when exact).
    """

    labels: list[str]
    k: int
    overlap: float
    spearman: float
    cka: float
    per_item: pd.DataFrame
    vectors_a: NDArray[np.float32] = field(repr=False)
    vectors_b: NDArray[np.float32] = field(repr=False)
    skipped: list[str] = field(default_factory=list)
    missing: dict[str, str] = field(default_factory=dict)
    name_a: str = "A"
    name_b: str = "B"
    spearman_items: int = 0

    @property
    def n(self) -> int:
        """Number of compared items."""
        return len(self.labels)

    @property
    def spearman_estimated(self) -> bool:
        """True when the rank correlation comes from a sample of the items."""
        return self.spearman_items < self.n

    def skipped_by(self) -> dict[str, list[str]]:
        """The skipped items grouped by the model that lacks them: keys ``"a"``, ``"b"``,
        ``"both"`` (only those with items), items in input order."""
        groups: dict[str, list[str]] = {}
        for item in self.skipped:
            groups.setdefault(self.missing[item], []).append(item)
        return {key: groups[key] for key in ("a", "b", "both") if key in groups}

    def summary(self) -> str:
        """One line with the three scores."""
        return (
            f"{self.name_a} vs {self.name_b} on {self.n:,} items: neighbour overlap "
            f"{self.overlap:.3f} (k = {self.k}), Spearman {self.spearman:.3f}, CKA {self.cka:.3f}"
        )

    def table(self, *, separator: str = " | ") -> pd.DataFrame:
        """``per_item`` with the neighbour lists joined into text (for CSV and display)."""
        out = self.per_item.copy()
        for column in ("neighbours_a", "neighbours_b", "only_a", "only_b"):
            out[column] = [separator.join(items) for items in out[column]]
        return out

    def to_csv(self) -> bytes:
        """The per-item table as UTF-8 CSV (neighbour lists joined with `` | ``)."""
        return self.table().to_csv(index=False).encode("utf-8")


def compare_vectors(
    X_a: NDArray[np.floating],
    X_b: NDArray[np.floating],
    *,
    labels: Sequence[str] | None = None,
    k: int = 10,
    name_a: str = "A",
    name_b: str = "B",
    random_state: int = 0,
) -> ModelComparison:
    """Compare two representations of the same ``n`` items.

    Args:
        X_a: ``(n, d_a)`` vectors from the first model.
        X_b: ``(n, d_b)`` vectors of the same items, in the same order, from the second.
        labels: the items' names (default ``"0"``, ``"1"``, ...).
        k: neighbours per item for the overlap; at most ``n - 1``.
        name_a, name_b: names shown in messages and summaries.
        random_state: seed for the item sample of the rank correlation (large ``n`` only).

    Returns:
        :class:`ModelComparison`.

    Raises:
        InputError: the arrays are not 2-D, have different numbers of rows, contain NaN or
            infinity, ``labels`` has the wrong length, or ``k < 1``.
        TooFewPointsError: fewer than ``k + 1`` items.
    """
    A = _check_matrix(X_a, "X_a")
    B = _check_matrix(X_b, "X_b")
    if len(A) != len(B):
        raise InputError(
            f"X_a has {len(A):,} rows and X_b has {len(B):,}: both need one row per item, "
            "in the same order."
        )
    n = len(A)
    names = [str(i) for i in range(n)] if labels is None else [str(x) for x in labels]
    if len(names) != n:
        raise InputError(f"labels has {len(names):,} entries for {n:,} rows; give one per row.")
    k = _check_k(k)
    if n < k + 1:
        raise TooFewPointsError(_too_few(n, k))
    A, B = normalize(A), normalize(B)
    precise = n <= PRECISE_LIMIT
    near_a = knn(A, k=k, metric="cosine", precise=precise)[0]
    near_b = knn(B, k=k, metric="cosine", precise=precise)[0]
    jaccard = _jaccard(near_a, near_b)
    spearman, used = _spearman(A, B, random_state)
    per_item = _per_item(names, jaccard, near_a, near_b)
    return ModelComparison(
        labels=names,
        k=k,
        overlap=float(jaccard.mean()),
        spearman=spearman,
        cka=linear_cka(A, B),
        per_item=per_item,
        vectors_a=A,
        vectors_b=B,
        name_a=name_a,
        name_b=name_b,
        spearman_items=used,
    )


def compare_models(
    texts: Sequence[str],
    model_a: Encoder,
    model_b: Encoder,
    *,
    k: int = 10,
    progress: Progress | None = None,
) -> ModelComparison:
    """Embed the same texts with two models and compare the results.

    The models may be of different kinds (a word model and a sentence model): each embeds
    the texts as it can. Texts a word model cannot embed (unknown words) are skipped and
    listed in ``skipped`` with the model that lacks them in ``missing``. Repeated texts are
    compared once.

    Args:
        texts: words or sentences, one per item.
        model_a, model_b: any two models (the same model twice is allowed).
        k: neighbours per item for the overlap.
        progress: called as ``progress(done, total)`` over both models' embedding.

    Returns:
        :class:`ModelComparison` on the texts both models embed.

    Raises:
        InputError: ``texts`` is a single string, or ``k < 1``.
        TooFewPointsError: fewer than ``k + 1`` texts that both models can embed; the
            message says how many are needed and which texts were skipped.
    """
    if isinstance(texts, str):
        raise InputError("compare_models() takes a list of texts, not a single string.")
    k = _check_k(k)
    items = list(dict.fromkeys(str(t).strip() for t in texts if str(t).strip()))
    n = len(items)

    def part(offset: int) -> Progress | None:
        if progress is None:
            return None
        return lambda done, total: progress(offset + done, 2 * max(total, n))

    kept_a, vec_a, _ = encode_known(model_a, items, progress=part(0))
    kept_b, vec_b, _ = encode_known(model_b, items, progress=part(n))
    row_a = {text: i for i, text in enumerate(kept_a)}
    row_b = {text: i for i, text in enumerate(kept_b)}
    shared = [text for text in items if text in row_a and text in row_b]
    missing = {
        text: _missing_in(text in row_a, text in row_b)
        for text in items
        if text not in row_a or text not in row_b
    }
    if len(shared) < k + 1:
        detail = ""
        if missing:
            shown = ", ".join(f"'{t}'" for t in list(missing)[:5])
            more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
            detail = f" Skipped (not in a model's vocabulary): {shown}{more}."
        raise TooFewPointsError(_too_few(len(shared), k, both=True) + detail)
    X_a = vec_a[[row_a[t] for t in shared]]
    X_b = vec_b[[row_b[t] for t in shared]]
    result = compare_vectors(X_a, X_b, labels=shared, k=k, name_a=model_a.name, name_b=model_b.name)
    return _with_skipped(result, list(missing), missing)


def procrustes(
    Y_a: NDArray[np.floating], Y_b: NDArray[np.floating]
) -> tuple[NDArray[np.float32], float]:
    """Move map ``Y_b`` onto map ``Y_a`` (rotation or reflection, scaling, translation).

    Both maps place the same items in the same order; the result draws ``Y_b`` in
    ``Y_a``'s frame (best rotation, same centre and same overall spread), so the two can
    share axes or be joined by lines.

    Args:
        Y_a: ``(n, c)`` reference coordinates (``c`` is 2 or 3, or any width).
        Y_b: ``(n, c)`` coordinates to align.

    Returns:
        ``(Y_b_aligned (n, c) float32, disparity)``: the disparity is the sum of squared
        differences left after the alignment, relative to the spread of ``Y_a``
        (0 = identical shapes, 1 = nothing in common; as :func:`scipy.spatial.procrustes`).

    Raises:
        InputError: shapes differ, fewer than 2 points, or a map has all points in one place.
    """
    A = np.asarray(Y_a, dtype=np.float64)
    B = np.asarray(Y_b, dtype=np.float64)
    if A.ndim != 2 or A.shape != B.shape:
        raise InputError(
            f"procrustes needs two maps of the same shape (n, 2) or (n, 3); got {A.shape} "
            f"and {B.shape}."
        )
    if len(A) < 2:
        raise TooFewPointsError(f"procrustes needs at least 2 points; got {len(A)}.")
    if not (np.isfinite(A).all() and np.isfinite(B).all()):
        raise InputError("A map contains NaN or infinite coordinates.")
    mean_a, mean_b = A.mean(axis=0), B.mean(axis=0)
    A0, B0 = A - mean_a, B - mean_b
    norm_a, norm_b = float((A0**2).sum()), float((B0**2).sum())
    if norm_a <= 1e-24 or norm_b <= 1e-24:
        raise InputError(
            "A map has all its points in one place, so there is nothing to align; "
            "use items that the model tells apart."
        )
    U, S, Vt = np.linalg.svd(B0.T @ A0)
    R = U @ Vt
    # Same spread as Y_a, not the least-squares scale: that one shrinks a map that agrees
    # poorly towards its centre, which hides it when the two are drawn together.
    aligned = np.sqrt(norm_a / norm_b) * B0 @ R + mean_a
    disparity = max(0.0, 1.0 - float(S.sum()) ** 2 / (norm_a * norm_b))
    return aligned.astype(np.float32), disparity


def aligned_maps(
    X_a: NDArray[np.floating],
    X_b: NDArray[np.floating],
    *,
    method: str = "pca",
    random_state: int = 0,
) -> tuple[NDArray[np.float32], NDArray[np.float32], float]:
    """2-D maps of the same items from two models, the second aligned onto the first.

    Args:
        X_a, X_b: ``(n, d_a)`` / ``(n, d_b)`` vectors of the same items.
        method: ``"pca"``, ``"umap"`` or ``"tsne"`` (as :func:`embedlab.project`).
        random_state: seed for UMAP and t-SNE.

    Returns:
        ``(Y_a, Y_b_aligned, disparity)``: ``(n, 2)`` float32 maps and the Procrustes
        disparity between them (0 = the same picture).

    Raises:
        TooFewPointsError, InputError: as :func:`embedlab.project` and :func:`procrustes`.
    """
    from embedlab.projection import project

    Y_a = project(X_a, method=method, random_state=random_state)  # type: ignore[arg-type]
    Y_b = project(X_b, method=method, random_state=random_state)  # type: ignore[arg-type]
    Y_b_aligned, disparity = procrustes(Y_a, Y_b)
    return Y_a, Y_b_aligned, disparity


def linear_cka(X_a: NDArray[np.floating], X_b: NDArray[np.floating]) -> float:
    """Linear centred kernel alignment (Kornblith et al., 2019) of two ``(n, d_a)`` /
    ``(n, d_b)`` representations of the same items: 1 when one is a rotation and scaling
    of the other, about 0 for unrelated ones. Computed in the smaller of the feature and
    item spaces, in float64."""
    A = np.asarray(X_a, dtype=np.float64)
    B = np.asarray(X_b, dtype=np.float64)
    A = A - A.mean(axis=0)
    B = B - B.mean(axis=0)
    if len(A) < max(A.shape[1], B.shape[1]):
        K, L = A @ A.T, B @ B.T
        cross, self_a, self_b = (K * L).sum(), (K * K).sum(), (L * L).sum()
    else:
        cross = float(((A.T @ B) ** 2).sum())
        self_a, self_b = float(((A.T @ A) ** 2).sum()), float(((B.T @ B) ** 2).sum())
    if self_a <= 0 or self_b <= 0:
        return float("nan")
    return float(np.clip(cross / np.sqrt(self_a * self_b), 0.0, 1.0))


# --------------------------------------------------------------------------- two languages


@dataclass(frozen=True)
class TranslationScores:
    """How often one model puts each word's translation nearest to it.

    Attributes:
        pairs: the ``(source, target)`` pairs scored, in input order.
        precision: ``{"source→target": {1: p@1, 5: p@5}, "target→source": {...}}``.
        per_pair: one row per pair: ``source``, ``target``, ``cosine``, ``rank_in_target``
            (1 = the translation is the nearest target word), ``nearest_target``,
            ``rank_in_source``, ``nearest_source``.
        vectors_source, vectors_target: ``(m, d)`` float32 unit vectors of the pairs.
        skipped: pairs the model could not embed.
    """

    pairs: list[tuple[str, str]]
    precision: dict[str, dict[int, float]]
    per_pair: pd.DataFrame
    vectors_source: NDArray[np.float32] = field(repr=False)
    vectors_target: NDArray[np.float32] = field(repr=False)
    skipped: list[tuple[str, str]] = field(default_factory=list)

    def at(self, k: int) -> float:
        """Mean precision@k over both directions."""
        return float(np.mean([scores[k] for scores in self.precision.values()]))


_PAIR_SEPARATOR = re.compile(r"\s*(?:\t|[–—=;,]|\s-\s|->|→)\s*")


def parse_pairs(text: str) -> list[tuple[str, str]]:
    """Translation pairs from text, one per line: ``gato – cat`` (also ``-`` between
    spaces, ``=``, ``;``, ``,``, ``→`` or a tab). Blank lines are ignored; repeated pairs
    kept once.

    Raises:
        InputError: a line that is not exactly two parts, naming it.
    """
    pairs: dict[tuple[str, str], None] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in _PAIR_SEPARATOR.split(line.strip())]
        if len(parts) != 2 or not all(parts):
            raise InputError(
                f"Line {number} ('{line.strip()}') is not a pair: write one pair per line, "
                "like 'gato – cat'."
            )
        pairs.setdefault((parts[0], parts[1]), None)
    return list(pairs)


def translation_precision(
    pairs: Sequence[tuple[str, str]],
    model: Encoder,
    *,
    ks: Sequence[int] = (1, 5),
    directions: tuple[str, str] = ("pt", "en"),
) -> TranslationScores:
    """Retrieval of translations with one model: for each source word, rank every target
    word by cosine and check where its translation lands (and the other way round).

    Args:
        pairs: ``(source, target)`` pairs such as ``("gato", "cat")``.
        model: the model that embeds both languages.
        ks: the cut-offs for precision@k.
        directions: names of the two languages, used in ``precision``'s keys.

    Returns:
        :class:`TranslationScores`.

    Raises:
        TooFewPointsError: fewer than 2 pairs the model can embed (after skipping pairs
            with an unknown word), or fewer than ``max(ks)`` (precision@k needs k targets).
    """
    pairs = list(dict.fromkeys((str(s).strip(), str(t).strip()) for s, t in pairs))
    sources = [s for s, _ in pairs]
    targets = [t for _, t in pairs]
    kept_s, vec_s, _ = encode_known(model, sources)
    kept_t, vec_t, _ = encode_known(model, targets)
    ok_s, ok_t = set(kept_s), set(kept_t)
    usable = [(s, t) for s, t in pairs if s in ok_s and t in ok_t]
    skipped = [(s, t) for s, t in pairs if s not in ok_s or t not in ok_t]
    need = max(2, *ks)
    if len(usable) < need:
        raise TooFewPointsError(
            f"Scoring translations at {max(ks)} needs at least {need} pairs that "
            f"{model.name} can embed (there are {len(usable)}). Add pairs, one per line, "
            "like 'gato – cat'."
        )
    row_s = {s: i for i, s in enumerate(kept_s)}
    row_t = {t: i for i, t in enumerate(kept_t)}
    S = normalize(vec_s[[row_s[s] for s, _ in usable]]).astype(np.float64)
    T = normalize(vec_t[[row_t[t] for _, t in usable]]).astype(np.float64)
    sims = S @ T.T  # (m, m): pairs are typed by people, so m stays in the hundreds
    diag = np.diag(sims)
    # rank 1 = the translation beats every other word; ties count against it
    rank_t = (sims >= diag[:, None]).sum(axis=1)
    rank_s = (sims >= diag[None, :]).sum(axis=0)
    src, tgt = directions
    precision = {
        f"{src}→{tgt}": {k: float((rank_t <= k).mean()) for k in ks},
        f"{tgt}→{src}": {k: float((rank_s <= k).mean()) for k in ks},
    }
    words_s = [s for s, _ in usable]
    words_t = [t for _, t in usable]
    per_pair = pd.DataFrame(
        {
            "source": words_s,
            "target": words_t,
            "cosine": diag.astype(np.float32),
            "rank_in_target": rank_t,
            "nearest_target": [words_t[j] for j in sims.argmax(axis=1)],
            "rank_in_source": rank_s,
            "nearest_source": [words_s[i] for i in sims.argmax(axis=0)],
        }
    )
    return TranslationScores(
        pairs=usable,
        precision=precision,
        per_pair=per_pair,
        vectors_source=S.astype(np.float32),
        vectors_target=T.astype(np.float32),
        skipped=skipped,
    )


def sample_texts(collection: Any, *, n: int = 500, random_state: int = 0) -> list[str]:
    """A seeded sample of a saved collection's texts to compare models on, one line each.

    Args:
        collection: an :func:`embedlab.open_collection` result (anything with
            ``text_column`` and ``to_pandas(columns=["text"])``).
        n: how many texts at most.
        random_state: seed of the sample.

    Returns:
        Up to ``n`` distinct non-empty texts, inner whitespace (newlines too) made single spaces.

    Raises:
        InputError: the collection stores vectors without texts.
    """
    if not getattr(collection, "text_column", None):  # imported vectors, no texts stored
        name = getattr(collection, "name", "this collection")
        raise InputError(
            f"The collection '{name}' holds vectors without texts: pick another source."
        )
    # a collection keeps its texts in the column "text", whatever the source column was called
    texts = collection.to_pandas(columns=["text"])["text"].dropna().astype(str)
    texts = texts.str.replace(r"\s+", " ", regex=True).str.strip()
    texts = texts[texts != ""].drop_duplicates()
    return texts.sample(min(n, len(texts)), random_state=random_state).tolist()


# --------------------------------------------------------------------------- helpers


def _check_matrix(X: NDArray[np.floating], name: str) -> NDArray[np.float32]:
    arr = np.asarray(X, dtype=np.float32)
    if arr.ndim != 2:
        raise InputError(f"{name} must be a 2-D array (items × dimensions); got shape {arr.shape}.")
    if not np.isfinite(arr).all():
        raise InputError(f"{name} contains NaN or infinite values; remove or fix those rows.")
    return arr


def _check_k(k: int) -> int:
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 1:
        raise InputError(f"k must be a whole number of neighbours, at least 1; got {k!r}.")
    return int(k)


def _too_few(n: int, k: int, *, both: bool = False) -> str:
    what = "items that both models can embed" if both else "items"
    return (
        f"Comparing {k} neighbours per item needs at least {k + 1} {what} (there are {n}). "
        f"Add {k + 1 - n} more or lower k to {max(1, n - 1)}."
    )


def _missing_in(in_a: bool, in_b: bool) -> str:
    return "both" if not (in_a or in_b) else "a" if not in_a else "b"


def _jaccard(near_a: NDArray[np.int64], near_b: NDArray[np.int64]) -> NDArray[np.float64]:
    """Per-row Jaccard overlap of two ``(n, k)`` neighbour index lists."""
    k = near_a.shape[1]
    common = (near_a[:, :, None] == near_b[:, None, :]).any(axis=2).sum(axis=1)
    return common / (2 * k - common)


def _spearman(A: NDArray[np.float32], B: NDArray[np.float32], seed: int) -> tuple[float, int]:
    """Rank correlation of the pairwise cosines, exact up to the limit, else on a sample."""
    from scipy.stats import spearmanr

    n = len(A)
    rows = np.arange(n)
    if n > SPEARMAN_EXACT_LIMIT:
        rows = np.sort(np.random.default_rng(seed).choice(n, SPEARMAN_EXACT_LIMIT, replace=False))
    a = A[rows].astype(np.float64)
    b = B[rows].astype(np.float64)
    upper = np.triu_indices(len(rows), k=1)
    sa, sb = (a @ a.T)[upper], (b @ b.T)[upper]
    if np.ptp(sa) == 0 or np.ptp(sb) == 0:
        return float("nan"), len(rows)
    return float(spearmanr(sa, sb).statistic), len(rows)


def _per_item(
    labels: list[str],
    jaccard: NDArray[np.float64],
    near_a: NDArray[np.int64],
    near_b: NDArray[np.int64],
) -> pd.DataFrame:
    rows = []
    for i, label in enumerate(labels):
        a, b = near_a[i].tolist(), near_b[i].tolist()
        set_a, set_b = set(a), set(b)
        rows.append(
            (
                label,
                float(jaccard[i]),
                [labels[j] for j in a],
                [labels[j] for j in b],
                [labels[j] for j in a if j not in set_b],
                [labels[j] for j in b if j not in set_a],
            )
        )
    frame = pd.DataFrame(
        rows, columns=["label", "overlap", "neighbours_a", "neighbours_b", "only_a", "only_b"]
    )
    return frame.sort_values("overlap", kind="stable").reset_index(drop=True)


def _with_skipped(
    result: ModelComparison, skipped: list[str], missing: dict[str, str]
) -> ModelComparison:
    from dataclasses import replace

    return replace(result, skipped=skipped, missing=missing)


__all__ = [
    "ModelComparison",
    "TranslationScores",
    "aligned_maps",
    "compare_models",
    "compare_vectors",
    "linear_cka",
    "parse_pairs",
    "procrustes",
    "sample_texts",
    "translation_precision",
]
