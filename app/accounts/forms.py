"""Account forms. Labels use lazy gettext; WTForms' own messages come from BaseForm."""

from __future__ import annotations

from zoneinfo import available_timezones

from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectChoice,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError

from app.accounts.passwords import MAX_LENGTH, password_problems
from app.accounts.services.sign_in import NOT_VERIFIED
from app.core.babel import gettext as _
from app.core.babel import lazy_gettext as _l
from app.core.forms import QuickSelectField, timezone_choices
from app.core.i18n import LOCALES, BaseForm
from app.core.roles import ROLE_TITLES, Role
from app.core.text import clean_line

_VALID_TIMEZONES = frozenset(available_timezones()) | {"UTC"}


def city_choices(cities: list[tuple[int, str]]) -> list[SelectChoice]:
    """The city select's choices from (id, name) pairs (``active_city_names``)."""
    choices = [SelectChoice("", _l("Choose your city or organisation"))]
    choices += [SelectChoice(str(city_id), name) for city_id, name in cities]
    return choices


def locale_choices() -> list[SelectChoice]:
    return [SelectChoice(loc.code, loc.label, render_kw={"lang": loc.html_lang}) for loc in LOCALES]


class PasswordRules:
    """Length and common-password check; personal words come from other fields of the form."""

    def __init__(self, *personal_fields: str):
        self.personal_fields = personal_fields

    def __call__(self, form, field):
        personal = [
            getattr(form, name).data or "" for name in self.personal_fields if hasattr(form, name)
        ]
        # Forms for a known person (change, reset) carry their name and address.
        personal += list(getattr(form, "personal_words", ()))
        problems = password_problems(field.data or "", *personal)
        if problems:
            raise ValidationError(str(problems[0]))


class ProfileFieldsMixin:
    name_native = StringField(
        _l("Name in your own script"),
        validators=[DataRequired(), Length(max=120)],
        filters=[clean_line],
        description=_l("As it should appear on certificates, e.g. 陳美玲 or 김민준."),
    )
    name_latin = StringField(
        _l("Name in Latin letters"),
        validators=[DataRequired(), Length(max=120)],
        filters=[clean_line],
        description=_l("For example Chen Mei-ling or Kim Min-jun."),
    )
    city_id = QuickSelectField(_l("City or organisation"), validators=[DataRequired()])
    department = StringField(
        _l("Department"), validators=[Optional(), Length(max=160)], filters=[clean_line]
    )
    job_title = StringField(
        _l("Job title"), validators=[Optional(), Length(max=160)], filters=[clean_line]
    )
    locale = QuickSelectField(_l("Preferred language"), choices=locale_choices())
    timezone = QuickSelectField(_l("Time zone"))

    def setup_choices(self, cities: list[tuple[int, str]]) -> None:
        if getattr(self, "city_id", None) is not None:  # not on the profile form
            self.city_id.choices = city_choices(cities)
        self.timezone.choices = timezone_choices()

    def validate_timezone(self, field):
        if field.data not in _VALID_TIMEZONES:
            raise ValidationError(_l("Please choose a time zone from the list."))


class RegisterForm(ProfileFieldsMixin, BaseForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(), PasswordRules("email", "name_latin", "name_native")],
        description=_l("At least 12 characters. A short sentence is easy to remember."),
        render_kw={"autocomplete": "new-password", "maxlength": MAX_LENGTH},
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", _l("The passwords do not match."))],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField(_l("Create account"))

    def setup_choices(self, cities: list[tuple[int, str]]) -> None:
        super().setup_choices(cities)
        # The page's script picks the browser's zone, unless the person has chosen one.
        self.timezone.render_kw = {"data-guess-timezone": ""}
        if self.is_submitted():
            self.timezone.render_kw["data-chosen"] = "1"

    # The page shows the sign-in details first; the error summary follows the page.
    summary_order = (
        "csrf_token",
        "email",
        "password",
        "confirm",
        "name_native",
        "name_latin",
        "city_id",
        "department",
        "job_title",
        "locale",
        "timezone",
    )


