"""English is the source language: its catalogue repeats each msgid as its msgstr."""

from babel.messages.pofile import read_po, write_po

PATH = "translations/en/LC_MESSAGES/messages.po"

with open(PATH, "rb") as handle:
    catalog = read_po(handle, locale="en")
for message in catalog:
    if not message.id:
        continue
    if isinstance(message.id, tuple):
        message.string = tuple(message.id)
    else:
        message.string = message.id
    message.flags.discard("fuzzy")
with open(PATH, "wb") as handle:
    write_po(handle, catalog, width=100, omit_header=False)
