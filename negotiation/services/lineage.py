"""Give an imported text the lineage of the version it revises, through the redline aligner."""
from negotiation.text.redline import redline
from negotiation.text.structure import ParsedText


def inherit_lineage(previous: ParsedText, parsed: ParsedText) -> None:
    """Copy each paired paragraph's lineage from ``previous`` into ``parsed`` (in place).

    Paragraphs that already carry a lineage (made in the app) keep it; unpaired ones
    (inserted) get a new one when stored.
    """
    if all(p.lineage for p in parsed.paragraphs):
        return
    for row in redline(previous, parsed).rows:
        if row.old is not None and row.new is not None and not parsed.paragraphs[row.new].lineage:
            parsed.paragraphs[row.new].lineage = previous.paragraphs[row.old].lineage
