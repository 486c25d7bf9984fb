"""Forms validate input and nothing else; rules live in services."""
import re

from django import forms

from negotiation.errors import ApplicationError
from negotiation.limits import text_limits
from negotiation.models import Action, Body, Delegation, Draft, Statement, Version, Vote
from negotiation.models.actions import vote_problem
from negotiation.services.common import DelegationNames
from negotiation.text import names as text_names
from negotiation.text.readers import ACCEPTED_EXTENSIONS, size_text


class TextOrFileLimits:
    """The text limits of a form that takes pasted ``text`` or an uploaded ``file``: one rule
    for the import page and the report import page (``negotiation.limits``)."""

    def clean_text(self):
        text = self.cleaned_data["text"].replace("\r\n", "\n").replace("\r", "\n")
        limit = text_limits().max_text_chars
        if len(text) > limit:
            raise forms.ValidationError(f"The text is {len(text):,} characters long; the limit is {limit:,} characters.")
        return text

    @staticmethod
    def file_too_large(upload) -> str | None:
        """Why an upload is refused for its size, or None."""
        limit = text_limits().max_file_bytes
        if upload is not None and upload.size > limit:
            return f"The file is {size_text(upload.size)}; the limit is {size_text(limit)}."
        return None


class ImportForm(TextOrFileLimits, forms.Form):
    text = forms.CharField(label="Paste the text", widget=forms.Textarea(attrs={"rows": 12}), required=False)
    file = forms.FileField(label="…or upload a file (.docx, .pdf, .txt, .md)", required=False,
                           widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED_EXTENSIONS)}),
                           help_text="A .pdf must have a text layer (scanned pages need OCR first).")
    draft = forms.ModelChoiceField(label="New version of", queryset=Draft.objects.none(), required=False,
                                   empty_label="— a new draft —")
    body = forms.ModelChoiceField(label="Body", queryset=Body.objects.order_by("short_name"), required=False)
    session = forms.IntegerField(label="Session", min_value=1, max_value=999, required=False)
    symbol = forms.CharField(label="Symbol (secretariat)", max_length=80, required=False)
    draft_kind = forms.ChoiceField(label="Draft kind", choices=Draft.Kind.choices, initial=Draft.Kind.RESOLUTION)
    label = forms.CharField(label="Version label", max_length=120, help_text="L.13, L.13/Rev.1, “L.13/Rev.1, as further revised”, or a name such as “Zero draft”.")
    kind = forms.ChoiceField(label="Version kind", choices=Version.Kind.choices, initial=Version.Kind.INFORMAL)
    date = forms.DateField(label="Date", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, drafts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if drafts is not None:
            self.fields["draft"].queryset = drafts

    def clean(self):
        data = super().clean()
        too_large = self.file_too_large(data.get("file"))
        if too_large:
            raise forms.ValidationError(too_large)
        if not data.get("draft") and not (data.get("body") and data.get("session")):
            raise forms.ValidationError("Choose the draft this is a new version of, or the body and session of a new draft.")
        return data


# The secretariat's page for recording an action and its statements.

VOTE_CHOICES = [("", "not stated in the report")] + list(Vote.Kind.choices)
PICKER_GROUPS = (
    (Delegation.Kind.MEMBER_STATE, "Member States"), (Delegation.Kind.OBSERVER_STATE, "Observer States"),
    (Delegation.Kind.ENTITY, "Entities"), (Delegation.Kind.GROUP, "Groups"),
)
LIST_FIELDS = (("in_favour_list", "in_favour"), ("against_list", "against"), ("abstaining_list", "abstaining"))

# Reading lists of names pasted from a report. The same rule is in static/js/action_form.js
# (which only counts): keep the two in step.
_CUT_AT_HYPHEN = re.compile(r"-[ \t]*\r?\n\s*")  # "Timor-\nLeste" -> "Timor-Leste"
_LIST_LABEL = re.compile(r"^\s*(?:in\s+favou?r|against|abstaining|abstentions?)\s*:\s*", re.IGNORECASE)
_SPEAKERS_LEAD = re.compile(
    r"^(?:(?:the|a)\s+)?(?:representatives?|observers?|delegations?)\s+(?:of|for)\s+", re.IGNORECASE)


def _listed(text: str) -> list[text_names.Sponsor]:
    """The names of a list pasted as a report prints it, read by ``names.parse_sponsor_list``
    once the paste is tidied: line breaks and runs of spaces count as one space, except after a
    hyphen at the end of a line, which joins without one ("Timor-\nLeste"); a leading "In
    favour:", empty items, a serial comma ("A, B, and C") and a final full stop are dropped."""
    text = _CUT_AT_HYPHEN.sub("-", text or "")
    text = " ".join(_LIST_LABEL.sub("", text).split()).strip().rstrip(".;").strip()
    text = re.sub(r"\s*,(?:\s*,)+", ",", text).strip(", ")  # "Chile,, Peru," -> "Chile, Peru"
    text = re.sub(r",\s*(?=[^,]*$)and\s+", " and ", text)  # a serial comma before the last name
    text = re.sub(r",(?=\S)", ", ", text)
    return text_names.parse_sponsor_list(text) if text else []


def split_names(text: str) -> list[str]:
    """The names in a pasted list, as written (articles and "(on behalf of ...)" kept):
    "Bosnia and\nHerzegovina, Timor-\nLeste, the Philippines" -> three names."""
    return [item.running_text for item in _listed(text)]


def _resolve(raw: str, names: DelegationNames) -> Delegation:
    """The delegation ``raw`` names; a name cut at a line break inside a word ("Hon-\nduras")
    is tried without its hyphen. Raises ValidationError naming it and its close matches."""
    try:
        return names.get(raw)
    except ApplicationError as exc:
        if "-" in raw:
            try:
                return names.get(raw.replace("-", ""))
            except ApplicationError:
                pass
        raise forms.ValidationError(exc.message) from exc


def resolve_names(text: str, names: DelegationNames, *, speakers: bool = False) -> list[Delegation]:
    """The delegations a pasted list names, in its order; every unknown name is an error.

    With ``speakers``, a lead "the representatives of" is dropped and "(on behalf of ...)"
    after a name must name a known group (it is not stored with the statement).
    """
    text = (text or "").strip()
    if speakers:
        text = _SPEAKERS_LEAD.sub("", " ".join(text.split()))
    found, errors = [], []
    for listed in _listed(text):
        item = text_names.in_running_text(listed.name, listed.article)
        groups = [text_names.in_running_text(listed.on_behalf_of, listed.on_behalf_of_article)] if listed.on_behalf_of else []
        if groups and not speakers:  # a vote list names delegations only: keep the item as pasted
            item, groups = listed.running_text, []
        for raw in [item, *groups]:
            try:
                delegation = _resolve(raw, names)
            except forms.ValidationError as exc:
                errors.extend(exc.messages)
            else:
                if raw == item:
                    found.append(delegation)
    if errors:
        raise forms.ValidationError(errors)
    return found


def delegation_choices() -> list:
    """Delegations grouped by kind, in UN order, valued by short name: one query for every picker."""
    groups: dict[str, list] = {}
    for short_name, kind in Delegation.objects.order_by("sort_name").values_list("short_name", "kind"):
        groups.setdefault(kind, []).append((short_name, short_name))
    return [(label, groups[kind]) for kind, label in PICKER_GROUPS if kind in groups]


class DelegationPicker(forms.MultipleChoiceField):
    def __init__(self, *, choices, label, help_text="", size=6):
        super().__init__(choices=choices, label=label, required=False, help_text=help_text,
                         widget=forms.SelectMultiple(attrs={"size": size, "class": "picker"}))


def _list_area(label: str, key: str) -> forms.CharField:
    return forms.CharField(
        required=False, label=label, max_length=20000, strip=False,
        widget=forms.Textarea(attrs={"rows": 7, "class": "vote-names", "data-list": key, "spellcheck": "false",
                                     "aria-describedby": f"vote-hint count-{key} mismatch-{key}"}))


def _count(label: str, key: str) -> forms.IntegerField:
    return forms.IntegerField(required=False, min_value=0, max_value=999, label=label,
                              widget=forms.NumberInput(attrs={"class": "vote-count", "data-count": key}))


class ActionForm(forms.Form):
    version = forms.ModelChoiceField(queryset=Version.objects.none(), label="Version acted on",
                                     help_text="The text the body acted on, e.g. L.13/Rev.1, as further revised.")
    meeting_number = forms.IntegerField(label="Meeting", min_value=1, help_text="9 for the 9th meeting.")
    date = forms.DateField(label="Date of the meeting", widget=forms.DateInput(attrs={"type": "date"}))
    outcome = forms.ChoiceField(label="Outcome", choices=Action.Outcome.choices)
    recommended_to = forms.ModelChoiceField(queryset=Body.objects.order_by("name"), required=False, label="Recommended to",
                                            help_text="For a recommendation; by default the body it reports to.")
    for_adoption_by = forms.ModelChoiceField(queryset=Body.objects.order_by("name"), required=False, label="For adoption in the end by",
                                             help_text="e.g. the General Assembly, through the Council.")
    introduced_by = forms.CharField(required=False, label="Introduced by", max_length=300,
                                    help_text="Delegations, as in “Sweden and the United States”.")
    financial_statement = forms.BooleanField(required=False, label="A financial statement was read out")
    financial_statement_document = forms.CharField(required=False, max_length=80, label="Its document",
                                                   help_text="e.g. E/CN.15/2011/CRP.7")
    text_at = forms.CharField(required=False, max_length=120, label="Text at", help_text="chap. I, sect. D, resolution 20/3")
    result = forms.CharField(required=False, max_length=80, label="Number received", help_text="resolution 20/3")
    vote_kind = forms.ChoiceField(required=False, choices=VOTE_CHOICES, label="How it was taken")
    # A recorded vote: each list pasted as the report prints it, then its count (which may be
    # left empty: it is then the length of its list).
    in_favour_list = _list_area("In favour", "in_favour")
    in_favour = _count("Number in favour", "in_favour")
    against_list = _list_area("Against", "against")
    against = _count("Number against", "against")
    abstaining_list = _list_area("Abstaining", "abstaining")
    abstaining = _count("Number abstaining", "abstaining")

    def __init__(self, *args, draft, choices, names: DelegationNames | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.draft = draft
        self.names = names or DelegationNames()
        self.fields["version"].queryset = draft.versions.order_by("-sequence")
        self.fields["version"].label_from_instance = lambda v: v.label + (f" ({v.date:%d %b %Y})" if v.date else "")
        self.fields["subsequently_joined"] = DelegationPicker(
            choices=choices, label="Joined the sponsors at the meeting", help_text="“Subsequently, … joined in sponsoring”.")
        self.resolved_lists: dict[str, list[Delegation]] = {}

    def vote_columns(self):
        """(key, list field, count field) for the template's three columns."""
        return [(key, self[name], self[key]) for name, key in LIST_FIELDS]

    def clean(self):
        data = super().clean()
        resolved, unreadable = {}, False
        for name, key in LIST_FIELDS:
            try:
                resolved[key] = resolve_names(data.get(name) or "", self.names)
            except forms.ValidationError as exc:
                self.add_error(name, exc)
                unreadable = True
        if unreadable or any(key in self.errors for _, key in LIST_FIELDS):
            return data
        kind = data.get("vote_kind") or ""
        listed = {key: len(ds) for key, ds in resolved.items() if ds}
        counts = {key: data.get(key) for _, key in LIST_FIELDS}
        if not kind:
            if listed or any(c is not None for c in counts.values()):
                self.add_error("vote_kind", "Say how it was taken: lists of delegations mean a recorded vote.")
            return data
        seen: dict[int, str] = {}
        for name, key in LIST_FIELDS:
            for d in resolved[key]:
                if d.pk in seen:
                    where = ("twice in the list " + key.replace("_", " ") if seen[d.pk] == key
                             else f"both {seen[d.pk].replace('_', ' ')} and {key.replace('_', ' ')}")
                    self.add_error(name, f"{d.short_name} is listed {where}: a delegation votes once.")
                    return data
                seen[d.pk] = key
        if kind == Vote.Kind.RECORDED and listed:
            counts = {key: len(resolved[key]) if count is None else count for key, count in counts.items()}
        problem = vote_problem(kind, counts, listed)
        if problem:
            field, message = problem
            self.add_error(field, message)
            return data
        data.update(counts)
        self.resolved_lists = {key: ds for key, ds in resolved.items() if ds}
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        vote = None
        if data["vote_kind"]:
            vote = {"kind": data["vote_kind"], "in_favour": data["in_favour"], "against": data["against"],
                    "abstaining": data["abstaining"], "lists": dict(self.resolved_lists)}
        return {
            "version": data["version"], "meeting_number": data["meeting_number"], "date": data["date"],
            "outcome": data["outcome"], "recommended_to": data["recommended_to"], "for_adoption_by": data["for_adoption_by"],
            "introduced_by": data["introduced_by"], "financial_statement": data["financial_statement"],
            "financial_statement_document": data["financial_statement_document"], "text_at": data["text_at"],
            "result": data["result"], "vote": vote, "subsequently_joined": data["subsequently_joined"],
        }


class StatementForm(forms.Form):
    delegations = forms.CharField(
        required=False, max_length=2000, label="Delegation(s)",
        widget=forms.TextInput(attrs={"list": "delegation-names", "autocomplete": "off", "class": "speakers", "spellcheck": "false"}),
        help_text="Type or paste: “Spain, Japan” or “the representatives of Spain (on behalf of the European Union) and Japan”.")
    timing = forms.ChoiceField(choices=Statement.Timing.choices, initial=Statement.Timing.AFTER, label="When")
    kind = forms.ChoiceField(choices=Statement.Kind.choices, initial=Statement.Kind.EXPLANATION_OF_POSITION, label="Kind")
    role = forms.ChoiceField(choices=[("representative", "representative (member)"), ("observer", "observer")], label="Speaking as")
    paragraph_refs = forms.CharField(required=False, max_length=200, label="Paragraphs concerned",
                                     help_text="e.g. “operative paragraph 12” or “OP12, PP3”.")
    text = forms.CharField(required=False, label="Summary", widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="As the report will print it after the speakers: “stated that …”.")

    def __init__(self, *args, names: DelegationNames | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.names = names or DelegationNames()

    def clean_delegations(self):
        return resolve_names(self.cleaned_data.get("delegations") or "", self.names, speakers=True)

    def clean(self):
        data = super().clean()
        if "delegations" in self.errors:
            return data
        if data.get("delegations") and not (data.get("text") or "").strip():
            self.add_error("text", "Write what the statement said.")
        if (data.get("text") or "").strip() and not data.get("delegations"):
            self.add_error("delegations", "Say who made the statement.")
        return data

    def service_kwargs(self) -> dict | None:
        data = self.cleaned_data
        if not data or not data.get("delegations"):
            return None
        return {key: data[key] for key in ("delegations", "text", "timing", "kind", "role", "paragraph_refs")}


# Three empty rows without JavaScript; the page's script adds more from the empty form.
StatementFormSet = forms.formset_factory(StatementForm, extra=3, max_num=100)
