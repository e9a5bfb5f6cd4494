"""compare_vectors / compare_models / procrustes / translation precision."""

from __future__ import annotations

import numpy as np
import pytest

import embedlab
from embedlab import compare
from embedlab.examples import COMPARE_PRESETS, TRANSLATION_PAIRS
from embedlab.plots.compare import compare_maps, pairs_map
from tests.conftest import TOPICS, make_sentence_model, make_word_model, real_model


def _random(n: int, d: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=(n, d)).astype(np.float32)


def _rotation(d: int, seed: int) -> np.ndarray:
    q, r = np.linalg.qr(np.random.default_rng(seed).normal(size=(d, d)))
    return (q * np.sign(np.diag(r))).astype(np.float32)


@pytest.mark.parametrize("transform", ["self", "rotation", "rotation_scaled", "wider"])
def test_the_same_geometry_scores_one_everywhere(transform):
    X = _random(200, 24, 0)
    Y = {
        "self": X,
        "rotation": X @ _rotation(24, 1),
        "rotation_scaled": 7.5 * X @ _rotation(24, 2),
        # more dimensions: X rotated inside a 40-d space
        "wider": np.hstack([X, np.zeros((200, 16), np.float32)]) @ _rotation(40, 3),
    }[transform]
    result = embedlab.compare_vectors(X, Y, k=10)
    assert result.overlap == pytest.approx(1.0, abs=1e-6)
    assert result.spearman == pytest.approx(1.0, abs=1e-6)
    assert result.cka == pytest.approx(1.0, abs=1e-6)
    assert (result.per_item["overlap"] == 1.0).all()
    assert (result.per_item["only_a"].map(len) == 0).all()


def test_independent_random_data_scores_near_zero():
    result = embedlab.compare_vectors(_random(1000, 16, 0), _random(1000, 32, 1), k=10)
    assert result.overlap < 0.02  # chance is about k / n = 0.01
    assert abs(result.spearman) < 0.05
    assert result.cka < 0.1


def test_procrustes_undoes_rotation_scaling_translation_and_reflection():
    rng = np.random.default_rng(0)
    Y = rng.normal(size=(40, 2))
    angle = 0.7
    R = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    for moved in (3.0 * Y @ R + [5.0, -2.0], Y * [-1, 1] + 10):
        aligned, disparity = embedlab.procrustes(Y, moved)
        assert disparity == pytest.approx(0.0, abs=1e-6)
        np.testing.assert_allclose(aligned, Y, atol=1e-5)
    Y3 = rng.normal(size=(30, 3))
    aligned, disparity = embedlab.procrustes(Y3, Y3 @ _rotation(3, 5) * 0.1)
    assert disparity == pytest.approx(0.0, abs=1e-6)
    assert aligned.dtype == np.float32 and aligned.shape == (30, 3)


def test_procrustes_disparity_matches_scipy_and_is_high_for_unrelated_maps():
    from scipy.spatial import procrustes as scipy_procrustes

    a, b = _random(50, 2, 1), _random(50, 2, 2)
    _, disparity = embedlab.procrustes(a, b)
    assert disparity == pytest.approx(scipy_procrustes(a, b)[2], abs=1e-6)
    assert disparity > 0.8


def test_procrustes_bad_input():
    with pytest.raises(embedlab.InputError, match=r"same shape"):
        embedlab.procrustes(np.zeros((5, 2)), np.zeros((5, 3)))
    with pytest.raises(embedlab.InputError, match="all its points in one place"):
        embedlab.procrustes(np.ones((5, 2)), _random(5, 2, 0))
    with pytest.raises(embedlab.TooFewPointsError, match="at least 2 points"):
        embedlab.procrustes(np.zeros((1, 2)), np.zeros((1, 2)))


