"""The Portuguese interface: every shown text has a translation, none is left hard-coded.

The scans read the source of ``views/**/*.py`` and ``app.py`` (no app run):

* translation keys: the literal given to ``t``/``N_``, both forms given to ``tn``, page titles
  and blurbs (``Page(...)``), options of a widget whose ``format_func`` is ``t``, plus the
  library texts the pages pass through ``t`` (training parameters, benchmarks, models);
* untranslated text: a literal (or f-string) given straight to a Streamlit display call or a
  display keyword (``label=``, ``help=``...), and any sentence-like literal anywhere else in a
  page (constants, dicts, error messages) that is not inside ``t``/``tn``/``N_``.
"""

from __future__ import annotations

import ast
import json
import re
import string
from pathlib import Path

import pytest

from tests.app.conftest import APP, run_page
from tests.conftest import ROOT
from views import _i18n

SOURCES = sorted((ROOT / "views").rglob("*.py")) + [ROOT / "app.py"]
LOCALES = ROOT / "views" / "locales"
KEY_CALLS = {"t": (0,), "N_": (0,), "tn": (0, 1), "Page": (1, 3)}
# Streamlit calls whose first argument (label or body) is shown to the person.
DISPLAY_CALLS = {
    "title", "header", "subheader", "caption", "markdown", "write", "text", "info", "warning",
    "error", "success", "exception", "toast", "button", "download_button", "link_button",
    "form_submit_button", "page_link", "checkbox", "toggle", "radio", "selectbox",
    "multiselect", "select_slider", "slider", "number_input", "text_input", "text_area",
    "date_input", "time_input", "file_uploader", "camera_input", "color_picker", "pills",
    "segmented_control", "feedback", "expander", "popover", "status", "spinner", "progress",
    "metric", "tabs", "show_error", "Column", "TextColumn", "NumberColumn", "CheckboxColumn",
    "SelectboxColumn", "LinkColumn", "ListColumn", "ProgressColumn", "BarChartColumn",
    "LineChartColumn", "ImageColumn", "DateColumn", "DatetimeColumn", "TimeColumn",
}  # fmt: skip
DISPLAY_KWARGS = {
    "label", "help", "placeholder", "caption", "text", "body", "title", "delta", "show_spinner",
}  # fmt: skip
OPTION_CALLS = {"radio", "selectbox", "multiselect", "select_slider", "pills", "segmented_control"}
# Literals that read the same in every language (names, units, formats).
ALLOWED = {
    "embedlab", "PCA", "UMAP", "t-SNE", "Word2Vec", "FastText", "CBOW (0)", "Skip-gram (1)",
    "Idioma / Language", "pt = Português · en = English", "Spearman ρ", "%.3f", "%.1f", "%.2f", "%d",
    "sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2", "HDBSCAN", "k-means",
    "vectors.tsv", "metadata.tsv", "n_neighbors", "min_dist",
}  # fmt: skip
# Keyword arguments that are identifiers, file types or formats, never shown as prose.
NOT_SHOWN_KWARGS = {
    "key", "type", "mime", "file_name", "format", "icon", "on_click", "on_change", "url_path",
    "column_order", "hide_index", "use_container_width", "width", "height", "theme",
    "selection_mode", "on_select", "layout", "page_icon", "page_title", "step", "accept",
}  # fmt: skip
_WORD = re.compile(r"[^\W\d_]{2,}")
_SENTENCE = re.compile(r"[^\W\d_]{2,}[,;:]?\s+[^\W\d_]{2,}")
_FIELDS = string.Formatter()


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _is_docstring(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    parent = parents.get(node)
    if not isinstance(parent, ast.Expr):
        return False
    owner = parents.get(parent)
    body = getattr(owner, "body", None)
    return isinstance(body, list) and bool(body) and body[0] is parent


def _is_text(literal: str) -> bool:
    return literal.strip() not in ALLOWED and bool(_WORD.search(literal))


def _literals(node: ast.AST):
    """The string literals an expression shows as they are (outside t/tn/N_ and calls)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.JoinedStr):
        shown = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
        yield shown
        for v in node.values:
            if isinstance(v, ast.FormattedValue):
                yield from _literals(v.value)
    elif isinstance(node, ast.Call):
        # "...".format(...) and ", ".join(...): the string literal is shown.
        func = node.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Constant | ast.JoinedStr):
            yield from _literals(func.value)
            for arg in node.args:
                yield from _literals(arg)
    elif isinstance(node, ast.BinOp | ast.BoolOp):
        for child in ast.iter_child_nodes(node):
            yield from _literals(child)
    elif isinstance(node, ast.IfExp):
        yield from _literals(node.body)
        yield from _literals(node.orelse)
    elif isinstance(node, ast.List | ast.Tuple):
        for element in node.elts:
            yield from _literals(element)
    elif isinstance(node, ast.GeneratorExp | ast.ListComp):
        yield from _literals(node.elt)


def _keys(tree: ast.Module) -> list[tuple[int, str]]:
    """(line, key) of every literal translation key in a module."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        for i in KEY_CALLS.get(name, ()):
            if i < len(node.args):
                arg = node.args[i]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.append((node.lineno, arg.value))
        format_func = next((k.value for k in node.keywords if k.arg == "format_func"), None)
        if name in OPTION_CALLS and _name(format_func or ast.Pass()) == "t":
            options = node.args[1] if len(node.args) > 1 else None
            if isinstance(options, ast.List | ast.Tuple):
                found += [
                    (node.lineno, e.value)
                    for e in options.elts
                    if isinstance(e, ast.Constant) and isinstance(e.value, str)
                ]
    return found


def _untranslated(tree: ast.Module) -> list[tuple[int, str, str]]:
    """(line, where, literal) of the texts a module shows without translating them."""
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    exempt: set[int] = set()  # ids of nodes inside t/tn/N_/Page calls or not-shown places
    for node in ast.walk(tree):
        inside = []
        if isinstance(node, ast.Call) and _name(node.func) in KEY_CALLS:
            inside = [*node.args, *(k.value for k in node.keywords)]
        elif isinstance(node, ast.Call):
            inside = [k.value for k in node.keywords if k.arg in NOT_SHOWN_KWARGS]
            if any(k.arg == "format_func" and _name(k.value) == "t" for k in node.keywords):
                inside += node.args[1:2]  # options that are translation keys
            if _name(node.func) in ("text_input", "text_area"):  # an example the person edits
                inside += node.args[1:2] + [k.value for k in node.keywords if k.arg == "value"]
        elif isinstance(node, ast.Subscript):
            inside = [node.slice]
        elif isinstance(node, ast.Dict):
            inside = [key for key in node.keys if key is not None]
        elif isinstance(node, ast.Compare):
            inside = [node]
        for sub in inside:
            exempt.update(id(n) for n in ast.walk(sub))

    found: dict[tuple[int, str], str] = {}
    # 1. Straight into a display call or a display keyword.
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or id(node) in exempt:
            continue
        name = _name(node.func)
        shown: list[ast.expr] = [k.value for k in node.keywords if k.arg in DISPLAY_KWARGS]
        if name in DISPLAY_CALLS:
            shown += node.args[:3] if name == "metric" else node.args[:1]
            has_format = any(k.arg == "format_func" for k in node.keywords)
            if name in OPTION_CALLS and not has_format and len(node.args) > 1:
                shown.append(node.args[1])
            shown += [k.value for k in node.keywords if k.arg == "options" and not has_format]
        for arg in shown:
            for literal in _literals(arg):
                if _is_text(literal):
                    found[(node.lineno, literal)] = f"{name}()"
    # 2. A sentence anywhere else (constants, dicts, messages) outside t/tn/N_.
    for node in ast.walk(tree):
        if id(node) in exempt or _is_docstring(node, parents):
            continue
        if isinstance(node, ast.JoinedStr):
            literal = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if isinstance(parents.get(node), ast.JoinedStr):
                continue  # judged with its f-string
            literal = node.value
        else:
            continue
        if literal.strip() not in ALLOWED and _SENTENCE.search(literal):
            found.setdefault((node.lineno, literal), "literal")
    return sorted((line, where, literal) for (line, literal), where in found.items())


def _library_keys() -> list[str]:
    """Texts that come from embedlab and that the pages pass through ``t``."""
    import embedlab
    from embedlab import training
    from embedlab.evaluation import BENCHMARKS

    keys = [training.ALGORITHM_HELP, training.SG_HELP]
    keys += [text for p in training.PARAMETERS.values() for text in (p.label, p.help)]
    keys += [text for b in BENCHMARKS.values() for text in (b.title, b.description)]
    for info in embedlab.list_models():
        keys += [info.description]
        keys += [lang for lang in info.languages if len(lang) > 2]  # "multilingual"
    return keys


def _placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in _FIELDS.parse(text) if field is not None}


