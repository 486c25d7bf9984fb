"""Properties the redline keeps whatever the two versions are."""
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.text.redline import UNCHANGED, redline, word_diff
from negotiation.text.structure import OPERATIVE, PREAMBULAR, Paragraph

WORDS = [
    "Requests", "Urges", "Recalling", "the", "Office", "States", "Member", "to", "of", "and",
    "crime", "report", "Convention", "assistance", "technical", "within", "its", "mandate",
    "resolution", "66/181", "Secretary-General", "further", "(a)", "“United", "Nations”",
]
SEPARATORS = [" ", " ", " ", ", ", "; ", " — ", "  "]

texts = st.lists(
    st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), min_size=0, max_size=25
).map(lambda parts: "".join(w + s for w, s in parts).strip() + ";")

paragraphs = st.builds(
    Paragraph,
    kind=st.sampled_from([PREAMBULAR, OPERATIVE]),
    text=texts,
    number=st.one_of(st.none(), st.integers(1, 40).map(str)),
    lineage=st.one_of(st.none(), st.sampled_from("abcdef")),
)
versions = st.lists(paragraphs, max_size=15)


@st.composite
def revisions(draw):
    """A version and a revision of it: some paragraphs kept, edited, moved, dropped or added."""
    old = draw(versions)
    new = []
    for p in old:
        fate = draw(st.sampled_from(["keep", "keep", "edit", "drop", "add"]))
        if fate == "edit":
            p = Paragraph(kind=p.kind, text=p.text + draw(texts), number=p.number, lineage=p.lineage)
        if fate != "drop":
            new.append(p)
        if fate == "add":
            new.append(draw(paragraphs))
    if new and draw(st.booleans()):
        new.insert(draw(st.integers(0, len(new) - 1)), new.pop(draw(st.integers(0, len(new) - 1))))
    return old, new


pairs_of_versions = st.one_of(revisions(), st.tuples(versions, versions))


@settings(max_examples=300, deadline=None)
@given(pairs_of_versions)
def test_every_paragraph_of_each_side_appears_exactly_once(versions_pair):
    old, new = versions_pair
    rows = redline(old, new).rows
    assert sorted(r.old for r in rows if r.old is not None) == list(range(len(old)))
    assert sorted(r.new for r in rows if r.new is not None) == list(range(len(new)))


@settings(max_examples=300, deadline=None)
@given(pairs_of_versions)
def test_segments_of_every_row_rebuild_both_texts_exactly(versions_pair):
    old, new = versions_pair
    for row in redline(old, new).rows:
        if row.new is not None:
            assert "".join(t for op, t in row.segments if op != -1) == new[row.new].full_text
        if row.old is not None:
            assert "".join(t for op, t in row.segments if op != 1) == old[row.old].full_text


@settings(max_examples=300, deadline=None)
@given(pairs_of_versions)
def test_text_changed_matches_the_segments(versions_pair):
    old, new = versions_pair
    for row in redline(old, new).rows:
        assert row.text_changed == any(op != 0 for op, _ in row.segments)


@settings(max_examples=200, deadline=None)
@given(versions)
def test_identical_inputs_give_only_unchanged_rows(paragraph_list):
    rows = redline(paragraph_list, list(paragraph_list)).rows
    assert all(r.status == UNCHANGED and r.old == r.new for r in rows)


@settings(max_examples=300, deadline=None)
@given(st.text(), st.text())
def test_word_diff_rebuilds_any_two_texts(old, new):
    segments = word_diff(old, new)
    assert "".join(t for op, t in segments if op != -1) == new
    assert "".join(t for op, t in segments if op != 1) == old
