"""The bundled corpus is a verbatim copy of ../shared/corpus (never edited)."""
import pytest

from negotiation.data import BUNDLED_CORPUS, SHARED_CORPUS


@pytest.mark.skipif(not SHARED_CORPUS.is_dir(), reason="../shared/corpus is not beside this checkout")
def test_bundled_corpus_is_identical_to_the_shared_one():
    shared = {p.name: p.read_bytes() for p in SHARED_CORPUS.iterdir() if p.is_file()}
    bundled = {p.name: p.read_bytes() for p in BUNDLED_CORPUS.iterdir() if p.is_file()}
    assert bundled == shared
