"""The form of the report import page: where to record, and the report (pasted or uploaded)."""
import hashlib

from django import forms

from negotiation.errors import ApplicationError
from negotiation.forms import TextOrFileLimits
from negotiation.models import Body
from negotiation.services.importing import text_read
from negotiation.text.readers import ACCEPTED_EXTENSIONS


class BodyChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.short_name} – {obj.name}"


class ReportImportForm(TextOrFileLimits, forms.Form):
    body = BodyChoice(label="Body", queryset=Body.objects.order_by("short_name"), to_field_name="short_name",
                      empty_label="— choose —")
    session = forms.IntegerField(label="Session", min_value=1, max_value=999,
                                 help_text="The body's session number, e.g. 20 for CCPCJ/20, 78 for GA/C.3/78.")
    year = forms.IntegerField(label="Year (optional)", min_value=1945, max_value=2100, required=False,
                              help_text="Only if the report gives its meetings' dates without the year.")
    text = forms.CharField(label="Paste the report", required=False,
                           widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}),
                           help_text="The whole report or only its “Action taken” paragraphs, numbered as in the report.")
    file = forms.FileField(label="…or upload it", required=False,
                           widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED_EXTENSIONS)}),
                           help_text="A .txt, .docx or .pdf file (a .pdf must have a text layer). It replaces the pasted text.")
    create_missing = forms.BooleanField(
        label="Create the drafts and versions not yet recorded here (known by their symbol only)",
        required=False, initial=True)

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        data["report_text"] = data.get("text", "")
        data["filename"] = ""
        if upload is not None:
            too_large = self.file_too_large(upload)
            if too_large:
                self.add_error("file", too_large)
                return data
            try:
                data["report_text"] = text_read(filename=upload.name, data=upload.read()).replace("\r\n", "\n")
            except ApplicationError as exc:
                self.add_error("file", exc.message)
                return data
            data["filename"] = upload.name
        elif "text" in data and not data["report_text"].strip():
            raise forms.ValidationError("Paste the report or choose its file: there is no text to read.")
        return data

    @property
    def session_key(self) -> str:
        """"CCPCJ/20", as the "Action taken" page and the import command name a session."""
        return f"{self.cleaned_data['body'].short_name}/{self.cleaned_data['session']}"

    def digest(self) -> str:
        """A fingerprint of what was previewed (text, where, year, creation): storing a text that
        differs from its preview shows the preview again instead."""
        d = self.cleaned_data
        key = "\x1f".join([d["body"].short_name, str(d["session"]), str(d.get("year") or ""),
                           "1" if d.get("create_missing") else "0", d["report_text"]])
        return hashlib.sha256(key.encode("utf-8")).hexdigest()

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {"report_text": d["report_text"], "body": d["body"], "session": d["session"], "year": d.get("year"),
                "create_missing": bool(d.get("create_missing"))}
