"""Group purity of generated corpora under different training settings (the Train page lesson).

PYTHONPATH=. python benchmarks/word_groups.py
"""

import time

from embedlab import training
from embedlab.word_groups import PROBES, generate_corpus, group_purity, word_groups

for lang in ("pt", "en"):
    texts = generate_corpus(lang)
    corpus = training.prepare_corpus(
        texts, lowercase=True, remove_stopwords=False, phrases=False, source=f"gen-{lang}"
    )
    print(lang, corpus.n_tokens, corpus.n_distinct)
    for kw in [
        dict(),
        dict(sg=1),
        dict(window=1),
        dict(window=2),
        dict(window=2, sg=1),
        dict(window=10),
        dict(min_count=60),
    ]:
        params = dict(epochs=20) | kw
        t0 = time.time()
        m = training.train_word_vectors(corpus, **params)
        p = group_purity(m, word_groups(lang), probes=PROBES[lang])
        pall = group_purity(m, word_groups(lang))
        print(
            f"  {kw}: probes {p.score:.2f} all {pall.score:.2f} stop {p.stop_share:.2f} missing {len(pall.missing)} {time.time() - t0:.1f}s"
        )
        if kw == dict(window=1):
            for r in p.rows[:3]:
                print("   ", r)
    for r in p.rows[:3]:
        print("   ", r)
