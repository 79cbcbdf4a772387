"""Fill msgstr values from a JSON file: {"locale": {"msgid": "msgstr", ...}, ...}.

Used for small additions between full translation passes: python scripts/set_translations.py x.json
"""

import json
import sys

from babel.messages.pofile import read_po, write_po

with open(sys.argv[1], encoding="utf-8") as handle:
    updates = json.load(handle)
for locale, strings in updates.items():
    path = f"translations/{locale}/LC_MESSAGES/messages.po"
    with open(path, "rb") as handle:
        catalog = read_po(handle, locale=locale)
    for msgid, msgstr in strings.items():
        message = catalog.get(msgid)
        if message is None:
            sys.exit(f"{locale}: no msgid {msgid!r}")
        message.string = msgstr
        message.flags.discard("fuzzy")
    with open(path, "wb") as handle:
        write_po(handle, catalog, width=100)