def _relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


# --------------------------------------------------------------------------- (a) keys


def test_every_translation_key_has_a_portuguese_entry():
    catalog = _i18n.catalog("pt")
    missing = [
        f"{_relative(path)}:{line}: {key!r}"
        for path in SOURCES
        for line, key in _keys(_parse(path))
        if key not in catalog
    ]
    missing += [f"embedlab: {key!r}" for key in _library_keys() if key not in catalog]
    assert not missing, "No Portuguese entry in views/locales/pt/*.json for:\n" + "\n".join(missing)


def test_translation_keys_are_not_built_at_run_time():
    """t(f"{n} words") has no catalog entry: fields go in as t("{n} words", n=n)."""
    built = []
    for path in SOURCES:
        for node in ast.walk(_parse(path)):
            if isinstance(node, ast.Call) and _name(node.func) in ("t", "tn") and node.args:
                for arg in node.args[: 2 if _name(node.func) == "tn" else 1]:
                    if any(isinstance(n, ast.JoinedStr) for n in ast.walk(arg)) or (
                        isinstance(arg, ast.BinOp)
                        or (isinstance(arg, ast.Call) and _name(arg.func) == "format")
                    ):
                        built.append(f"{_relative(path)}:{node.lineno}")
    assert not built, "Translation keys built at run time:\n" + "\n".join(built)


