# SPDX-License-Identifier: GPL-3.0-or-later
"""A small reader of PO and POT files, enough for the i18n tests."""

import ast


class Entry:
    def __init__(self):
        self.msgctxt = None
        self.msgid = None
        self.msgid_plural = None
        self.msgstr = {}          # index -> text; plain msgstr is index 0
        self.flags = set()
        self.references = []

    @property
    def key(self):
        return (self.msgctxt, self.msgid)

    @property
    def fuzzy(self):
        return "fuzzy" in self.flags

    def translated(self, nplurals=1):
        """True when every msgstr needed is present, non-empty and not fuzzy."""
        if self.fuzzy:
            return False
        wanted = range(nplurals) if self.msgid_plural is not None else range(1)
        return all(self.msgstr.get(i) for i in wanted)

    def describe(self):
        text = self.msgid if self.msgctxt is None else "%s | %s" % (self.msgctxt, self.msgid)
        where = " (%s)" % " ".join(self.references) if self.references else ""
        return repr(text) + where


def _unquote(literal, path, number):
    literal = literal.strip()
    if not (literal.startswith('"') and literal.endswith('"')):
        raise ValueError("%s:%d: expected a quoted string" % (path, number))
    # PO escapes are a subset of Python's; the text is UTF-8 already.
    return ast.literal_eval(literal)


def parse(path):
    """Return the entries of PATH, the header (msgid "") included."""
    entries = []
    entry = Entry()
    field = None           # ("msgid",) ("msgstr", n) ...
    started = False

    def finish():
        nonlocal entry, field, started
        if started and entry.msgid is not None:
            entries.append(entry)
        entry = Entry()
        field = None
        started = False

    with open(path, encoding="utf-8") as f:
        for number, raw in enumerate(f, start=1):
            line = raw.rstrip("\n")
            if line.startswith("#~"):
                # Obsolete entries are skipped altogether.
                continue
            stripped = line.strip()
            if not stripped:
                finish()
                continue
            if stripped.startswith("#"):
                if field is not None and field[0] == "msgstr":
                    finish()
                if stripped.startswith("#,"):
                    entry.flags.update(f.strip() for f in stripped[2:].split(","))
                elif stripped.startswith("#:"):
                    entry.references.extend(stripped[2:].split())
                continue
            keyword, _, rest = stripped.partition(" ")
            if keyword.startswith('"'):
                if field is None:
                    raise ValueError("%s:%d: string outside an entry" % (path, number))
                text = _unquote(stripped, path, number)
                if field[0] == "msgstr":
                    entry.msgstr[field[1]] += text
                else:
                    setattr(entry, field[0], getattr(entry, field[0]) + text)
                continue
            if keyword in ("msgctxt", "msgid") and field is not None and field[0] == "msgstr":
                finish()
            started = True
            text = _unquote(rest, path, number)
            if keyword in ("msgctxt", "msgid", "msgid_plural"):
                setattr(entry, keyword, text)
                field = (keyword,)
            elif keyword == "msgstr":
                entry.msgstr[0] = text
                field = ("msgstr", 0)
            elif keyword.startswith("msgstr[") and keyword.endswith("]"):
                index = int(keyword[7:-1])
                entry.msgstr[index] = text
                field = ("msgstr", index)
            else:
                raise ValueError("%s:%d: unknown keyword %s" % (path, number, keyword))
    finish()
    return entries


def header(entries):
    """Return the header fields as a dict."""
    for e in entries:
        if e.msgid == "" and e.msgctxt is None:
            fields = {}
            for line in e.msgstr.get(0, "").split("\n"):
                name, sep, value = line.partition(":")
                if sep:
                    fields[name.strip()] = value.strip()
            return fields
    return {}


def nplurals(fields):
    forms = fields.get("Plural-Forms", "")
    for part in forms.split(";"):
        name, _, value = part.partition("=")
        if name.strip() == "nplurals":
            try:
                return int(value.strip())
            except ValueError:
                return None
    return None
