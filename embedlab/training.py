"""Train your own word vectors (Word2Vec or FastText) on a corpus, and compare trainings.

The flow: :func:`prepare_corpus` turns texts into tokenised sentences once (lowercasing,
stop words, phrases), :func:`estimate_training_seconds` says how long a training will take,
:func:`train_word_vectors` trains and returns a :class:`TrainedWordModel` — a
:class:`~embedlab.models.WordModel` like the catalogue's, so every page can use it.

Reproducibility: with a fixed ``seed`` and ``workers=1``, the same corpus and settings
give the same vectors (gensim's threads otherwise race for the corpus).
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from embedlab.errors import InputError
from embedlab.models import Progress, WordModel
from embedlab.tokens import detect_phrases, split_long, stop_words, tokenize

if TYPE_CHECKING:
    import pandas as pd
    from gensim.models import KeyedVectors

Algorithm = Literal["word2vec", "fasttext"]
ALGORITHMS: tuple[Algorithm, ...] = ("word2vec", "fasttext")
SHORT_NAMES: dict[str, str] = {"word2vec": "w2v", "fasttext": "ft"}

_PLAIN_WORD = re.compile(r"^\w[\w'’-]*$")

# FastText hashes character n-grams into this many rows. gensim's default (2 million) costs
# 800 MB at 100 dimensions; a user's corpus has far fewer distinct n-grams than that.
FASTTEXT_BUCKETS = 100_000


@dataclass(frozen=True)
class Parameter:
    """A numeric training parameter: its range, default and a one-line explanation."""

    name: str
    label: str
    low: int
    high: int
    default: int
    help: str


PARAMETERS: dict[str, Parameter] = {
    p.name: p
    for p in (
        Parameter(
            "vector_size",
            "Vector size",
            2,
            1000,
            100,
            "Dimensions of each word vector: more dimensions can hold finer distinctions but "
            "need more text to fill.",
        ),
        Parameter(
            "window",
            "Window",
            1,
            50,
            5,
            "How many words on each side of the target word count as its context. Small "
            "windows find words that can replace each other; large ones, words of one topic.",
        ),
        Parameter(
            "min_count",
            "Minimum count",
            1,
            1000,
            5,
            "Ignore words that occur fewer times than this: a word seen twice gets a poor vector.",
        ),
        Parameter(
            "epochs",
            "Epochs",
            1,
            100,
            5,
            "How many passes over the corpus: a small corpus needs more passes.",
        ),
        Parameter(
            "negative",
            "Negative samples",
            1,
            30,
            5,
            "Negative sampling: each real (word, context) pair is contrasted with this many "
            "random 'noise' words; 5–20 for small corpora, 2–5 for large ones.",
        ),
        Parameter(
            "seed",
            "Seed",
            0,
            2**31 - 1,
            0,
            "Starting point of the random numbers: the same seed, corpus and settings give the "
            "same vectors (with one thread).",
        ),
        Parameter(
            "workers",
            "Threads",
            1,
            8,
            1,
            "Worker threads: more are faster, but only one thread gives reproducible vectors.",
        ),
    )
}

SG_HELP = (
    "Skip-gram predicts the context from the word — better for rare words and small corpora. "
    "CBOW predicts the word from its context — faster, better for frequent words."
)
ALGORITHM_HELP = (
    "Word2Vec learns one vector per word. FastText also learns vectors for pieces of words "
    "(3 to 6 letters), so it can embed words it never saw (typos, rare inflections: 'cantaríamos')."
)


@dataclass(frozen=True)
class TrainingParams:
    """The settings of one training (see :data:`PARAMETERS` for ranges and meaning)."""

    algorithm: Algorithm = "word2vec"
    vector_size: int = 100
    window: int = 5
    min_count: int = 5
    sg: int = 0
    epochs: int = 5
    seed: int = 0
    negative: int = 5
    workers: int = 1

    def __post_init__(self) -> None:
        if self.algorithm not in ALGORITHMS:
            raise InputError(
                f"Unknown algorithm: '{self.algorithm}'. Must be one of: {list(ALGORITHMS)}."
            )
        if self.sg not in (0, 1):
            raise InputError(f"sg must be 0 (CBOW) or 1 (Skip-gram); you gave {self.sg!r}.")
        for name, spec in PARAMETERS.items():
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise InputError(f"{name} must be a whole number; you gave {value!r}.")
            if not spec.low <= value <= spec.high:
                raise InputError(
                    f"{name} must be between {spec.low:,} and {spec.high:,}; you gave {value:,}."
                )

    def key(self) -> str:
        """A stable text form of the settings, for hashing."""
        return json.dumps(asdict(self), sort_keys=True)


@dataclass(frozen=True)
class Corpus:
    """Tokenised sentences ready to train on, and their counts.

    Attributes:
        sentences: lists of words (texts longer than 10,000 words are split).
        counts: how often each word occurs.
        n_texts: texts that had at least one word.
        n_tokens: words in all.
        source: where the texts came from (a file name), used in model names.
        lowercase, remove_stopwords, phrases: the tokenisation options used.
        fingerprint: a hash of the texts and the options.
    """

    sentences: list[list[str]]
    counts: Counter[str]
    n_texts: int
    n_tokens: int
    source: str
    lowercase: bool
    remove_stopwords: bool | str
    phrases: bool
    fingerprint: str

    @property
    def n_distinct(self) -> int:
        """Distinct words."""
        return len(self.counts)

    def vocabulary_size(self, min_count: int) -> int:
        """How many distinct words occur at least ``min_count`` times."""
        return sum(1 for c in self.counts.values() if c >= min_count)

    def most_common(self, n: int = 10) -> list[tuple[str, int]]:
        """The ``n`` most frequent words with their counts."""
        return self.counts.most_common(n)


def _stop_languages(remove_stopwords: bool | str) -> tuple[str, ...]:
    if remove_stopwords is True:
        return ("pt", "en")
    if remove_stopwords in ("pt", "en"):
        return (str(remove_stopwords),)
    if remove_stopwords is False:
        return ()
    raise InputError(
        f"remove_stopwords must be True, False, 'pt' or 'en'; you gave {remove_stopwords!r}."
    )


def prepare_corpus(
    texts: Sequence[str],
    *,
    lowercase: bool = True,
    remove_stopwords: bool | Literal["pt", "en"] = False,
    phrases: bool = False,
    source: str = "your text",
) -> Corpus:
    """Tokenise texts for training.

    Args:
        texts: the corpus, one text (a line, a paragraph, a document) per item. A word's
            context never crosses from one text to the next.
        lowercase: lowercase every word ("Brasil" and "brasil" become one word).
        remove_stopwords: drop stop words: ``True`` for Portuguese and English, or
            ``"pt"`` / ``"en"`` for one list. Done after phrase detection, so
            "rio de janeiro" can still become "rio_de_janeiro".
        phrases: join frequent word pairs into one token with gensim ``Phrases``
            ("são paulo" → "são_paulo").
        source: a short name for the corpus (a file name), shown in model names.

    Returns:
        A :class:`Corpus`.

    Raises:
        InputError: ``texts`` is a single string, or holds no word at all.
    """
    if isinstance(texts, str):
        raise InputError("texts must be a list of texts, not one string: use [text].")
    languages = _stop_languages(remove_stopwords)
    digest = hashlib.sha256()
    sentences: list[list[str]] = []
    n_texts = 0
    for text in texts:
        text = str(text)
        digest.update(text.encode("utf-8", "surrogatepass") + b"\x00")
        words = tokenize(text, lowercase=lowercase)
        if words:
            n_texts += 1
            sentences.extend(split_long(words))
    if not sentences:
        raise InputError(
            f"The corpus ({len(texts):,} texts) has no words at all. Choose a text file with "
            "sentences in it."
        )
    if phrases:
        sentences = detect_phrases(sentences)
    if languages:
        stop = stop_words(languages)  # type: ignore[arg-type]
        sentences = [kept for s in sentences if (kept := [w for w in s if w.lower() not in stop])]
        if not sentences:
            raise InputError("Every word of the corpus is a stop word. Untick 'remove stop words'.")
    options = json.dumps([lowercase, remove_stopwords, phrases])
    digest.update(options.encode())
    counts: Counter[str] = Counter()
    for s in sentences:
        counts.update(s)
    return Corpus(
        sentences=sentences,
        counts=counts,
        n_texts=n_texts,
        n_tokens=sum(counts.values()),
        source=source,
        lowercase=lowercase,
        remove_stopwords=remove_stopwords,
        phrases=phrases,
        fingerprint=digest.hexdigest(),
    )


@dataclass(frozen=True)
class EpochReport:
    """What is known after one epoch.

    Attributes:
        epoch: epochs done (1-based).
        epochs: epochs in all.
        loss: this epoch's training loss (Word2Vec only; ``None`` for FastText).
        seconds: time since training started.
    """

    epoch: int
    epochs: int
    loss: float | None
    seconds: float


class TrainedWordModel(WordModel):
    """A :class:`WordModel` trained here, with what made it.

    Attributes:
        params: the :class:`TrainingParams`.
        source, n_tokens, n_texts: facts about the corpus.
        losses: the loss of each epoch (empty for FastText: gensim does not report it).
        seconds: training time (vocabulary building included).
        words_per_second: corpus words processed per second (all epochs).
        summary: the name without the algorithm prefix ("lee.cor, CBOW, window 5, ...").
    """

    def __init__(
        self,
        kv: KeyedVectors,
        *,
        id: str,
        name: str,
        params: TrainingParams,
        corpus: Corpus,
        losses: list[float],
        seconds: float,
        summary: str,
    ) -> None:
        super().__init__(kv, id=id, name=name)
        self.params = params
        self.source = corpus.source
        self.n_tokens = corpus.n_tokens
        self.n_texts = corpus.n_texts
        self.losses = losses
        self.seconds = seconds
        self.words_per_second = corpus.n_tokens * params.epochs / max(seconds, 1e-9)
        self.summary = summary

    def __repr__(self) -> str:
        return f"TrainedWordModel(id={self.id!r}, words={len(self):,}, dim={self.dim})"


def _summary(params: TrainingParams, corpus: Corpus) -> str:
    parts = [
        corpus.source,
        "skip-gram" if params.sg else "CBOW",
        f"window {params.window}",
        f"{params.vector_size}-d",
        f"min_count {params.min_count}",
        f"{params.epochs} epochs",
    ]
    if params.negative != PARAMETERS["negative"].default:
        parts.append(f"negative {params.negative}")
    if params.seed:
        parts.append(f"seed {params.seed}")
    if corpus.phrases:
        parts.append("phrases")
    if corpus.remove_stopwords:
        parts.append("no stop words")
    if not corpus.lowercase:
        parts.append("case kept")
    return ", ".join(parts)


def check_vocabulary(corpus: Corpus, min_count: int) -> None:
    """Refuse a ``min_count`` that leaves fewer than 2 words to train.

    Raises:
        InputError: naming ``min_count``, the corpus size and a value that works.
    """
    size = corpus.vocabulary_size(min_count)
    if size >= 2:
        return
    top_word, top_count = corpus.most_common(1)[0]
    second = corpus.most_common(2)[-1][1]
    found = "No word occurs" if size == 0 else "Only one word ('" + top_word + "') occurs"
    suggestion = max(1, min(second, min_count - 1))
    raise InputError(
        f"{found} at least {min_count:,} times (min_count = {min_count:,}) in this corpus of "
        f"{corpus.n_tokens:,} words ({corpus.n_distinct:,} distinct; the most frequent, "
        f"'{top_word}', occurs {top_count:,} times). Lower min_count to {suggestion} or add "
        "more text."
    )


def _model_id(params: TrainingParams, corpus: Corpus) -> str:
    digest = hashlib.sha256(f"{corpus.fingerprint}|{params.key()}".encode()).hexdigest()
    return f"{SHORT_NAMES[params.algorithm]}-{digest[:12]}"


def train_word_vectors(
    texts: Sequence[str] | Corpus,
    *,
    algorithm: Algorithm = "word2vec",
    vector_size: int = 100,
    window: int = 5,
    min_count: int = 5,
    sg: int = 0,
    epochs: int = 5,
    seed: int = 0,
    negative: int = 5,
    workers: int = 1,
    lowercase: bool = True,
    remove_stopwords: bool | Literal["pt", "en"] = False,
    phrases: bool = False,
    source: str = "your text",
    progress: Progress | None = None,
    on_epoch: Callable[[EpochReport], None] | None = None,
) -> TrainedWordModel:
    """Train Word2Vec or FastText word vectors on a corpus.

    Args:
        texts: the texts (tokenised with :func:`prepare_corpus` and the options below), or
            a :class:`Corpus` prepared earlier (then ``lowercase``, ``remove_stopwords``,
            ``phrases`` and ``source`` come from it and these arguments are ignored).
        algorithm: ``"word2vec"``, or ``"fasttext"`` (also embeds unseen words from their
            pieces).
        vector_size, window, min_count, epochs, seed, negative, workers: see
            :data:`PARAMETERS` for meaning and allowed ranges.
        sg: 1 for Skip-gram, 0 for CBOW (see :data:`SG_HELP`).
        lowercase, remove_stopwords, phrases, source: see :func:`prepare_corpus`.
        progress: called as ``progress(epochs_done, epochs)`` after each epoch.
        on_epoch: called with an :class:`EpochReport` (with the loss) after each epoch.
            Either callback may raise to stop the training: the exception propagates.

    Returns:
        A :class:`TrainedWordModel` whose ``id`` (e.g. ``"w2v-3f2a..."``) is the same for
        the same corpus and settings, and whose ``name`` describes it
        (``"w2v: lee_background.cor, skip-gram, window 5, 100-d, ..."``).

    Raises:
        InputError: a parameter outside its range (named, with the range), or no word
            occurs ``min_count`` times (the message suggests a lower value).

    Example:
        >>> texts = ["o gato bebe leite", "o cão bebe água"] * 20
        >>> m = train_word_vectors(texts, vector_size=8, min_count=2, epochs=2)
        >>> "gato" in m, m.dim
        (True, 8)
    """
    params = TrainingParams(
        algorithm=algorithm,
        vector_size=vector_size,
        window=window,
        min_count=min_count,
        sg=sg,
        epochs=epochs,
        seed=seed,
        negative=negative,
        workers=workers,
    )
    corpus = (
        texts
        if isinstance(texts, Corpus)
        else prepare_corpus(
            texts,
            lowercase=lowercase,
            remove_stopwords=remove_stopwords,
            phrases=phrases,
            source=source,
        )
    )
    check_vocabulary(corpus, min_count)

    started = time.perf_counter()
    model = _new_gensim_model(params)
    model.build_vocab(corpus.sentences)
    losses: list[float] = []
    callback = _epoch_callback(params, started, losses, progress, on_epoch)
    model.train(
        corpus.sentences,
        total_examples=model.corpus_count,
        epochs=params.epochs,
        compute_loss=params.algorithm == "word2vec",
        callbacks=[callback],
    )
    seconds = time.perf_counter() - started
    summary = _summary(params, corpus)
    short = "w2v" if params.algorithm == "word2vec" else "fastText"
    return TrainedWordModel(
        model.wv,  # the vectors only: the training weights are not needed any more
        id=_model_id(params, corpus),
        name=f"{short}: {summary}",
        params=params,
        corpus=corpus,
        losses=losses,
        seconds=seconds,
        summary=summary,
    )


def _new_gensim_model(params: TrainingParams, *, min_count: int | None = None) -> Any:
    from gensim.models import FastText, Word2Vec

    kwargs: dict[str, Any] = dict(
        vector_size=params.vector_size,
        window=params.window,
        min_count=params.min_count if min_count is None else min_count,
        sg=params.sg,
        epochs=params.epochs,
        seed=params.seed,
        negative=params.negative,
        workers=params.workers,
    )
    if params.algorithm == "fasttext":
        return FastText(bucket=FASTTEXT_BUCKETS, **kwargs)
    return Word2Vec(**kwargs)


def _epoch_callback(
    params: TrainingParams,
    started: float,
    losses: list[float],
    progress: Progress | None,
    on_epoch: Callable[[EpochReport], None] | None,
) -> Any:
    from gensim.models.callbacks import CallbackAny2Vec

    class EpochCallback(CallbackAny2Vec):
        """Reports each epoch; gensim's loss is a running total, so take differences."""

        def __init__(self) -> None:
            self.epoch = 0
            self.total = 0.0

        def on_epoch_end(self, model: Any) -> None:
            self.epoch += 1
            loss = None
            if params.algorithm == "word2vec":
                running = float(model.get_latest_training_loss())
                loss = running - self.total
                self.total = running
                losses.append(loss)
            if progress is not None:
                progress(self.epoch, params.epochs)
            if on_epoch is not None:
                on_epoch(
                    EpochReport(self.epoch, params.epochs, loss, time.perf_counter() - started)
                )

    return EpochCallback()