def test_the_key_scan_sees_the_pages_keys():
    """A guard on the scan itself: it must find keys in the router and in a page."""
    keys = {key for _, key in _keys(_parse(ROOT / "views" / "train.py"))}
    assert {"Train word vectors", "{n} text", "{n} texts"} <= keys
    keys = {key for _, key in _keys(_parse(ROOT / "views" / "_ui.py"))}
    assert "compare words and sentences, find neighbours" in keys  # a Page blurb


# --------------------------------------------------------------------------- (b) no hard-coded text


def test_no_page_shows_an_untranslated_literal():
    problems = [
        f"{_relative(path)}:{line}: {where} {literal!r}"
        for path in SOURCES
        for line, where, literal in _untranslated(_parse(path))
    ]
    assert not problems, (
        "Wrap these in t()/tn() (or N_() for constants shown later through t), and add the "
        "Portuguese to views/locales/pt/<area>.json. A cache decorator's show_spinner text "
        "cannot be translated: use show_spinner=False and `with st.spinner(t(...))` around "
        "the call.\n" + "\n".join(problems)
    )


@pytest.mark.parametrize(
    "source, flagged",
    [
        ('st.title("Train word vectors")', True),
        ('st.caption(f"{n:,} texts · {m:,} words")', True),
        ('st.button(label="Go on")', True),
        ('st.metric(t("Corpus"), f"{n:,} words")', True),
        ('st.tabs(["Table", t("Map")])', True),
        ('st.radio(t("Kind"), ["auto", "word pairs"])', True),
        ('st.warning("Done" if ok else t("Not yet"))', True),
        ('st.info("Found: {}".format(x))', True),
        ('HELP = {"stop": "Drop words like de and que"}', True),
        ('raise InputError(f"This training would take {s} s")', True),
        ('@st.cache_data(show_spinner="Embedding…")\ndef f(): pass', True),
        ("@st.cache_data(show_spinner=False)\ndef f(): pass", False),
        ('st.title(t("Train word vectors"))', False),
        ('st.caption(tn("{n} text", "{n} texts", n))', False),
        ('st.radio(t("Kind"), ["auto", "word pairs"], format_func=t)', False),
        ('UPLOAD = N_("Upload a text file")', False),
        ('st.title("embedlab")', False),
        ('st.number_input(t("Size"), format="%.3f", key="size box")', False),
        ('st.text_input(t("Seed words"), "rei, gato, carro")', False),
        ('st.metric(t("Time"), f"{s:.1f} s")', False),
        ('x = st.session_state["the saved file"]', False),
        ('if mode == "word pairs": pass', False),
        ('def f():\n    """Explain what this does."""', False),
    ],
)
def test_the_untranslated_scan_on_examples(source, flagged):
    assert bool(_untranslated(ast.parse(source))) is flagged