class LoginForm(BaseForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[DataRequired(), Length(max=254)],
        render_kw={"autocomplete": "email"},  # "username" is not allowed on type=email
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(), Length(max=MAX_LENGTH * 4)],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Keep me signed in on this device"))
    submit = SubmitField(_l("Sign in"))

    def show_refusal(self, refusal: str) -> None:
        """Why the sign-in did not go through (see services/sign_in.check_sign_in)."""
        if refusal == NOT_VERIFIED:
            self.email.errors.append(
                _("Please confirm your e-mail address first. We have sent you a new link.")
            )
        else:
            self.password.errors.append(_("The e-mail address or the password is not correct."))


class EmailOnlyForm(BaseForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(), Email(), Length(max=254)])
    submit = SubmitField(_l("Send the link"))


class ResetPasswordForm(BaseForm):
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), PasswordRules()],
        description=_l("At least 12 characters. A short sentence is easy to remember."),
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("password", _l("The passwords do not match."))],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField(_l("Save the new password"))


class ChangePasswordForm(BaseForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired()],
        render_kw={"autocomplete": "current-password"},
    )
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), PasswordRules()],
        description=_l("At least 12 characters. A short sentence is easy to remember."),
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("password", _l("The passwords do not match."))],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField(_l("Change password"))


class ChangeEmailForm(BaseForm):
    email = EmailField(
        _l("New e-mail address"), validators=[DataRequired(), Email(), Length(max=254)]
    )
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired()],
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField(_l("Send confirmation link"))


class ProfileForm(ProfileFieldsMixin, BaseForm):
    # The city decides a focal point's scope and the city caps: once the account exists only
    # staff change it (SECURITY.md C4); the person asks for a change (CityChangeRequestForm).
    city_id = None
    submit = SubmitField(_l("Save"))


class CityChangeRequestForm(BaseForm):
    city_id = QuickSelectField(_l("New city or organisation"), validators=[DataRequired()])
    reason = StringField(
        _l("Why it changes"),
        validators=[Optional(), Length(max=300)],
        filters=[clean_line],
        description=_l("For example: I moved to another bureau."),
    )
    submit = SubmitField(_l("Send the request to the centre"))

    def setup_choices(self, cities: list[tuple[int, str]]) -> None:
        self.city_id.choices = city_choices(cities)


class StaffCityForm(BaseForm):
    city_id = QuickSelectField(_l("City or organisation"), validators=[DataRequired()])
    submit = SubmitField(_l("Change the city"))

    def setup_choices(self, cities: list[tuple[int, str]]) -> None:
        self.city_id.choices = city_choices(cities)


class CodeForm(BaseForm):
    code = StringField(
        _l("Code"),
        validators=[DataRequired(), Length(max=32)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )
    submit = SubmitField(_l("Confirm"))


class ReauthForm(BaseForm):
    password = PasswordField(
        _l("Password"), validators=[DataRequired()], render_kw={"autocomplete": "current-password"}
    )
    submit = SubmitField(_l("Confirm"))


class UserSearchForm(BaseForm):
    class Meta:
        csrf = False

    q = StringField(_l("Search by name or e-mail"), validators=[Optional(), Length(max=100)])
    role = QuickSelectField(
        _l("Role"),
        validators=[Optional()],
        choices=[SelectChoice("", _l("All roles"))]
        + [SelectChoice(r.value, ROLE_TITLES[r]) for r in Role],
    )
    status = QuickSelectField(
        _l("Status"),
        validators=[Optional()],
        choices=[
            SelectChoice("", _l("All")),
            SelectChoice("active", _l("Active")),
            SelectChoice("inactive", _l("Deactivated")),
            SelectChoice("unverified", _l("E-mail not verified")),
        ],
    )
    submit = SubmitField(_l("Search"))


class UserRolesForm(BaseForm):
    official = BooleanField(_l("Learner"))
    instructor = BooleanField(_l("Instructor"))
    staff = BooleanField(_l("Centre staff"))
    admin = BooleanField(_l("Administrator"))
    focal_point = BooleanField(_l("City focal point"))
    submit = SubmitField(_l("Save roles"))

    def selected_roles(self) -> set[Role]:
        return {role for role in Role if getattr(self, role.value).data}


class CloseAccountForm(BaseForm):
    password = PasswordField(
        _l("Your password"),
        validators=[DataRequired()],
        render_kw={"autocomplete": "current-password"},
        description=_l("To confirm that it is you who closes the account."),
    )
    understood = BooleanField(
        _l("I understand that my account cannot be opened again."),
        validators=[DataRequired(message=_l("Please confirm that you understand."))],
    )
    submit = SubmitField(_l("Close my account"))
