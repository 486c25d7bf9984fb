"""Give an imported text the lineage of the version it revises, through the redline aligner."""
from negotiation.text.align import align_paragraphs
from negotiation.text.structure import ParsedText


def inherit_lineage(previous: ParsedText, parsed: ParsedText) -> None:
    """Copy each paired paragraph's lineage from ``previous`` into ``parsed`` (in place).

    Paragraphs that already carry a lineage (made in the app) keep it; unpaired ones
    (inserted) get a new one when stored.
    """
    if all(p.lineage for p in parsed.paragraphs):
        return
    # The alignment alone: no word diffs are needed to know which paragraph became which.
    for old, new in align_paragraphs(previous.paragraphs, parsed.paragraphs).pairs:
        if not parsed.paragraphs[new].lineage:
            parsed.paragraphs[new].lineage = previous.paragraphs[old].lineage