# --------------------------------------------------------------------------- (c) the catalogs


def _pairs(path: Path) -> list[tuple[str, str]]:
    return json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=list)


@pytest.mark.parametrize("path", sorted(LOCALES.glob("*/*.json")), ids=lambda p: p.name)
def test_catalog_parses_with_matching_placeholders(path):
    pairs = _pairs(path)
    assert pairs, f"{_relative(path)} is empty"
    keys = [key for key, _ in pairs]
    assert len(keys) == len(set(keys)), f"repeated keys in {_relative(path)}"
    for key, value in pairs:
        assert isinstance(value, str) and value.strip(), f"{key!r}: empty translation"
        assert _placeholders(value) == _placeholders(key), (
            f"{_relative(path)}: {key!r} → {value!r}: placeholders differ"
        )


def test_catalog_files_do_not_contradict_each_other():
    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for path in sorted(LOCALES.glob("pt/*.json")):
        for key, value in _pairs(path):
            if key in seen and seen[key][1] != value:
                clashes.append(f"{key!r}: {seen[key][0]} and {path.name} differ")
            seen[key] = (path.name, value)
    assert not clashes, "\n".join(clashes)


# --------------------------------------------------------------------------- (d) pages in pt


@pytest.mark.parametrize(
    "page, title",
    [
        ("home", "embedlab"),
        ("train", "Treinar vetores de palavras"),
        ("vector_files", "Arquivos de vetores"),
        ("evaluation", "Avaliação"),
        ("similarity", "Similaridade"),
    ],
)
def test_pages_render_in_portuguese(page, title):
    at = run_page(page, lang="pt")
    assert not at.exception
    assert at.title[0].value == title
    assert at.sidebar.selectbox(key="model_choice").label == "Modelo"


def test_train_page_in_portuguese_names_its_settings():
    at = run_page("train", lang="pt")
    # A Portuguese interface starts on the generated Portuguese corpus; the Lee sample here.
    at.radio(key="tr_source").set_value(
        "English news: gensim's Lee corpus (300 articles, 60,000 words)"
    ).run()
    assert not at.exception
    labels = {n.label for n in at.number_input}
    assert {"Tamanho do vetor", "Janela", "Contagem mínima", "Épocas"} <= labels
    assert at.checkbox(key="tr_stop").label == "Remover palavras vazias (pt + en)"
    captions = " ".join(c.value for c in at.caption)
    assert "300 textos · 60.005 palavras" in captions  # Brazilian thousands separators
    assert "Mais frequentes: the (4.133)" in captions
    assert "Cada linha não vazia é um texto." in captions  # a note from embedlab, translated


def test_training_in_portuguese_shows_what_it_learnt_in_portuguese():
    import json

    at = run_page("train", lang="pt")
    at.radio(key="tr_source").set_value(
        "Crônicas em português: written for embedlab (25 paragraphs, 1,000 words)"
    )
    at.run()
    for name, value in {"vector_size": 20, "epochs": 3, "min_count": 2}.items():
        at.number_input(key=f"tr_{name}").set_value(value)
    at.button[0].click()  # the form's Train button
    at.run()
    assert not at.exception and not at.error
    assert at.subheader[2].value == "3. O que ele aprendeu"
    assert "w2v-1: cronicas_pt.txt, CBOW, janela 5, 20-d, min_count 2, 3 épocas" in (
        at.success[0].value
    )
    assert [m.label for m in at.metric][:3] == ["Corpus", "Tempo de treinamento", "Velocidade"]
    assert at.metric[0].value.endswith(" palavras")
    layout = json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]
    assert layout["title"]["text"].startswith("Perda do treinamento por época")
    assert list(at.dataframe[0].value.columns) == ["palavra", "8 palavras mais próximas (cosseno)"]
    assert "janela 5" in " ".join(at.sidebar.selectbox(key="model_choice").options)


