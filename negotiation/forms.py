"""Forms validate input and nothing else; rules live in services."""
from django import forms

from negotiation.limits import text_limits
from negotiation.models import Action, Body, Delegation, Draft, Statement, Version, Vote
from negotiation.text.readers import ACCEPTED_EXTENSIONS, size_text


class ImportForm(forms.Form):
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

    def clean_text(self):
        text = self.cleaned_data["text"]
        limit = text_limits().max_text_chars
        if len(text) > limit:
            raise forms.ValidationError(f"The text is {len(text):,} characters long; the limit is {limit:,} characters.")
        return text

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        limit = text_limits().max_file_bytes
        if upload is not None and upload.size > limit:
            raise forms.ValidationError(f"The file is {upload.size / 1024 / 1024:.1f} MB; the limit is {size_text(limit)}.")
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
    in_favour = forms.IntegerField(required=False, min_value=0, label="In favour")
    against = forms.IntegerField(required=False, min_value=0, label="Against")
    abstaining = forms.IntegerField(required=False, min_value=0, label="Abstaining")

    def __init__(self, *args, draft, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.draft = draft
        self.fields["version"].queryset = draft.versions.order_by("-sequence")
        self.fields["version"].label_from_instance = lambda v: v.label + (f" ({v.date:%d %b %Y})" if v.date else "")
        self.fields["in_favour_list"] = DelegationPicker(choices=choices, label="In favour: delegations", size=8)
        self.fields["against_list"] = DelegationPicker(choices=choices, label="Against: delegations", size=8)
        self.fields["abstaining_list"] = DelegationPicker(choices=choices, label="Abstaining: delegations", size=8)
        self.fields["subsequently_joined"] = DelegationPicker(
            choices=choices, label="Joined the sponsors at the meeting", help_text="“Subsequently, … joined in sponsoring”.")

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        vote = None
        if data["vote_kind"]:
            vote = {"kind": data["vote_kind"], "in_favour": data["in_favour"], "against": data["against"],
                    "abstaining": data["abstaining"],
                    "lists": {key: data[name] for name, key in LIST_FIELDS if data[name]}}
        return {
            "version": data["version"], "meeting_number": data["meeting_number"], "date": data["date"],
            "outcome": data["outcome"], "recommended_to": data["recommended_to"], "for_adoption_by": data["for_adoption_by"],
            "introduced_by": data["introduced_by"], "financial_statement": data["financial_statement"],
            "financial_statement_document": data["financial_statement_document"], "text_at": data["text_at"],
            "result": data["result"], "vote": vote, "subsequently_joined": data["subsequently_joined"],
        }


class StatementForm(forms.Form):
    delegations = forms.MultipleChoiceField(required=False)  # replaced by a picker in __init__
    timing = forms.ChoiceField(choices=Statement.Timing.choices, initial=Statement.Timing.AFTER, label="When")
    kind = forms.ChoiceField(choices=Statement.Kind.choices, initial=Statement.Kind.EXPLANATION_OF_POSITION, label="Kind")
    role = forms.ChoiceField(choices=[("representative", "representative (member)"), ("observer", "observer")], label="Speaking as")
    paragraph_refs = forms.CharField(required=False, max_length=200, label="Paragraphs concerned",
                                     help_text="e.g. “operative paragraph 12” or “OP12, PP3”.")
    text = forms.CharField(required=False, label="Summary", widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="As the report will print it after the speakers: “stated that …”.")

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegations"] = DelegationPicker(choices=choices, label="Delegation(s)", size=5)

    def clean(self):
        data = super().clean()
        if data.get("delegations") and not (data.get("text") or "").strip():
            self.add_error("text", "Write what the statement said.")
        if (data.get("text") or "").strip() and not data.get("delegations"):
            self.add_error("delegations", "Choose who made the statement.")
        return data

    def service_kwargs(self) -> dict | None:
        data = self.cleaned_data
        if not data or not data.get("delegations"):
            return None
        return {key: data[key] for key in ("delegations", "text", "timing", "kind", "role", "paragraph_refs")}


StatementFormSet = forms.formset_factory(StatementForm, extra=2, max_num=20)
