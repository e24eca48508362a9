#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check that every language of po/LINGUAS translates every string.

A fresh template is made in a temporary directory with
`build-aux/update-po.sh --pot-only` (xgettext over po/POTFILES.in plus the
framework text from build-aux/framework-pot.py); nothing in po/ changes.
Each po/LANG.po is then merged with that template (in the temporary
directory) and must:

  - translate every string, with no fuzzy and no empty msgstr;
  - pass `msgfmt --check` (format strings, header, plural forms);
  - declare Language: LANG, a Plural-Forms and charset=UTF-8;
  - end a translated list that ends with ';' (the desktop Keywords) with ';'.

On failure the missing strings are printed; translate them in po/LANG.po
after running build-aux/update-po.sh.
"""

import os
import shutil
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pofile  # noqa: E402

DOMAIN = "mnr-tracker"
SKIP = 77


def source_root():
    root = os.environ.get("MNR_SOURCE_ROOT")
    if not root:
        root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    return os.path.abspath(root)


def read_linguas(root):
    langs = []
    with open(os.path.join(root, "po", "LINGUAS"), encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0]
            langs.extend(line.split())
    return langs


def run(args, **kwargs):
    return subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, **kwargs)


def check_language(root, tmp, lang, template, template_entries):
    problems = []
    po = os.path.join(root, "po", lang + ".po")
    if not os.path.isfile(po):
        return ["po/%s.po is missing (it is named in po/LINGUAS)" % lang]

    # The po file as committed must compile cleanly.
    result = run(["msgfmt", "--check", "--output-file=/dev/null", po])
    if result.returncode != 0:
        problems.append("msgfmt --check po/%s.po failed:\n%s" % (lang, result.stderr.rstrip()))

    # Merged with the fresh template, in the temporary directory.
    merged = os.path.join(tmp, lang + ".po")
    result = run(["msgmerge", "--quiet", "--previous", "--output-file=" + merged, po, template])
    if result.returncode != 0:
        return problems + ["msgmerge po/%s.po failed:\n%s" % (lang, result.stderr.rstrip())]

    result = run(["msgfmt", "--check-format", "--check", "--output-file=/dev/null", merged])
    if result.returncode != 0:
        problems.append("msgfmt --check-format -c on po/%s.po merged with the fresh template "
                        "failed:\n%s" % (lang, result.stderr.rstrip()))

    entries = pofile.parse(merged)
    fields = pofile.header(entries)
    if fields.get("Language") != lang:
        problems.append("po/%s.po: the header says Language: %r" % (lang, fields.get("Language")))
    if "charset=UTF-8" not in fields.get("Content-Type", ""):
        problems.append("po/%s.po: the header must say charset=UTF-8" % lang)
    n = pofile.nplurals(fields)
    if not n:
        problems.append("po/%s.po: the header has no valid Plural-Forms" % lang)
        n = 2

    by_key = {e.key: e for e in entries}
    missing = []
    fuzzy = []
    for key in template_entries:
        entry = by_key.get(key)
        if entry is None or not any(entry.msgstr.values()):
            missing.append(entry or template_entries[key])
        elif not entry.translated(n):
            (fuzzy if entry.fuzzy else missing).append(entry)
        elif entry.msgid.endswith(";") and not all(s.endswith(";") for s in entry.msgstr.values()):
            problems.append("po/%s.po: the translation of %s must end with ';' like its "
                            "original (a desktop-file list)" % (lang, entry.describe()))

    if missing:
        problems.append("po/%s.po does not translate %d string(s):\n%s"
                        % (lang, len(missing),
                           "\n".join("    " + e.describe() for e in missing)))
    if fuzzy:
        problems.append("po/%s.po has %d fuzzy translation(s) (the original changed; check "
                        "and remove the fuzzy flag):\n%s"
                        % (lang, len(fuzzy), "\n".join("    " + e.describe() for e in fuzzy)))
    return problems


def main():
    for tool in ("xgettext", "msgcat", "msgmerge", "msgfmt"):
        if shutil.which(tool) is None:
            print("check-translations: %s is not installed; skipping" % tool)
            return SKIP

    root = source_root()
    tmp = tempfile.mkdtemp(prefix="mnr-i18n-")
    try:
        template = os.path.join(tmp, DOMAIN + ".pot")
        result = run(["sh", os.path.join(root, "build-aux", "update-po.sh"),
                      "--pot-only", template])
        if result.returncode != 0:
            print("check-translations: making the template failed:\n" + result.stderr)
            return 1

        template_entries = {e.key: e for e in pofile.parse(template) if e.msgid != ""}

        # Strings that xgettext cut short cannot be translated at run time.
        for line in result.stderr.splitlines():
            if "not a valid C format string" in line:
                print("check-translations: WARNING: " + line)
        for e in template_entries.values():
            stripped = e.msgid.rstrip("%")
            in_c = any(r.split(":")[0].endswith((".c", ".h")) for r in e.references)
            if in_c and (len(e.msgid) - len(stripped)) % 2 == 1:
                print("check-translations: WARNING: %s ends in a lone '%%': a printf macro such "
                      "as G_GINT64_FORMAT inside _() cuts the string short, so it can never be "
                      "translated; format the number with %%lld / %%zu (with a cast) or as "
                      "a %%s instead" % e.describe())

        committed = os.path.join(root, "po", DOMAIN + ".pot")
        if os.path.isfile(committed):
            stale = set(template_entries) ^ {e.key for e in pofile.parse(committed)
                                             if e.msgid != ""}
            if stale:
                print("check-translations: note: po/%s.pot is out of date (%d string(s) "
                      "differ); run build-aux/update-po.sh" % (DOMAIN, len(stale)))

        langs = read_linguas(root)
        if not langs:
            print("check-translations: po/LINGUAS names no language")
            return 1

        failed = False
        for lang in langs:
            problems = check_language(root, tmp, lang, template, template_entries)
            if problems:
                failed = True
                for problem in problems:
                    print("check-translations: " + problem)
            else:
                print("check-translations: po/%s.po translates all %d strings"
                      % (lang, len(template_entries)))

        if failed:
            print("check-translations: run build-aux/update-po.sh, translate what is listed "
                  "above in po/LANG.po, and run this test again")
            return 1
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