def test_evaluation_in_portuguese_translates_the_library_message():
    from tests.conftest import make_word_model

    at = run_page("evaluation", lang="pt", model=make_word_model())
    at.multiselect(key="ev_benchmarks").set_value(["wordsim353"])
    at.button(key="ev_run").click().run()
    assert not at.exception
    error = at.error[0].value
    assert "Só 2 pares puderam ser avaliados: uma correlação precisa de pelo menos 3." in error
    assert "351 pares ignorados: uma palavra está fora do vocabulário." in error


def test_word_vector_files_in_portuguese_from_error_to_success():
    at = run_page("vector_files", lang="pt")
    at.file_uploader(key="vf_file").upload("v.txt", b"rei 0.1 0.2\nrainha 0.3\n", "text/plain")
    at.run()
    assert not at.exception
    assert at.error[0].value.startswith("v.txt: a linha 2 ('rainha') tem 1 números")
    good = b"rei 0.1 0.2\nrainha 0.3 0.2\nhomem 0.1 0.9\nmulher 0.3 0.8\n"
    at.file_uploader(key="vf_file").upload("bons.txt", good, "text/plain")
    at.run()
    assert not at.exception and not at.error
    assert "está no seletor de modelos da barra lateral" in at.success[0].value
    assert "**vec-1: bons.txt (4 palavras, 2-d)** (GloVe em texto)" in at.success[0].value
    assert at.metric[0].label == "Vocabulário" and at.metric[0].value == "4 palavras · 2 dimensões"


# --------------------------------------------------------------------------- (e) the URL


def _fresh(query: dict[str, str]):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


@pytest.mark.parametrize(
    "query, lang, home",
    [
        ({"lang": "en"}, "en", "Home"),
        ({"lang": "pt"}, "pt", "Início"),
        ({}, "pt", "Início"),  # no browser language in AppTest: Portuguese, the default
        ({"lang": "xx"}, "pt", "Início"),
    ],
)
def test_language_comes_from_the_url_else_portuguese(query, lang, home):
    at = _fresh(query)
    assert not at.exception
    assert at.session_state["lang"] == lang
    assert at.sidebar.radio(key="lang").value == lang
    # Kept in the URL by binding (bind="query-params"): the browser writes it with
    # replaceState, which AppTest does not simulate; tests/app/test_browser_demo.py checks it.
    assert at.sidebar.radio(key="lang").proto.query_param_key == "lang"
    assert (home == "Home") == ("Explore **text embeddings**" in at.markdown[0].value)


def test_sidebar_switch_changes_the_language_bound_to_the_url():
    at = _fresh({"lang": "pt"})
    at.sidebar.radio(key="lang").set_value("en").run()
    assert not at.exception
    assert at.sidebar.radio(key="lang").proto.query_param_key == "lang"  # the browser's URL
    assert at.sidebar.selectbox(key="model_choice").label == "Model"
    at.sidebar.radio(key="lang").set_value("pt").run()
    assert at.sidebar.selectbox(key="model_choice").label == "Modelo"


def test_a_page_whose_link_lost_lang_keeps_the_language_and_puts_it_back():
    """The URL can lose ``lang`` on a page switch (a link clicked before the first run drew
    the switch); the session keeps its language and the link gets ``lang`` again."""
    at = _fresh({"lang": "en"})  # English is not AppTest's default language
    del at.query_params["lang"]
    at.switch_page("views/similarity.py").run()
    assert not at.exception
    assert at.session_state["lang"] == "en"
    assert at.sidebar.radio(key="lang").value == "en"
    assert at.query_params["lang"] == "en"  # back in the link (old behaviour: gone)
    assert at.sidebar.selectbox(key="model_choice").label == "Model"


