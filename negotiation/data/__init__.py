"""Reference data shipped with the app: the delegations list and a copy of the corpus.

``corpus/`` is a verbatim copy of ``../shared/corpus`` (never edited; a test checks it is
identical when the shared folder is there), so a clone that does not sit beside ``shared/``
(CI, a new machine) still has its demo data and fixtures.
"""
import os
from pathlib import Path

BUNDLED_CORPUS = Path(__file__).resolve().parent / "corpus"
SHARED_CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"


def corpus_dir() -> Path:
    """CORPUS_DIR if set, else ../shared/corpus beside the checkout, else the bundled copy."""
    if os.environ.get("CORPUS_DIR"):
        return Path(os.environ["CORPUS_DIR"])
    return SHARED_CORPUS if SHARED_CORPUS.is_dir() else BUNDLED_CORPUS
