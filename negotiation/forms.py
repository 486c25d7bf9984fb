"""Forms validate input and nothing else; rules live in services."""
from django import forms

from negotiation.models import Body, Draft, Version
from negotiation.text.readers import MAX_UPLOAD_BYTES


class ImportForm(forms.Form):
    text = forms.CharField(label="Paste the text", widget=forms.Textarea(attrs={"rows": 12}), required=False,
                           max_length=MAX_UPLOAD_BYTES)
    file = forms.FileField(label="…or upload a file (.docx, .txt, .md)", required=False)
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
        upload = data.get("file")
        if upload is not None and upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(f"The file is {upload.size / 1024 / 1024:.1f} MB; the limit is {MAX_UPLOAD_BYTES // 1024 // 1024} MB.")
        if not data.get("draft") and not (data.get("body") and data.get("session")):
            raise forms.ValidationError("Choose the draft this is a new version of, or the body and session of a new draft.")
        return data
