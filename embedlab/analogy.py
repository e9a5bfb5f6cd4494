"""Word analogies: "a is to b as c is to ?", answered with vector arithmetic.

Two solvers, as in gensim and Levy & Goldberg (2014):

- ``"3cosadd"``: the words closest (cosine) to ``b − a + c`` on unit vectors; the same
  numbers as gensim's ``most_similar(positive=[b, c], negative=[a])``.
- ``"3cosmul"``: ``cos'(x, b) · cos'(x, c) / (cos'(x, a) + 1e-6)`` with each cosine shifted
  to ``[0, 1]`` as ``(1 + cos) / 2``; the same numbers as gensim's ``most_similar_cosmul``.
  Less dominated by one large similarity.

Word models search their whole vocabulary (or its ``restrict_vocab`` most frequent words);
with a vocabulary of several languages (``use-words``: Portuguese and English) ``language=``
keeps the answers in one language — ``"auto"`` takes the language of the three inputs, so
``homem : rei :: mulher`` is answered in Portuguese and never with "king". Sentence models have no vocabulary, so :func:`analogy_texts` ranks a list of candidates
the caller gives.

An analogy needs three different inputs: with a repeated word the arithmetic collapses
(``b − a + a = b``) and the "answer" is only a neighbour of one input, so a repeat raises
:class:`InputError` instead of returning a misleading answer. Benchmark files are the
exception: :func:`embedlab.evaluate_analogies` scores such lines exactly as gensim does and
notes them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np
from numpy.typing import NDArray

from embedlab.errors import InputError

if TYPE_CHECKING:
    from gensim.models import KeyedVectors

    from embedlab.models import Encoder, WordModel

Method = Literal["3cosadd", "3cosmul"]
METHODS: tuple[Method, ...] = ("3cosadd", "3cosmul")
METHOD_NAMES: dict[str, str] = {"3cosadd": "3CosAdd", "3cosmul": "3CosMul"}
METHOD_HELP: dict[str, str] = {
    "3cosadd": "3CosAdd: the word closest to b − a + c (the classic vector offset).",
    "3cosmul": "3CosMul (Levy & Goldberg 2014): close to b and c, far from a, multiplied; "
    "one very similar input cannot dominate the answer.",
}
Language = Literal["auto", "pt", "en"]
LANGUAGES: tuple[str | None, ...] = ("auto", "pt", "en", None)
LANGUAGE_NAMES: dict[str, str] = {"pt": "Portuguese", "en": "English"}
_EPS = 1e-6  # gensim's (and Levy & Goldberg's) guard against dividing by zero in 3CosMul
_ROLES = ("a", "b", "c")


@dataclass(frozen=True)
class ExpectedAnswer:
    """Where an expected answer landed in the ranking.

    Attributes:
        word: the expected answer as found (vocabulary key or candidate text).
        rank: 1 = the top answer.
        score: its score under the chosen method.
        top_word: the top answer.
        top_score: the top answer's score.
        gap: ``top_score - score`` (0 when the expected answer is the top one).
        searched: how many words or candidates were ranked.
    """

    word: str
    rank: int
    score: float
    top_word: str
    top_score: float
    gap: float
    searched: int


def check_method(method: str) -> Method:
    """``method`` if it is a known solver, else an InputError listing the choices."""
    if method not in METHODS:
        raise InputError(f"Unknown method: '{method}'. Must be one of: {list(METHODS)}.")
    return method  # type: ignore[return-value]


def _check_filled(texts: Sequence[str]) -> None:
    for role, text in zip(_ROLES, texts, strict=True):
        if not text:
            raise InputError(
                f"Type a word for {role} (the form is a : b :: c : ?, e.g. man : king :: woman)."
            )


def _check_distinct(texts: Sequence[str], same: Sequence[str]) -> None:
    """InputError when two inputs are the same (``same`` = their comparable forms)."""
    if len(set(same)) == 1:
        raise InputError(
            f"All three inputs are '{texts[0]}': an analogy needs different words "
            "(a : b :: c : ?). For the words closest to one word use the Similarity page."
        )
    for i, j in ((0, 1), (0, 2), (1, 2)):
        if same[i] == same[j]:
            reduced = {(0, 1): "c", (0, 2): "b", (1, 2): "2·b − a"}[(i, j)]
            raise InputError(
                f"'{texts[j]}' is both {_ROLES[i]} and {_ROLES[j]}: then b − a + c = {reduced}, "
                "so the answer would only be a neighbour of an input. Use three different words."
            )


def _clean_inputs(a: str, b: str, c: str) -> list[str]:
    """The three inputs stripped; InputError if one is empty or two are equal (any case)."""
    texts = [str(a).strip(), str(b).strip(), str(c).strip()]
    _check_filled(texts)
    _check_distinct(texts, [t.casefold() for t in texts])
    return texts


def _word_model(model: Encoder) -> WordModel:
    from embedlab.models import WordModel

    if not isinstance(model, WordModel):
        raise InputError(
            f"{model.name} is a sentence model: it has no vocabulary to search for the answer. "
            "Give candidate answers (analogy_texts) or pick a word model such as glove-50d "
            "(English) or use-words (Portuguese + English)."
        )
    return model


def _keys(model: WordModel, a: str, b: str, c: str) -> list[str]:
    """The vocabulary keys of a, b, c; UnknownWordError naming every unknown one."""
    texts = [str(a).strip(), str(b).strip(), str(c).strip()]
    _check_filled(texts)
    keys = [model.key(t) for t in texts]
    missing = [t for t, k in zip(texts, keys, strict=True) if k is None]
    if missing:
        raise model.unknown_error(list(dict.fromkeys(missing)))
    _check_distinct(texts, keys)  # compared as vocabulary keys: "King" may be "king"
    return keys  # type: ignore[return-value]


def check_language(language: str | None) -> str | None:
    """``language`` if it is a known choice, else an InputError listing the choices."""
    if language not in LANGUAGES:
        raise InputError(
            f"Unknown language: '{language}'. Must be one of: {list(LANGUAGES)} "
            "(None = all words, 'auto' = the language of a, b and c)."
        )
    return language


def _resolve_language(model: WordModel, keys: list[str], language: str | None) -> str | None:
    """The language the answers are restricted to, or None for the whole vocabulary."""
    check_language(language)
    if language is None or not model.languages:
        return None  # an untagged vocabulary (GloVe...) is one language already
    if language != "auto":
        model.language_mask(language)  # InputError when the vocabulary has none
        return language
    tags = [model.word_languages(k) for k in keys]
    common = [lang for lang in tags[0] if all(lang in t for t in tags[1:])]
    if not common:
        return None  # the inputs mix languages: search everything
    # Words of both lists (Portugal, Paris, animal): the language most inputs are used in.
    return max(common, key=lambda lang: sum(t[:1] == (lang,) for t in tags))


def analogy_language(
    model: Encoder, a: str, b: str, c: str, *, language: str | None = "auto"
) -> str | None:
    """The language :func:`analogy` restricts the answers to, or None for all words.

    ``"auto"`` is the language the three inputs share (of two shared ones, the language
    most of them are used in most); None when they share none or the vocabulary has no
    language tags.

    Example:
        >>> analogy_language(use_words, "homem", "rei", "mulher")  # doctest: +SKIP
        'pt'
    """
    words = _word_model(model)
    return _resolve_language(words, _keys(words, a, b, c), language)


def _check_restrict(restrict_vocab: int | None, size: int) -> int:
    if restrict_vocab is None or restrict_vocab == 0:
        return size
    if restrict_vocab < 0:
        raise InputError(
            f"restrict_vocab must be positive (or None for all); got {restrict_vocab}."
        )
    return min(int(restrict_vocab), size)


def _unit(kv: KeyedVectors, index: int) -> NDArray[np.float32]:
    """A vocabulary vector scaled to unit length, exactly as gensim's ``get_vector(norm=True)``."""
    from embedlab.neighbours import normalize

    return normalize(kv.vectors[index], norms=kv.norms[index])


