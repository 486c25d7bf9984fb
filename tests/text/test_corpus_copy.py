"""The bundled corpus is a verbatim copy of ../shared/corpus (never edited)."""
import pytest

from negotiation.data import BUNDLED_CORPUS, SHARED_CORPUS


@pytest.mark.skipif(not SHARED_CORPUS.is_dir(), reason="../shared/corpus is not beside this checkout")
def test_bundled_corpus_is_identical_to_the_shared_one():
    shared = {str(p.relative_to(SHARED_CORPUS)): p.read_bytes() for p in SHARED_CORPUS.rglob("*") if p.is_file()}
    bundled = {str(p.relative_to(BUNDLED_CORPUS)): p.read_bytes() for p in BUNDLED_CORPUS.rglob("*")
               if p.is_file() and "__pycache__" not in p.parts}
    assert bundled == shared
