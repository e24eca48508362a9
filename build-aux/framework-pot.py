#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Print the translatable text of an MNR framework file as a POT fragment.

xgettext cannot read JSON, so this script extracts what the core translates
when it loads a framework (app/core/model/mnr-framework.c calls
g_dpgettext2 (GETTEXT_PACKAGE, "MNR framework", text)):

  - the top-level "edition" and "title";
  - "title" and "description" of every enabler, domain, capability and
    outcome (when present and not empty);
  - the "text" of every variant;
  - "name", "description" and "enabler-description" of every level of the
    scale.

Ids, colours, "publisher" and source citations are not translated.

With --sample, the files are sample evidence files (data/sample/*.json,
read by app/core/model/mnr-sample-evidence.c) and the script extracts the
set's "title" and the "title" and "summary" of every example, with the
context "MNR sample evidence" (the core looks them up with
g_dpgettext2 (GETTEXT_PACKAGE, "MNR sample evidence", text) when it shows
them). Country codes, years and citations are not extracted.

Each string appears once, with its context, a reference to the JSON file
and an extracted comment for every place it is used.

Usage: framework-pot.py [--sample] [--reference PATH] FILE.json [...]
"""

import argparse
import json
import sys

CONTEXT = "MNR framework"
SAMPLE_CONTEXT = "MNR sample evidence"
SAMPLE_NOTE = ("A working example of the 2018 WePROTECT booklet, retold: keep "
               "country names, acronyms and numbers as they are.")
CSEA_NOTE = "CSEA: child sexual exploitation and abuse."


def po_quote(text):
    """Return TEXT as the body of a PO string literal, correctly escaped."""
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif ord(ch) < 0x20 or ch == "\x7f":
            # Other control characters have no place in user-visible text,
            # but an octal escape keeps the output valid if one slips in.
            out.append("\\%03o" % ord(ch))
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def po_string(keyword, text):
    """Return a PO keyword line; multi-line text is split after each \\n."""
    if "\n" not in text.rstrip("\n"):
        return "%s %s\n" % (keyword, po_quote(text))
    lines = ['%s ""\n' % keyword]
    for part in text.splitlines(keepends=True):
        lines.append(po_quote(part) + "\n")
    return "".join(lines)


class Catalog:
    """Strings in order of first use, each with the comments of every use."""

    def __init__(self, context=CONTEXT):
        self.context = context
        self.entries = {}  # text -> {"comments": [...], "references": [...]}

    def add(self, text, comment, reference):
        if not isinstance(text, str) or text == "":
            return
        entry = self.entries.setdefault(text, {"comments": [], "references": []})
        if comment not in entry["comments"]:
            entry["comments"].append(comment)
        if reference not in entry["references"]:
            entry["references"].append(reference)

    def write(self, out):
        out.write("# Text of the MNR data files, extracted by build-aux/framework-pot.py.\n")
        out.write('msgid ""\n')
        out.write('msgstr ""\n')
        out.write('"Content-Type: text/plain; charset=UTF-8\\n"\n')
        out.write('"Content-Transfer-Encoding: 8bit\\n"\n')
        for text, entry in self.entries.items():
            out.write("\n")
            for comment in entry["comments"]:
                out.write("#. %s\n" % comment)
            if "CSEA" in text:
                out.write("#. %s\n" % CSEA_NOTE)
            for reference in entry["references"]:
                out.write("#: %s\n" % reference)
            out.write(po_string("msgctxt", self.context))
            out.write(po_string("msgid", text))
            out.write('msgstr ""\n')


def label(kind, item, index):
    """A short, stable name for an element, used in the extracted comments."""
    if kind == "Capability" and isinstance(item.get("number"), int):
        return "Capability %d" % item["number"]
    ident = item.get("id")
    if isinstance(ident, str) and ident:
        return "%s %d (%s)" % (kind, index, ident)
    return "%s %d" % (kind, index)


def extract(framework, reference, catalog):
    if not isinstance(framework, dict):
        raise ValueError("the file must hold one JSON object")

    catalog.add(framework.get("edition"), "Framework edition", reference)
    catalog.add(framework.get("title"), "Framework title", reference)

    groups = (
        ("enablers", "Enabler"),
        ("domains", "Domain"),
        ("capabilities", "Capability"),
        ("outcomes", "Outcome"),
    )
    for member, kind in groups:
        items = framework.get(member) or []
        if not isinstance(items, list):
            raise ValueError("“%s” must be a list" % member)
        for index, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                continue
            name = label(kind, item, index)
            for field in ("title", "description"):
                catalog.add(item.get(field), "%s %s" % (name, field), reference)
            variants = item.get("variants") or []
            if not isinstance(variants, list):
                continue
            for variant in variants:
                if not isinstance(variant, dict):
                    continue
                comment = "%s %s, as worded in source “%s”" % (
                    name, variant.get("field", "text"), variant.get("source", "?"))
                catalog.add(variant.get("text"), comment, reference)

    scale = framework.get("scale")
    if isinstance(scale, dict):
        levels = scale.get("levels") or []
        if isinstance(levels, list):
            for index, level in enumerate(levels, start=1):
                if not isinstance(level, dict):
                    continue
                name = label("Scale level", level, index)
                for field in ("name", "description", "enabler-description"):
                    catalog.add(level.get(field), "%s %s" % (name, field), reference)


def extract_sample(sample, reference, catalog):
    if not isinstance(sample, dict):
        raise ValueError("the file must hold one JSON object")

    catalog.add(sample.get("title"), "Title of the sample evidence set", reference)
    examples = sample.get("examples") or []
    if not isinstance(examples, list):
        raise ValueError("“examples” must be a list")
    for index, example in enumerate(examples, start=1):
        if not isinstance(example, dict):
            continue
        where = example.get("country") or example.get("region") or "?"
        name = "Sample example %d (%s, %s)" % (index, example.get("id", "?"), where)
        for field in ("title", "summary"):
            catalog.add(example.get(field), "%s %s. %s" % (name, field, SAMPLE_NOTE),
                        reference)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", action="append",
                        help="path to write in the #: comments (once per file; "
                             "default: the path as given)")
    parser.add_argument("--sample", action="store_true",
                        help="the files are sample evidence files, not frameworks")
    parser.add_argument("files", nargs="+", metavar="FILE.json")
    args = parser.parse_args()

    references = args.reference or []
    if references and len(references) != len(args.files):
        parser.error("give --reference once for every file, or not at all")

    catalog = Catalog(SAMPLE_CONTEXT if args.sample else CONTEXT)
    for i, path in enumerate(args.files):
        reference = references[i] if references else path
        try:
            with open(path, encoding="utf-8") as f:
                framework = json.load(f)
            (extract_sample if args.sample else extract)(framework, reference, catalog)
        except (OSError, ValueError) as e:
            print("%s: %s" % (path, e), file=sys.stderr)
            return 1

    catalog.write(sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
