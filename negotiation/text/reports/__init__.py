"""Actions on drafts as session reports record them: import from report text, and wording.

Pure Python (house rule 1). Two directions over one plain-data shape:

* ``parse_actions(report_text)`` reads the "Action taken by ..." paragraphs of a session
  report (and committee-report style action paragraphs anywhere) into action dicts;
* ``render_action(action, previous=...)`` / ``render_section(actions)`` write those dicts back
  in the report's own fixed wording.

Both directions share the same small vocabulary of patterns, so that a paragraph imported from
a report renders back word for word (the round-trip tests pin this on corpus 004).

The action dict (a contract: services, the import command and the API rely on it)
---------------------------------------------------------------------------------
Contract keys::

    paragraph            int, the report's paragraph number
    meeting              int ("fifth meeting" -> 5, "10th meeting" -> 10)
    date                 "YYYY-MM-DD" or None (a date without a year takes the report's year)
    document             symbol of the draft ("E/CN.15/2011/L.13/Rev.1") or None (oral draft)
    revision_note        "as revised" | "as further revised" | "as orally amended" | ... | None
    outcome              "adopted" | "approved_and_recommended" | "considered" | "rejected"
                         | "withdrawn" | "deferred" | "no_action"
    recommended_to       "Economic and Social Council" ... (approved_and_recommended only)
    for_adoption_by      "General Assembly" when recommended "for approval by the Council for
                         adoption by the General Assembly"; else None
    sponsors             [{"name": "Hungary", "on_behalf_of": "European Union"}], text order,
                         names as written without a leading "the"
    introduced_by        ["Sweden", "United States"] when the draft was "introduced by", else None
    financial_statement  bool: the Secretariat read out a financial statement before adoption
    financial_statement_document   "E/CN.15/2011/CRP.7" or None
    result               "resolution 20/3" | "decision 20/1" when the text is an adopted,
                         numbered text; None for texts still recommended ("draft resolution II")
    text_at              where the text is: "chap. I, sect. D, resolution 20/3", "para. 12"
    title                the quoted title when the paragraph gives one (para. 23), else None
    vote                 None | {"kind": "without_vote"} | {"kind": "consensus"}
                         | {"kind": "recorded", "in_favour": n, "against": n, "abstaining": n,
                            "lists": {"in_favour": [...], "against": [...], "abstaining": [...]}}
                         | {"kind": "non_recorded", "in_favour": n, "against": n, "abstaining": n}
    subsequently_joined  ["Andorra", "Bahamas"]: "Subsequently, ... joined in sponsoring"
    statements           [{"timing": "before"|"after", "role": "representative"|"observer",
                           "roles": {"Turkey": "representative", "Colombia": "observer"},
                           "delegations": ["Turkey", "Colombia"], "text": "stated that ...",
                           "lead": "Following adoption"}]

    subject              "draft" (absent) | "amendment": a vote on an amendment, a proposal of its
                         own (``document`` is the amendment's, ``amends`` the draft's symbol)
    amends               "A/C.3/78/L.30" for an amendment, else absent
    statements[].kind    "statement" | "eov" | "eop" | "general" | "reservation": the report's words
                         ("made statements in explanation of vote" -> "eov")
    statements[].timing_of  "vote" ("Before the vote") | "action" ("Prior to the adoption ...")
    statements[].on_behalf_of  {"Spain": "European Union"}: the group each speaker spoke for
    statements[].paragraph  the paragraph that records the statement (a Main Committee report
                         gives statements in paragraphs of their own)
    notes                [{"paragraph": 10, "text": "..."}]: what the report says about the meeting
                         that is not a delegation's statement (the Chair, the Secretary, an oral
                         revision), so that nothing read is lost
    names_written        {"Türkiye": "Turkey"}: the form the report wrote where it is not the short
                         name (wording only)

Names: every delegation is named as ``negotiation/data/delegations.json`` names it (its UN
short name: "Iran (Islamic Republic of)", "Netherlands (Kingdom of the)"); a name that matches
none is kept as written and reported in ``errors`` with its paragraph (``reading`` ->
``naming``). A General Assembly Main Committee tells an action over several paragraphs (what
the Committee had before it and who submitted it, who joined, statements before and after the
vote): ``proceedings`` reads them and attaches each to its action; anything it cannot attach is
an error, never dropped. The plenary's passive wording ("Draft resolution III was adopted by a
recorded vote of ... (resolution 78/220).") takes the meeting last named.

Statements: one statement per clause of the report's sentence ("a statement was made by X, and
Y and Z made statements in explanation of vote" is two). ``delegations`` keeps the text order,
``roles`` gives each delegation's role and ``role`` is the first one's (so a statement by
"the representative of Turkey and the observers for Colombia and Peru" stays one statement,
as the report records it: one joint statement). ``text`` is the predicate exactly as written,
verb included ("stated that ...", "made a statement noting that ..."), without the final full
stop: that is what the secretariat types, and what the report prints after the speakers.
The Secretariat's financial statement is not a delegation statement: it sets
``financial_statement``.

Extra keys (only needed to regenerate a paragraph word for word; all optional on input):

    meeting_form         "number" ("10th meeting") | "word" ("fifth meeting"); default number
    meeting_ref          "its" | "same" ("At the same meeting") | "also_same" ("Also at ...")
                         default: "same" when the previous action has the same meeting
    date_form            "day_month" ("15 April") | "day_month_year" | "none" (not written;
                         the date was then taken from another paragraph on that meeting)
    outcome_form         "considered_to_be_recommended" when the report says "considered a
                         draft resolution to be recommended for approval by ..." (see below)
    draft_kind           "resolution" | "decision"
    draft_label          "revised draft resolution" | "draft decision" | "oral draft decision"
    document_form        "parenthesised" ("a draft resolution (E/CN.15/2011/L.3)") | "inline"
                         (committee style: "draft resolution A/C.3/78/L.41")
    document_part        "annex IV" in "(E/CN.7/2011/11-E/CN.15/2011/11, annex IV)"
    introduced_orally    bool: "introduced orally by"
    introduced_as_delegation  bool: "by the delegation of Canada"
    introduced_note      "on the recommendation of ..." / "in the context of ..." verbatim
    text_at_form         "for_the_text" ("(For the text, see ...)") | "see" ("(see para. 12)")
    financial_statement_lead      "Prior to the adoption of the revised draft resolution"
    financial_statement_by        "a representative of the Secretariat"
    financial_statement_wording   "a financial statement" | "a statement on the financial
                                  implications of its adoption"
    financial_statement_available_at  "the UNODC website" or None
    statements[].lead    the opening phrase before the comma ("Following adoption",
                         "Also prior to the adoption of the draft decision"); "" when the
                         sentence opens with the speakers ("The representative of Chile ...")
    statements[].on_behalf_of   {"Argentina": "Group of 77 and China"} when written
    chapter              "IV": the report chapter the paragraph sits in (None if unknown)
    subsequently_joined_paragraph  number of the paragraph of its own ("12. Subsequently, ...
                         joined in sponsoring the draft resolution.") that gave
                         subsequently_joined; render_action then leaves that sentence out

Paragraph 62 of corpus 004 ("considered a revised draft resolution to be recommended for
approval by the Economic and Social Council for adoption by the General Assembly ... (For the
text, see chap. I, sect. A, draft resolution II.) Prior to the adoption of ...") is imported as
outcome "approved_and_recommended" (recommended_to the Council, for_adoption_by the Assembly)
with ``outcome_form`` "considered_to_be_recommended": the text sits in chapter I, section A,
"Draft resolutions recommended ... for approval by the Council for adoption by the General
Assembly", and the report itself speaks of its "adoption", so the Commission did approve it;
"considered" is the report's house wording for drafts going on to the Assembly. A bare
"considered" with no recommendation stays outcome "considered".
"""