# --------------------------------------------------------------------------- (f) library messages


def _message(call) -> str:
    import embedlab

    with pytest.raises(embedlab.EmbedlabError) as info:
        call()
    return str(info.value)


def _bad_inputs():
    """Real messages from embedlab, made by calling it with bad input."""
    import numpy as np

    import embedlab
    from embedlab import io, text, training
    from tests.conftest import make_word_model

    model = make_word_model()
    corpus = training.prepare_corpus(["o gato e o cachorro"])
    table = io.read_upload(b"a,b\n1,2\n", "notas.csv")
    return {
        "unknown word": (lambda: model.most_similar("kingg"), "não está no vocabulário"),
        "unknown words": (
            lambda: model.encode(["kingg", "zz"]),
            "2 palavras não estão no vocabulário de Tiny test words (26 palavras): 'kingg' "
            "(você quis dizer king?), 'zz'. Confira a grafia",
        ),
        "one line": (lambda: text.parse_lines("gato", min_lines=2), "você digitou 1 linha"),
        "no line": (lambda: text.parse_lines("", min_lines=2), "você não digitou nada"),
        "one point": (
            lambda: embedlab.project(np.ones((1, 4), np.float32), method="pca"),
            "Um mapa precisa de pelo menos 2 pontos; você deu 1. Acrescente mais linhas.",
        ),
        "umap": (
            lambda: embedlab.project(np.eye(3, 4, dtype=np.float32), method="umap"),
            "O UMAP precisa de pelo menos 4 pontos",
        ),
        "empty file": (lambda: io.read_upload(b"", "vazio.csv"), "vazio.csv está vazio"),
        "header only": (lambda: io.read_upload(b"texto,nota\n", "c.csv"), "nenhuma linha de dados"),
        "pdf": (lambda: io.read_upload(b"%PDF-1.4 x", "d.csv"), "parece ser um documento PDF"),
        "docx": (lambda: io.read_upload(b"abc", "x.docx"), "não são aceitos. Use um destes:"),
        "no column": (lambda: io.prepare_texts(table, "texto"), "Não existe a coluna 'texto'"),
        "vector count": (
            lambda: embedlab.load_vectors(b"rei 0.1 0.2\nrainha 0.3\n", "v.txt"),
            "mas a primeira linha tem 2. Cada linha precisa",
        ),
        "unknown model": (lambda: embedlab.load_model("nao-existe"), "Modelo desconhecido"),
        "csv quoting": (
            lambda: io.read_upload("nome,nota\nJoão,3,5\n".encode(), "notas.csv"),
            "precisa estar entre aspas duplas",
        ),
        "min_count": (
            lambda: training.check_vocabulary(corpus, 50),
            "Diminua min_count para 1",
        ),
    }


@pytest.mark.parametrize("case", list(_bad_inputs()))
def test_library_messages_are_translated(case, monkeypatch):
    call, portuguese = _bad_inputs()[case]
    message = _message(call)
    monkeypatch.setattr(_i18n, "language", lambda: "pt")
    translated = _i18n.translate_message(message)
    assert portuguese in translated, f"{message!r} → {translated!r}"
    monkeypatch.setattr(_i18n, "language", lambda: "en")
    assert _i18n.translate_message(message) == message


def test_library_notes_are_translated(monkeypatch):
    import embedlab
    from embedlab import io

    data = b"rei 0.1 0.2\nrei 0.3 0.4\n\xff\xfe 0.1 0.1\nrainha 0.2 0.2\n"
    notes = embedlab.load_vectors(data, "v.txt").notes
    notes += io.read_upload(b"a;b\n1;2\n", "x.csv").attrs["notes"]
    monkeypatch.setattr(_i18n, "language", lambda: "pt")
    assert [_i18n.translate_message(n) for n in notes] == [
        "1 palavra não era texto UTF-8 válido e foi ignorada (linha 3).",
        "1 palavra repetida foi ignorada (cada palavra fica com o primeiro vetor).",
        "As colunas são separadas por ponto e vírgula.",
    ]


