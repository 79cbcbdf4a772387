"""Our own wording for the messages WTForms writes itself ("This field is required."), in the
platform's catalogues so that all five languages read like the rest of the site. A message
not listed here falls back to WTForms' own translation."""

from __future__ import annotations

from app.core.babel import lazy_gettext as _l

# WTForms' English text (for ngettext: its singular) → ours. Placeholders are WTForms' own.
MESSAGES = {
    "This field is required.": _l("Please fill in this field."),
    "Invalid email address.": _l("Please enter an e-mail address, such as name@example.org."),
    "Invalid URL.": _l("Please enter a full web address, such as https://example.org."),
    "Invalid input.": _l("Please check what you entered."),
    "Not a valid choice.": _l("Please choose one of the options in the list."),
    "Invalid Choice: could not coerce.": _l("Please choose one of the options in the list."),
    "Not a valid integer value.": _l("Please enter a whole number, such as 20."),
    "Not a valid decimal value.": _l("Please enter a number, such as 2.5."),
    "Not a valid float value.": _l("Please enter a number, such as 2.5."),
    "Not a valid date value.": _l("Please enter a date, such as 2026-03-05."),
    "Not a valid datetime value.": _l("Please enter a date and a time, such as 2026-03-05 14:00."),
    "Not a valid time value.": _l("Please enter a time, such as 14:00."),
    "Number must be at least %(min)s.": _l("Please enter %(min)s or more."),
    "Number must be at most %(max)s.": _l("Please enter %(max)s or less."),
    "Number must be between %(min)s and %(max)s.": _l(
        "Please enter a number from %(min)s to %(max)s."
    ),
    "Field must be equal to %(other_name)s.": _l("The two entries do not match."),
    "Field must be at least %(min)d character long.": _l("Please use at least %(min)d characters."),
    "Field cannot be longer than %(max)d character.": _l("Please use at most %(max)d characters."),
    "Field must be exactly %(max)d character long.": _l("Please use exactly %(max)d characters."),
    "Field must be between %(min)d and %(max)d characters long.": _l(
        "Please use between %(min)d and %(max)d characters."
    ),
}


def our_wording(message: str) -> str | None:
    ours = MESSAGES.get(message)
    return str(ours) if ours is not None else None