from negotiation.text.reports.paragraphs import normalise_paragraph
from negotiation.text.reports.reading import ActionsImport, parse_actions
from negotiation.text.reports.vocabulary import L_DOCUMENT, base_symbol, int_to_ordinal_word, ordinal_to_int
from negotiation.text.reports.wording import default_display, render_action, render_section

# Keys of an action dict that only say how the report worded it (stored apart from the record,
# in ``Action.report_style``, so the paragraph regenerates word for word).
WORDING_KEYS = (
    "meeting_form", "meeting_ref", "date_form", "outcome_form", "draft_kind", "draft_label",
    "document_form", "document_part", "introduced_orally", "introduced_as_delegation", "introduced_note",
    "text_at_form", "financial_statement_lead", "financial_statement_by", "financial_statement_wording",
    "financial_statement_available_at", "chapter", "subsequently_joined_paragraph", "title",
    "sponsors_paragraph", "joined_paragraphs", "introduced_paragraph", "result_form", "subject", "amends",
    "submitted_by", "notes", "programme_budget_implications",
)
# Keys of a statement dict kept the same way.
STATEMENT_WORDING_KEYS = ("lead", "paragraph", "voice", "timing_of")

__all__ = [
    "WORDING_KEYS",
    "L_DOCUMENT",
    "base_symbol",
    "STATEMENT_WORDING_KEYS",
    "ActionsImport",
    "parse_actions",
    "render_action",
    "render_section",
    "default_display",
    "normalise_paragraph",
    "ordinal_to_int",
    "int_to_ordinal_word",
]
