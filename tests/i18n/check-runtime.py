#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check that the compiled catalogs translate what the app looks up.

Each po/LANG.po is compiled with msgfmt into a temporary directory and
loaded with Python's gettext module, which reads .mo files as glibc does.
The checks follow the lookups of the app:

  - every framework string, with the context "MNR framework", as
    g_dpgettext2 (GETTEXT_PACKAGE, "MNR framework", text) in the core;
  - every title and summary of the sample evidence (data/sample/*.json),
    with the context "MNR sample evidence", as mnr_sample_evidence_translate();
  - the country names the core translates itself, with the context
    "country name", where iso-codes has none (as "Laos" in Arabic);
  - a plain _() string, a shortcut-window string with its context and a
    g_dngettext plural, with the language's own plural rule.
"""

import gettext
import json
import os
import shutil
import subprocess
import sys
import tempfile

DOMAIN = "mnr-tracker"
CONTEXT = "MNR framework"
SAMPLE_CONTEXT = "MNR sample evidence"
COUNTRY_CONTEXT = "country name"
COUNTRY_NAMES = ("Laos", "Iran", "Syria", "Türkiye", "South Korea", "North Korea")
SKIP = 77

PLURAL_MSGID = ("Enablers are the conditions a national response depends on. They cut "
                "across every domain: each one supports all %u capability rather than any "
                "single one.")
PLURAL_MSGID_PLURAL = ("Enablers are the conditions a national response depends on. They cut "
                       "across every domain: each one supports all %u capabilities rather "
                       "than any single one.")

# For each language, the plural form n selects (0 = singular): the index of
# the msgstr[] that the language's Plural-Forms rule picks for n. A language
# with one form (nplurals=1, as Chinese) maps every n to form 0.
PLURAL_FORMS = {
    "fr": {0: 0, 1: 0, 2: 1, 21: 1},
    "es": {0: 1, 1: 0, 2: 1, 21: 1},
    "ar": {0: 0, 1: 1, 2: 2, 5: 3, 11: 4, 21: 4, 100: 5},
    "ru": {0: 2, 1: 0, 2: 1, 5: 2, 11: 2, 21: 0},
    "zh_CN": {0: 0, 1: 0, 2: 0, 5: 0, 11: 0, 21: 0},
}


def source_root():
    root = os.environ.get("MNR_SOURCE_ROOT")
    if not root:
        root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    return os.path.abspath(root)


def read_linguas(root):
    langs = []
    with open(os.path.join(root, "po", "LINGUAS"), encoding="utf-8") as f:
        for line in f:
            langs.extend(line.split("#", 1)[0].split())
    return langs


def framework_strings(root):
    """The strings the core passes to g_dpgettext2, from every framework file."""
    strings = []

    def add(value):
        if isinstance(value, str) and value and value not in strings:
            strings.append(value)

    folder = os.path.join(root, "data", "framework")
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".json"):
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            framework = json.load(f)
        add(framework.get("edition"))
        add(framework.get("title"))
        for member in ("enablers", "domains", "capabilities", "outcomes"):
            for item in framework.get(member) or []:
                add(item.get("title"))
                add(item.get("description"))
                for variant in item.get("variants") or []:
                    add(variant.get("text"))
        for level in (framework.get("scale") or {}).get("levels") or []:
            add(level.get("name"))
            add(level.get("description"))
    return strings


def sample_strings(root):
    """The set's title and each example's title and summary."""
    strings = []
    folder = os.path.join(root, "data", "sample")
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".json"):
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            sample = json.load(f)
        values = [sample.get("title")]
        for example in sample.get("examples") or []:
            values += [example.get("title"), example.get("summary")]
        for value in values:
            if isinstance(value, str) and value and value not in strings:
                strings.append(value)
    return strings


def main():
    if shutil.which("msgfmt") is None:
        print("check-runtime: msgfmt is not installed; skipping")
        return SKIP

    root = source_root()
    strings = framework_strings(root)
    if not strings:
        print("check-runtime: no framework strings found under data/framework")
        return 1
    samples = sample_strings(root)
    if not samples:
        print("check-runtime: no sample evidence strings found under data/sample")
        return 1

    failed = False
    tmp = tempfile.mkdtemp(prefix="mnr-i18n-mo-")
    try:
        for lang in read_linguas(root):
            problems = []
            modir = os.path.join(tmp, lang, "LC_MESSAGES")
            os.makedirs(modir)
            mo = os.path.join(modir, DOMAIN + ".mo")
            result = subprocess.run(["msgfmt", "--output-file=" + mo,
                                     os.path.join(root, "po", lang + ".po")],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    universal_newlines=True)
            if result.returncode != 0:
                print("check-runtime: msgfmt po/%s.po failed:\n%s" % (lang, result.stderr))
                failed = True
                continue

            t = gettext.translation(DOMAIN, localedir=tmp, languages=[lang])
            catalog = t._catalog  # to tell "untranslated" from "translated the same"

            for text in strings:
                if "%s\x04%s" % (CONTEXT, text) not in catalog:
                    problems.append("no translation for the framework string %r" % text)
                elif not t.pgettext(CONTEXT, text):
                    problems.append("empty translation for the framework string %r" % text)

            for text in samples:
                if not t.pgettext(SAMPLE_CONTEXT, text) or \
                        "%s\x04%s" % (SAMPLE_CONTEXT, text) not in catalog:
                    problems.append("no translation for the sample evidence string %r" % text)

            for name in COUNTRY_NAMES:
                if "%s\x04%s" % (COUNTRY_CONTEXT, name) not in catalog:
                    problems.append("no translation for the country name %r" % name)

            if t.gettext("Details") == "Details":
                problems.append("_(\"Details\") is not translated")
            if t.pgettext("shortcut window", "Zoom in") == "Zoom in":
                problems.append("the shortcut window's “Zoom in” is not translated")

            forms = PLURAL_FORMS.get(lang)
            if forms:
                singular = t.ngettext(PLURAL_MSGID, PLURAL_MSGID_PLURAL, 1)
                plural = t.ngettext(PLURAL_MSGID, PLURAL_MSGID_PLURAL, 2)
                several = any(form > 0 for form in forms.values())
                if singular in (PLURAL_MSGID, PLURAL_MSGID_PLURAL):
                    problems.append("the plural of the enablers' note is not translated")
                elif several and singular == plural:
                    problems.append("the plural of the enablers' note is not translated "
                                    "in two distinct forms")
                for n, form in forms.items():
                    got = t.ngettext(PLURAL_MSGID, PLURAL_MSGID_PLURAL, n)
                    if got != catalog.get((PLURAL_MSGID, form)):
                        problems.append("n=%d picks the wrong plural form" % n)

            if problems:
                failed = True
                for problem in problems:
                    print("check-runtime: %s: %s" % (lang, problem))
            else:
                print("check-runtime: %s: all %d framework strings and %d sample evidence "
                      "strings translate with their contexts; plurals and contexts work"
                      % (lang, len(strings), len(samples)))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