def test_a_sentence_with_a_colon_is_matched_whole_before_its_clauses(monkeypatch):
    # Split at the colon, the second sentence met "Not in {model}:" and came out half English.
    monkeypatch.setattr(_i18n, "language", lambda: "pt")
    message = (
        "4,667 of 19,544 questions skipped: a word is out of vocabulary. "
        "Not in the 30,000 most frequent words: 'Apia', 'Banjul' and 78 more."
    )
    assert _i18n.translate_message(message) == (
        "4.667 de 19.544 questões ignoradas: uma palavra está fora do vocabulário. "
        "Fora das 30.000 palavras mais frequentes: 'Apia', 'Banjul' e mais 78."
    )


def test_a_message_without_a_pattern_stays_english_sentence_by_sentence(monkeypatch):
    monkeypatch.setattr(_i18n, "language", lambda: "pt")
    message = "Something new went wrong. Add more lines."
    assert _i18n.translate_message(message) == "Something new went wrong. Acrescente mais linhas."


def test_model_labels_made_by_embedlab_are_translated_part_by_part(monkeypatch):
    from views import _ui as ui

    monkeypatch.setattr(_i18n, "language", lambda: "pt")
    label = "w2v-1: cronicas_pt.txt, CBOW, window 5, 100-d, min_count 5, 20 epochs, phrases"
    assert ui.model_label(label) == (
        "w2v-1: cronicas_pt.txt, CBOW, janela 5, 100-d, min_count 5, 20 épocas, expressões"
    )
    assert (
        ui.model_label("vec-1: v.txt (1,000 words, 50-d)") == "vec-1: v.txt (1.000 palavras, 50-d)"
    )


def test_numbers_take_the_separators_of_the_language(monkeypatch):
    monkeypatch.setattr(_i18n, "language", lambda: "pt")
    assert _i18n.number(60005) == "60.005"
    assert _i18n.number(1234.5, ",.1f") == "1.234,5"
    assert _i18n.tn("{n} text", "{n} texts", 1) == "1 texto"
    assert _i18n.tn("{n} text", "{n} texts", 2500) == "2.500 textos"
    message = "'zebrra' is not in the vocabulary of GloVe 6B 50d (400,000 words)."
    assert _i18n.translate_message(message).endswith("GloVe 6B 50d (400.000 palavras).")
    monkeypatch.setattr(_i18n, "language", lambda: "en")
    assert _i18n.number(1234.5, ",.1f") == "1,234.5"
    assert _i18n.tn("{n} text", "{n} texts", 2500) == "2,500 texts"


def test_the_most_specific_pattern_wins(monkeypatch):
    monkeypatch.setattr(_i18n, "language", lambda: "pt")
    nothing = (
        "Enter at least 2 different lines (one word or sentence per line); you entered nothing."
    )
    assert _i18n.translate_message(nothing).endswith("você não digitou nada.")


def test_chart_titles_from_embedlab_plots_are_translated(monkeypatch):
    import streamlit as st

    from embedlab import evaluate_analogies
    from embedlab.plots.evaluation import section_bars
    from embedlab.plots.training import loss_curves
    from tests.conftest import make_word_model
    from views import _ui as ui

    report = evaluate_analogies(make_word_model(), b": gender\nman king woman queen\n", name="mine")
    shown = []
    monkeypatch.setattr(st, "plotly_chart", lambda fig, **kw: shown.append(fig))
    monkeypatch.setattr(_i18n, "language", lambda: "pt")
    ui.show_chart(section_bars({"tiny": report}))
    ui.show_chart(loss_curves({"w2v-1": [30.0, 20.0, 15.0]}))
    bars, loss = (fig.layout for fig in shown)
    assert (bars.title.text, bars.xaxis.title.text) == (
        "Acerto nas analogias, por seção",
        "acerto (%)",
    )
    assert loss.title.text.startswith("Perda do treinamento por época")
    assert (loss.xaxis.title.text, loss.yaxis.title.text) == ("época", "perda")
