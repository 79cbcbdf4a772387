"""Forms for adding and changing materials."""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    IntegerField,
    RadioField,
    SelectChoice,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.catalogue.forms import LOCAL_FORMAT, _TitlesMixin, localized_title_fields, validate_web_url
from app.catalogue.services import local_to_utc, utc_to_local
from app.core.babel import lazy_gettext as _l
from app.core.forms import QuickSelectField
from app.core.i18n import BaseForm
from app.records.materials.models import VISIBILITY_TITLES, MaterialKind
from app.records.materials.services import MaterialDetails, Upload

MaterialFormBase = type(
    "MaterialFormBase", (BaseForm,), localized_title_fields("title", _l("Title"))
)


class MaterialForm(_TitlesMixin, MaterialFormBase):
    kind = RadioField(
        _l("Kind of material"),
        choices=[
            SelectChoice(MaterialKind.FILE.value, _l("A file")),
            SelectChoice(MaterialKind.LINK.value, _l("A link")),
        ],
        default=MaterialKind.FILE.value,
    )
    file = FileField(
        _l("File"),
    )
    url = StringField(
        _l("Web address"), validators=[Optional(), Length(max=1000), validate_web_url]
    )
    attach_to = QuickSelectField(_l("Part of the offering"), default="")
    visibility = RadioField(
        _l("Who may open it"),
        choices=[SelectChoice(key.value, label) for key, label in VISIBILITY_TITLES.items()],
        default="enrolled",
    )
    release_local = DateTimeLocalField(
        _l("Available from"),
        format=LOCAL_FORMAT,
        validators=[Optional()],
        description=_l("In the offering's time zone. Leave empty to make it available at once."),
    )
    is_required = BooleanField(_l("Required: participants must open it to complete the offering"))
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, attach_choices=(), editing_kind: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.attach_to.choices = [
            SelectChoice("", _l("The whole offering")),
            *(SelectChoice(value, label) for value, label in attach_choices),
        ]
        self.editing_kind = editing_kind
        if editing_kind:
            self.kind.data = editing_kind

    def validate_url(self, field):
        if self.kind.data == MaterialKind.LINK and not (field.data or "").strip():
            raise ValidationError(_l("Enter the web address of the link."))

    def validate_file(self, field):
        if self.kind.data == MaterialKind.FILE and not self.editing_kind and not field.data:
            raise ValidationError(_l("Choose a file to upload."))

    def attachment(self) -> tuple[int | None, int | None]:
        """(module id, session id) chosen; the service checks they belong to the offering."""
        value = self.attach_to.data or ""
        kind, _sep, raw = value.partition(":")
        if not raw.isdigit():
            return None, None
        return (int(raw), None) if kind == "module" else (None, int(raw))

    def details(self, timezone: str) -> MaterialDetails:
        """What was written, the release time read in the offering's ``timezone``."""
        module_id, session_id = self.attachment()
        release = self.release_local.data
        return MaterialDetails(
            titles=self.titles(),
            visibility=self.visibility.data,
            release_at=local_to_utc(release, timezone) if release else None,
            is_required=bool(self.is_required.data),
            module_id=module_id,
            session_id=session_id,
            url=(self.url.data or "").strip(),
        )

    def upload(self) -> Upload | None:
        """The file chosen, if any."""
        upload = self.file.data
        return Upload(upload.filename, upload.stream) if upload else None

    def fill(self, material, timezone: str) -> None:
        """Show the saved ``material`` (a Material), its release time in ``timezone``."""
        for code, title in material.titles.items():
            if hasattr(self, f"title_{code}"):
                getattr(self, f"title_{code}").data = title
        self.url.data = material.url
        self.visibility.data = material.visibility
        self.is_required.data = material.is_required
        self.release_local.data = utc_to_local(material.release_at, timezone)
        if material.module_id:
            self.attach_to.data = f"module:{material.module_id}"
        elif material.session_id:
            self.attach_to.data = f"session:{material.session_id}"


class RestoreForm(BaseForm):
    version = IntegerField(_l("Version"), validators=[DataRequired()])
    submit = SubmitField(_l("Restore this version"))