def test_per_item_lists_what_each_model_puts_near_and_the_most_changed_first():
    X = np.array([[1, 0, 0], [0.99, 0.1, 0], [0, 1, 0], [0.1, 0.99, 0], [0.7, 0, 1]], np.float32)
    Y = X.copy()
    Y[4] = [0, 0.7, 1]  # e moves from a and b to c and d
    result = embedlab.compare_vectors(X, Y, labels=list("abcde"), k=1)
    table = result.per_item
    assert list(table.columns) == [
        "label", "overlap", "neighbours_a", "neighbours_b", "only_a", "only_b",
    ]  # fmt: skip
    assert table["overlap"].is_monotonic_increasing
    row = table.set_index("label").loc["e"]
    assert row.overlap == 0.0 and row.only_a[0] in ("a", "b") and row.only_b[0] in ("c", "d")
    assert table["label"][0] == "e"
    csv = result.to_csv().decode()
    assert csv.splitlines()[0] == "label,overlap,neighbours_a,neighbours_b,only_a,only_b"


def test_bad_vectors_and_too_few_items_say_what_is_needed():
    X = _random(10, 4, 0)
    with pytest.raises(embedlab.InputError, match="X_a has 10 rows and X_b has 9"):
        embedlab.compare_vectors(X, X[:9])
    with pytest.raises(embedlab.TooFewPointsError, match=r"at least 11 items \(there are 10\)"):
        embedlab.compare_vectors(X, X, k=10)
    with pytest.raises(embedlab.InputError, match="k must be"):
        embedlab.compare_vectors(X, X, k=0)
    with pytest.raises(embedlab.InputError, match="NaN"):
        embedlab.compare_vectors(np.full((12, 3), np.nan), X[:, :3].repeat(2, 0)[:12])
    with pytest.raises(embedlab.InputError, match="labels has 3 entries"):
        embedlab.compare_vectors(X, X, labels=["a", "b", "c"], k=2)


def test_compare_models_skips_and_lists_unknown_items():
    words = make_word_model()
    sentences = make_sentence_model()
    texts = [w for group in TOPICS.values() for w in group] + ["zebra", "gato"]
    result = embedlab.compare_models(texts, words, sentences, k=5)
    assert result.n == 18  # 'gato' counted once, 'zebra' skipped
    assert result.skipped == ["zebra"] and result.missing == {"zebra": "a"}
    assert result.name_a == "Tiny test words" and result.name_b == "Fake topic sentences"
    # both models group the words by topic, so neighbourhoods mostly agree
    assert result.overlap > 0.4 and result.spearman > 0.5 and result.cka > 0.5


def test_compare_models_word_against_word_lists_items_in_neither_vocabulary():
    a, b = make_word_model(seed=0), make_word_model(seed=1, model_id="tiny-2")
    texts = ["gato", "cachorro", "leão", "carro", "trem", "uva", "xyzzy"]
    result = embedlab.compare_models(texts, a, b, k=3)
    assert result.missing == {"xyzzy": "both"}
    assert result.skipped_by() == {"both": ["xyzzy"]}
    with pytest.raises(embedlab.TooFewPointsError) as err:
        embedlab.compare_models(texts, a, b, k=6)
    message = str(err.value)
    assert "at least 7 items that both models can embed (there are 6)" in message
    assert "'xyzzy'" in message and "lower k to 5" in message