@dataclass(frozen=True)
class TrainingSpeed:
    """How fast a training runs on this machine, measured on a sample of the corpus.

    Attributes:
        words_per_second: corpus words one epoch processes per second.
        overhead_seconds: time that does not grow with epochs: reading the corpus for the
            vocabulary, and FastText rebuilding every word's vector from its pieces at the end.
    """

    words_per_second: float
    overhead_seconds: float


def measure_training_speed(
    corpus: Corpus, params: TrainingParams, *, sample_words: int = 20_000
) -> TrainingSpeed:
    """Measure this training's speed on about ``sample_words`` words of the corpus.

    The sample takes every k-th text, so it has the corpus's mix of words (a corpus whose
    later files lack stop words trains slower per word: fewer are subsampled away). It is
    trained for two epochs with the whole corpus's vocabulary (so the weight matrices, and
    how often they miss the CPU cache, are the real ones); the second epoch gives the speed.
    """
    step = max(1, corpus.n_tokens // sample_words)
    sample = corpus.sentences[::step]
    taken = sum(len(s) for s in sample)
    model = _new_gensim_model(params)
    model.build_vocab_from_freq(dict(corpus.counts), corpus_count=len(sample))
    from gensim.models.callbacks import CallbackAny2Vec

    stamps: list[float] = []

    class Stopwatch(CallbackAny2Vec):
        def on_epoch_end(self, model: Any) -> None:
            stamps.append(time.perf_counter())

    model.train(sample, total_examples=len(sample), epochs=2, callbacks=[Stopwatch()])
    finished = time.perf_counter()
    per_epoch = max(stamps[1] - stamps[0], 1e-6)
    # Reading the whole corpus to count words runs at roughly 2 million words per second.
    return TrainingSpeed(taken / per_epoch, finished - stamps[1] + corpus.n_tokens / 2e6)


def estimate_training_seconds(
    corpus: Corpus, params: TrainingParams, *, speed: TrainingSpeed | None = None
) -> float:
    """Roughly how long :func:`train_word_vectors` will take.

    words × epochs / words-per-second, plus the overhead that does not grow with epochs.

    Args:
        corpus: the prepared corpus.
        params: the settings to train with.
        speed: measured with :func:`measure_training_speed` when not given (a second or two).

    Returns:
        Seconds (an estimate: other work on the machine changes it).
    """
    speed = speed or measure_training_speed(corpus, params)
    return corpus.n_tokens * params.epochs / speed.words_per_second + speed.overhead_seconds


def corpus_texts(table: pd.DataFrame, column: str) -> list[str]:
    """The non-blank texts of one column of an uploaded table (see ``embedlab.read_upload``).

    Raises:
        InputError: no such column, or no text in it.
    """
    if column not in table.columns:
        raise InputError(
            f"There is no column '{column}'. Columns: {', '.join(map(str, table.columns))}."
        )
    texts = [str(v).strip() for v in table[column].tolist() if isinstance(v, str) and v.strip()]
    if not texts:
        raise InputError(f"Column '{column}' holds no text. Pick the column with the sentences.")
    return texts


def neighbour_table(model: WordModel, words: Sequence[str], *, topn: int = 8) -> pd.DataFrame:
    """Each word's nearest neighbours on one row: ``word, neighbours`` ("told 0.81, ...").

    Words the model does not know get "(not in the vocabulary)".
    """
    import pandas as pd

    rows = []
    for word in words:
        if word in model:
            pairs = model.most_similar(word, topn=topn)
            rows.append((word, ", ".join(f"{w} {s:.2f}" for w, s in pairs)))
        else:
            rows.append((word, "(not in the vocabulary)"))
    return pd.DataFrame(rows, columns=["word", f"{topn} nearest words (cosine)"])


def mean_cosine(model: WordModel, *, words: int = 200) -> float:
    """Average cosine between pairs of the model's ``words`` most frequent words.

    Near 1 means the vectors have barely moved apart from where training started them
    (too few epochs, too little text): every word then looks like every other.
    """
    import numpy as np

    keys = model.kv.index_to_key[:words]
    if len(keys) < 2:
        return 0.0
    from embedlab.neighbours import normalize

    X = normalize(np.stack([model.kv[k] for k in keys]))
    S = X @ X.T
    n = len(keys)
    return float((S.sum() - np.trace(S)) / (n * (n - 1)))


def training_hint(model: WordModel) -> str | None:
    """Advice when the vectors are barely separated (:func:`mean_cosine` above 0.9)."""
    value = mean_cosine(model)
    if value <= 0.9:
        return None
    return (
        f"The vectors have barely moved apart: two frequent words have cosine {value:.2f} on "
        "average, so every word's neighbours look alike. Train more epochs, try Skip-gram, "
        "or add more text."
    )


def frequent_words(model: WordModel, n: int = 5, *, skip_stop_words: bool = True) -> list[str]:
    """The ``n`` most frequent words of a model's vocabulary that carry meaning.

    gensim keeps a trained vocabulary (and most vector files) sorted by frequency; stop
    words, numbers and words shorter than 3 letters are skipped.
    """
    stop = stop_words(("pt", "en")) if skip_stop_words else frozenset()
    found: list[str] = []
    for word in model.kv.index_to_key:
        if (
            isinstance(word, str)
            and len(word) >= 3
            and _PLAIN_WORD.match(word)  # not "</s>", "said." (tokens of untidy files)
            and any(ch.isalpha() for ch in word)
            and word.lower() not in stop
        ):
            found.append(word)
            if len(found) == n:
                break
    return found


@dataclass(frozen=True)
class NeighbourComparison:
    """One word's nearest neighbours in two models, side by side.

    Attributes:
        word: the query word.
        a, b: ``(neighbour, cosine)`` pairs from each model (empty when the word is unknown).
        shared: neighbours in both lists, in model a's order.
        missing: ``"a"``, ``"b"`` or ``"both"`` when the word is unknown there, else ``None``.
    """

    word: str
    a: list[tuple[str, float]]
    b: list[tuple[str, float]]
    shared: list[str] = field(default_factory=list)
    missing: str | None = None

    @property
    def overlap(self) -> float:
        """Share of neighbours in common (0 to 1) between two lists of the same length."""
        size = max(len(self.a), len(self.b))
        return len(self.shared) / size if size else 0.0

    def table(self, name_a: str = "A", name_b: str = "B") -> pd.DataFrame:
        """The two lists as columns ``rank, <a>, cos <a>, <b>, cos <b>``, shared ones marked ✓."""
        import pandas as pd

        rows = max(len(self.a), len(self.b))
        shared = set(self.shared)

        def cell(pairs: list[tuple[str, float]], i: int) -> tuple[str, float | None]:
            if i >= len(pairs):
                return "", None
            word, score = pairs[i]
            return (f"{word} ✓" if word in shared else word), score

        records = [(i + 1, *cell(self.a, i), *cell(self.b, i)) for i in range(rows)]
        return pd.DataFrame(
            records, columns=["rank", name_a, f"cos {name_a}", name_b, f"cos {name_b}"]
        )


def compare_neighbours(
    a: WordModel, b: WordModel, words: Sequence[str], *, topn: int = 10
) -> list[NeighbourComparison]:
    """Each word's ``topn`` neighbours in two models, and which they share.

    Args:
        a, b: two word models (e.g. CBOW and Skip-gram trained on one corpus).
        words: query words; a word unknown to a model gets an empty list there.
        topn: neighbours per list.

    Returns:
        One :class:`NeighbourComparison` per word, in order.

    Raises:
        InputError: no words, or ``topn`` below 1.
    """
    words = [w.strip() for w in words if w.strip()]
    if not words:
        raise InputError("Type at least one word to compare, e.g. 'government'.")
    if topn < 1:
        raise InputError(f"topn must be at least 1; you gave {topn}.")
    out = []
    for word in words:
        list_a = a.most_similar(word, topn=topn) if word in a else []
        list_b = b.most_similar(word, topn=topn) if word in b else []
        in_b = {w for w, _ in list_b}
        missing = {(False, False): "both", (False, True): "a", (True, False): "b"}.get(
            (bool(list_a) or word in a, bool(list_b) or word in b)
        )
        out.append(
            NeighbourComparison(
                word=word,
                a=list_a,
                b=list_b,
                shared=[w for w, _ in list_a if w in in_b],
                missing=missing,
            )
        )
    return out