def offset_queries(
    a: NDArray[np.float32], b: NDArray[np.float32], c: NDArray[np.float32]
) -> NDArray[np.float32]:
    """Unit ``b − a + c`` per row, rounded exactly as gensim's ``most_similar`` builds its mean.

    Args:
        a, b, c: ``(q, d)`` unit vectors.

    Returns:
        float32 ``(q, d)``.
    """
    f64 = np.float64
    # gensim adds the weighted unit vectors one by one into a float32 mean (b, then c, then −a),
    # divides by the total weight 3 in float64 and normalises in float64.
    mean = (b.astype(f64) + c.astype(f64)).astype(np.float32)
    mean = (mean.astype(f64) - a.astype(f64)).astype(np.float32).astype(f64) / 3.0
    norms = np.linalg.norm(mean, axis=-1, keepdims=True)
    return np.divide(mean, norms, out=np.zeros_like(mean), where=norms > 0).astype(np.float32)


def scores_against(
    vectors: NDArray[np.float32],
    norms: NDArray[np.float32],
    a: NDArray[np.float32],
    b: NDArray[np.float32],
    c: NDArray[np.float32],
    *,
    method: Method = "3cosadd",
) -> NDArray[np.float32]:
    """Scores of every candidate for each question (higher = better answer).

    Args:
        vectors: ``(n, d)`` candidate vectors (any length).
        norms: ``(n,)`` their lengths.
        a, b, c: ``(q, d)`` unit vectors of the questions' inputs.
        method: ``"3cosadd"`` or ``"3cosmul"``.

    Returns:
        float32 ``(q, n)``; candidates with a zero vector score ``-inf``.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        # In place, in gensim's order of operations: same numbers, a third of the memory.
        if method == "3cosadd":
            scores = offset_queries(a, b, c) @ vectors.T
            np.divide(scores, norms, out=scores)
        else:
            check_method(method)
            scores = _shifted_cosines(b, vectors, norms)
            scores *= _shifted_cosines(c, vectors, norms)
            below = _shifted_cosines(a, vectors, norms)
            below += np.float32(_EPS)
            scores /= below
    zero = np.flatnonzero(norms == 0)
    if zero.size:
        scores[:, zero] = -np.inf
    return scores


def _shifted_cosines(
    x: NDArray[np.float32], vectors: NDArray[np.float32], norms: NDArray[np.float32]
) -> NDArray[np.float32]:
    """``(1 + cos) / 2`` of each row of ``x`` with every vector: ``(q, n)`` in [0, 1]."""
    out = x @ vectors.T
    np.divide(out, norms, out=out)
    out += 1
    out /= 2
    return out


def _word_scores(
    model: WordModel,
    keys: list[str],
    method: Method,
    restrict_vocab: int | None,
    language: str | None = None,
) -> tuple[NDArray[np.float32], list[int]]:
    """Scores of the first ``restrict_vocab`` vocabulary words and the inputs' indices;
    words outside ``language`` (a resolved language or None) score ``-inf``."""
    kv = model.kv
    kv.fill_norms()  # computed once by gensim and kept on the KeyedVectors
    n = _check_restrict(restrict_vocab, len(kv.index_to_key))
    idx = [kv.key_to_index[k] for k in keys]
    a, b, c = (_unit(kv, i)[None, :] for i in idx)
    scores = scores_against(kv.vectors[:n], kv.norms[:n], a, b, c, method=method)[0]
    scores = np.nan_to_num(scores, nan=-np.inf)
    if language is not None:
        scores[~model.language_mask(language)[:n]] = -np.inf
    return scores, idx


def _top(scores: NDArray[np.float32], topn: int) -> NDArray[np.intp]:
    """Indices of the ``topn`` highest finite scores, best first."""
    k = min(topn, len(scores))
    part = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
    best = part[np.argsort(-scores[part], kind="stable")]
    return best[np.isfinite(scores[best])]


def _check_topn(topn: int) -> None:
    if int(topn) < 1:
        raise InputError(f"topn must be at least 1; got {topn}.")


def analogy(
    model: Encoder,
    a: str,
    b: str,
    c: str,
    *,
    method: Method = "3cosadd",
    topn: int = 5,
    exclude_inputs: bool = True,
    restrict_vocab: int | None = None,
    language: str | None = None,
) -> list[tuple[str, float]]:
    """Solve "a is to b as c is to ?" in a word model's vocabulary.

    Args:
        model: a word model (:class:`embedlab.WordModel`).
        a, b, c: the three words (looked up as typed, then lowercased).
        method: ``"3cosadd"`` (cosine to ``b − a + c``) or ``"3cosmul"`` (Levy & Goldberg).
        topn: how many answers.
        exclude_inputs: leave a, b and c out of the answers. Without this the top answer is
            usually b or c itself, since ``b − a + c`` stays close to both.
        restrict_vocab: search only the first (most frequent) words; None = all.
        language: with a vocabulary tagged by language (``use-words``), answer only with
            words of ``"pt"`` or ``"en"``, or ``"auto"``: the language of a, b and c (see
            :func:`analogy_language`). None = all words. Untagged vocabularies ignore it.

    Returns:
        ``[(word, score), ...]``, best first, at most ``topn`` long.

    Raises:
        UnknownWordError: a word is not in the vocabulary (with close spellings).
        InputError: an empty or repeated input, a sentence model, bad ``method``, ``topn``
            or ``language``.

    Example:
        >>> analogy(glove, "man", "king", "woman")[0][0]  # doctest: +SKIP
        'queen'
        >>> analogy(use_words, "homem", "rei", "mulher", language="auto")[0][0]  # doctest: +SKIP
        'rainha'
    """
    check_method(method)
    _check_topn(topn)
    words = _word_model(model)
    keys = _keys(words, a, b, c)
    restricted = _resolve_language(words, keys, language)
    scores, idx = _word_scores(words, keys, method, restrict_vocab, restricted)
    if exclude_inputs:
        scores[[i for i in idx if i < len(scores)]] = -np.inf
    names = words.kv.index_to_key
    return [(str(names[i]), float(scores[i])) for i in _top(scores, int(topn))]


def _clean_candidates(candidates: Sequence[str]) -> list[str]:
    if isinstance(candidates, str):
        candidates = candidates.splitlines()
    cleaned = list(dict.fromkeys(s.strip() for s in candidates if s and s.strip()))
    if not cleaned:
        raise InputError(
            "Give at least one candidate answer (one per line), e.g. queen, princess, prince."
        )
    return cleaned


def _text_scores(
    model: Encoder,
    texts: list[str],
    candidates: list[str],
    method: Method,
) -> NDArray[np.float32]:
    from embedlab.neighbours import normalize

    X = np.asarray(model.encode([*texts, *candidates]), dtype=np.float32)
    a, b, c = (normalize(X[i : i + 1]) for i in range(3))
    C = X[3:]
    norms = np.linalg.norm(C, axis=1).astype(np.float32)
    return np.nan_to_num(scores_against(C, norms, a, b, c, method=method)[0], nan=-np.inf)


def analogy_texts(
    model: Encoder,
    a: str,
    b: str,
    c: str,
    candidates: Sequence[str],
    *,
    method: Method = "3cosadd",
    topn: int = 5,
    exclude_inputs: bool = True,
) -> list[tuple[str, float]]:
    """Solve "a is to b as c is to ?" by ranking candidate texts (any model).

    The texts are encoded with ``model`` and the candidates scored as in :func:`analogy`.
    This is how sentence models, which have no vocabulary, answer analogies.

    Args:
        model: any model with ``encode``.
        a, b, c: the three texts (words or sentences).
        candidates: the possible answers (blank and repeated entries dropped).
        method: ``"3cosadd"`` or ``"3cosmul"``.
        topn: how many answers.
        exclude_inputs: leave candidates equal to a, b or c (ignoring case) out.

    Returns:
        ``[(candidate, score), ...]``, best first.

    Raises:
        InputError: empty or repeated inputs, no candidates left, bad ``method`` or ``topn``.
        UnknownWordError: a word model does not know a word of the texts.
    """
    check_method(method)
    _check_topn(topn)
    texts = _clean_inputs(a, b, c)
    pool = _clean_candidates(candidates)
    if exclude_inputs:
        inputs = {t.casefold() for t in texts}
        pool = [p for p in pool if p.casefold() not in inputs]
        if not pool:
            raise InputError(
                "Every candidate is one of the inputs: add other candidates or untick "
                "'exclude the input words'."
            )
    scores = _text_scores(model, texts, pool, method)
    return [(pool[i], float(scores[i])) for i in _top(scores, int(topn))]


def expected_answer(
    model: Encoder,
    a: str,
    b: str,
    c: str,
    expected: str,
    *,
    method: Method = "3cosadd",
    exclude_inputs: bool = True,
    restrict_vocab: int | None = None,
    candidates: Sequence[str] | None = None,
    language: str | None = None,
) -> ExpectedAnswer:
    """Rank, score and gap to the top answer of the answer you expected.

    Args:
        model: a word model, or any model when ``candidates`` are given.
        a, b, c: the analogy's inputs.
        expected: the answer you expected (e.g. ``"queen"``).
        method, exclude_inputs, restrict_vocab, language: as in :func:`analogy`.
        candidates: rank among these texts (as :func:`analogy_texts`); ``expected`` is
            added to them when missing.

    Returns:
        An :class:`ExpectedAnswer`.

    Raises:
        InputError: empty expected answer, it is an input while inputs are excluded, or it
            is not a word of the language the answers are restricted to.
        UnknownWordError: a word is not in the vocabulary.
    """
    check_method(method)
    expected = str(expected).strip()
    if not expected:
        raise InputError("Type the answer you expect (e.g. queen), or leave the box empty.")
    if candidates is not None:
        texts = _clean_inputs(a, b, c)
        pool = _clean_candidates([*candidates, expected])
        inputs = {t.casefold() for t in texts}
        if exclude_inputs and expected.casefold() in inputs:
            raise _expected_is_input(expected)
        if exclude_inputs:
            pool = [p for p in pool if p.casefold() not in inputs]
        scores = _text_scores(model, texts, pool, method)
        names = pool
        target = next(i for i, p in enumerate(pool) if p.casefold() == expected.casefold())
    else:
        words = _word_model(model)
        keys = _keys(words, a, b, c)
        key = words.key(expected)
        if key is None:
            raise words.unknown_error([expected])
        if exclude_inputs and key in keys:
            raise _expected_is_input(expected)
        restricted = _resolve_language(words, keys, language)
        scores, idx = _word_scores(words, keys, method, restrict_vocab, restricted)
        target = words.kv.key_to_index[key]
        if target >= len(scores):
            raise InputError(
                f"'{expected}' is word number {target + 1:,} of {words.name}, outside the "
                f"{len(scores):,} most frequent words searched. Search more words."
            )
        if restricted is not None and not words.language_mask(restricted)[target]:
            raise InputError(
                f"'{expected}' is not among the '{restricted}' words of {words.name}: the "
                "answers are restricted to that language. Search all languages to see where "
                "it ranks."
            )
        if exclude_inputs:
            scores[[i for i in idx if i < len(scores)]] = -np.inf
        names = words.kv.index_to_key
    score = float(scores[target])
    best = int(np.argmax(scores))
    return ExpectedAnswer(
        word=str(names[target]),
        rank=int(np.sum(scores > scores[target])) + 1,
        score=score,
        top_word=str(names[best]),
        top_score=float(scores[best]),
        gap=float(scores[best]) - score,
        searched=int(np.sum(np.isfinite(scores))),
    )


def _expected_is_input(expected: str) -> InputError:
    return InputError(
        f"'{expected}' is one of the inputs, which are left out of the answers. Untick "
        "'exclude the input words' to see where it ranks."
    )


def parallelogram(X: NDArray[np.floating]) -> NDArray[np.float32]:
    """2-D coordinates that show an analogy as a parallelogram.

    The rows are scaled to unit length (as the solvers see them), the ideal point
    ``b − a + c`` is appended, and everything is projected on its first two principal
    components, turned so that the a → b arrow points right.

    Args:
        X: ``(k, d)`` vectors of a, b, c, the answer and optionally more words (k ≥ 4).

    Returns:
        float32 ``(k + 1, 2)``: the rows of ``X`` and then ``b − a + c``.

    Raises:
        InputError: fewer than 4 rows.
    """
    from embedlab.neighbours import normalize
    from embedlab.projection import project

    X = np.asarray(X, dtype=np.float32)
    if X.ndim != 2 or len(X) < 4:
        raise InputError(f"The picture needs a, b, c and an answer (4 vectors); got {len(X)}.")
    U = normalize(X)
    points = np.vstack([U, U[1] - U[0] + U[2]])
    if points.shape[1] < 2:  # a 1-d model: its one axis is the whole picture
        points = np.hstack([points, np.zeros_like(points)])
    coords = project(points, method="pca").astype(np.float64)
    # PCA's orientation is arbitrary: rotate so a → b points right, then mirror if needed.
    ab = coords[1] - coords[0]
    angle = np.arctan2(ab[1], ab[0]) if np.linalg.norm(ab) > 1e-9 else 0.0
    rot = np.array([[np.cos(-angle), -np.sin(-angle)], [np.sin(-angle), np.cos(-angle)]])
    coords = coords @ rot.T
    if coords[2, 1] > coords[0, 1]:  # c drawn below a: the two pairs read top to bottom
        coords[:, 1] *= -1
    return coords.astype(np.float32)


@dataclass(frozen=True)
class Solution:
    """Everything a page shows about one analogy (see :func:`solve`).

    Attributes:
        answers: ``[(word, score), ...]`` best first.
        expected: where the expected answer ranks, or None.
        expected_problem: why the expected answer could not be ranked (a sentence for the
            user: unknown word, an excluded input...), or None.
        words: the picture's points: a, b, c, the top answer and, when ranked and
            different from it, the expected answer.
        coords: ``(len(words) + 1, 2)`` from :func:`parallelogram` (last row ``b − a + c``).
        language: the language the answers were restricted to, or None (all words).
    """

    answers: list[tuple[str, float]]
    expected: ExpectedAnswer | None
    expected_problem: str | None
    words: list[str]
    coords: NDArray[np.float32]
    language: str | None = None


def solve(
    model: Encoder,
    a: str,
    b: str,
    c: str,
    *,
    method: Method = "3cosadd",
    topn: int = 5,
    exclude_inputs: bool = True,
    restrict_vocab: int | None = None,
    candidates: Sequence[str] | None = None,
    expected: str | None = None,
    language: str | None = None,
) -> Solution:
    """Answer an analogy, rank an expected answer and lay out its picture, in one call.

    Word models search their vocabulary (:func:`analogy`); with ``candidates`` any model
    ranks those texts (:func:`analogy_texts`; ``language`` is then ignored). A problem with
    ``expected`` alone does not fail the call: it is described in ``expected_problem``.

    Raises:
        UnknownWordError, InputError: as :func:`analogy` / :func:`analogy_texts`.
    """
    from embedlab.errors import EmbedlabError

    if candidates is None:
        answers = analogy(
            model,
            a,
            b,
            c,
            method=method,
            topn=topn,
            exclude_inputs=exclude_inputs,
            restrict_vocab=restrict_vocab,
            language=language,
        )
        inputs = _keys(_word_model(model), a, b, c)
        restricted = _resolve_language(_word_model(model), inputs, language)
    else:
        answers = analogy_texts(
            model, a, b, c, candidates, method=method, topn=topn, exclude_inputs=exclude_inputs
        )
        inputs = _clean_inputs(a, b, c)
        restricted = None
    if not answers:
        raise InputError("No answer: the searched vocabulary holds only the inputs.")
    found, problem = None, None
    if expected and str(expected).strip():
        try:
            found = expected_answer(
                model,
                a,
                b,
                c,
                expected,
                method=method,
                exclude_inputs=exclude_inputs,
                restrict_vocab=restrict_vocab,
                candidates=candidates,
                language=None if candidates is not None else language,
            )
        except EmbedlabError as err:
            problem = str(err)
    words = [*inputs, answers[0][0]]
    if found is not None and found.word != answers[0][0] and found.word not in inputs:
        words.append(found.word)
    vectors = model.kv if candidates is None else None  # type: ignore[attr-defined]
    X = np.stack([vectors[w] for w in words]) if vectors is not None else model.encode(words)
    return Solution(answers, found, problem, words, parallelogram(X), restricted)