def test_compare_models_reports_progress_over_both_models():
    calls = []
    embedlab.compare_models(
        [f"frase {i}" for i in range(12)],
        make_sentence_model(),
        make_sentence_model(16, model_id="other"),
        k=3,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls[-1] == (24, 24)


def test_neighbour_lists_match_a_brute_force_search_in_both_precisions(monkeypatch):
    X = _random(300, 8, 0)
    sims = embedlab.neighbours.normalize(X).astype(np.float64)
    sims = sims @ sims.T
    np.fill_diagonal(sims, -np.inf)
    expected = np.argsort(-sims, axis=1, kind="stable")[:, :5]
    for limit in (10_000, 10):  # float64, then float32 search
        monkeypatch.setattr(compare, "PRECISE_LIMIT", limit)
        result = embedlab.compare_vectors(X, X, k=5)
        by_label = result.per_item.set_index("label")["neighbours_a"]
        found = np.array([[int(j) for j in by_label[str(i)]] for i in range(300)])
        assert (found == expected).mean() > 0.99


def test_spearman_is_estimated_from_a_sample_above_the_limit(monkeypatch):
    monkeypatch.setattr(compare, "SPEARMAN_EXACT_LIMIT", 100)
    X = _random(300, 8, 0)
    result = embedlab.compare_vectors(X, X @ _rotation(8, 1), k=5)
    assert result.spearman_items == 100 and result.spearman_estimated
    assert result.spearman == pytest.approx(1.0, abs=1e-6)


def test_parse_pairs_accepts_common_separators_and_names_a_bad_line():
    text = "gato – cat\ncasa - house\n\nguarda-chuva\tumbrella\nrei = king\ngato – cat"
    assert compare.parse_pairs(text) == [
        ("gato", "cat"), ("casa", "house"), ("guarda-chuva", "umbrella"), ("rei", "king"),
    ]  # fmt: skip
    with pytest.raises(embedlab.InputError, match=r"Line 2 \('cachorro'\) is not a pair"):
        compare.parse_pairs("gato – cat\ncachorro")


def test_translation_precision_on_a_model_that_aligns_languages():
    words = make_word_model()
    pairs = [("rei", "king"), ("rainha", "queen"), ("homem", "man"), ("mulher", "woman")]
    scores = compare.translation_precision(pairs, words, ks=(1, 2))
    assert scores.precision == {"pt→en": {1: 1.0, 2: 1.0}, "en→pt": {1: 1.0, 2: 1.0}}
    assert scores.at(1) == 1.0
    assert list(scores.per_pair["nearest_target"]) == ["king", "queen", "man", "woman"]
    with pytest.raises(embedlab.TooFewPointsError, match="at least 5 pairs"):
        compare.translation_precision(pairs + [("gato", "zebra")], words, ks=(1, 5))


def test_plots_draw_both_maps_and_the_links():
    X = _random(30, 8, 0)
    Y_a, Y_b, disparity = compare.aligned_maps(X, X @ _rotation(8, 1))
    assert disparity == pytest.approx(0.0, abs=1e-5)
    labels = [f"w{i}" for i in range(30)]
    side = compare_maps(labels, Y_a, Y_b, names=("A", "B"), overlap=np.linspace(0, 1, 30))
    assert len(side.data) == 2 and side.data[1].xaxis == "x2"
    over = compare_maps(labels, Y_a, Y_b, overlay=True)
    assert over.data[0].mode == "lines" and len(over.data[0].x) == 90
    pm = pairs_map(["gato"], ["cat"], [[0, 0]], [[1, 1]])
    assert [t.name for t in pm.data[1:]] == ["pt", "en"]


def test_presets_hold_enough_pairs():
    assert len(TRANSLATION_PAIRS) >= 50
    assert len(set(TRANSLATION_PAIRS)) == len(TRANSLATION_PAIRS)
    assert all(len(v) >= 20 for v in COMPARE_PRESETS.values())


@pytest.mark.real_model
def test_use_multilingual_finds_translations_of_the_preset():
    scores = compare.translation_precision(TRANSLATION_PAIRS, real_model("use-multilingual"))
    assert scores.at(1) > 0.9 and not scores.skipped


def test_sample_texts_from_a_collection_one_line_each():
    import pandas as pd

    class Saved:
        name = "avaliações"
        text_column = "texto"

        def to_pandas(self, columns=None):
            return pd.DataFrame({"text": ["a  b\nc", None, " ", "a b c", "d"] + ["e"] * 3})

    assert sorted(compare.sample_texts(Saved(), n=10)) == ["a b c", "d", "e"]
    assert len(compare.sample_texts(Saved(), n=2)) == 2
    Saved.text_column = None
    with pytest.raises(embedlab.InputError, match="'avaliações' holds vectors without texts"):
        compare.sample_texts(Saved())
