#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check that po/POTFILES.in lists every file with translatable strings.

Fails when a file under app/, ui/, data/ or resources/ has translatable
strings but is missing from po/POTFILES.in, and when POTFILES.in lists a file
that does not exist. The framework's JSON files (data/framework/*.json) are
extracted by build-aux/framework-pot.py and are not expected in POTFILES.in.
"""

import fnmatch
import os
import re
import sys

SCANNED_DIRS = ("app", "ui", "data", "resources")

# Covered by build-aux/framework-pot.py, not by xgettext.
EXCLUDED = ("data/framework/*.json",)

# Files that are translated as a whole, whatever they hold.
ALWAYS_TRANSLATABLE = (
    "*.desktop", "*.desktop.in",
    "*.metainfo.xml", "*.metainfo.xml.in",
    "*.appdata.xml", "*.appdata.xml.in",
    "*.gschema.xml", "*.gschema.xml.in",
)

C_SUFFIXES = (".c", ".h")
XML_SUFFIXES = (".ui", ".xml", ".xml.in", ".ui.in")

# A gettext call: _( N_( C_( NC_( Q_( and the g_/d/p/n gettext family.
C_CALL = re.compile(
    r"(?<![A-Za-z0-9_])"
    r"(?:_|N_|C_|NC_|Q_|g_d?p?n?gettext\d?|g_dcgettext|d?c?n?p?gettext)"
    r"\s*\(")
XML_TRANSLATABLE = re.compile(r"""translatable\s*=\s*["'](?:yes|true|1)["']""")


def source_root():
    root = os.environ.get("MNR_SOURCE_ROOT")
    if not root:
        root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    return os.path.abspath(root)


def read_potfiles(root):
    path = os.path.join(root, "po", "POTFILES.in")
    listed = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, start=1):
            line = line.strip()
            if line and not line.startswith("#"):
                listed.append((number, line))
    return listed


def matches(rel, patterns):
    name = os.path.basename(rel)
    return any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(name, p) for p in patterns)


def strip_c_comments(text):
    # Comments often quote _() when they explain i18n; only code counts.
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def why_translatable(root, rel):
    """Return a short reason when REL has translatable strings, else None."""
    if matches(rel, EXCLUDED):
        return None
    if matches(rel, ALWAYS_TRANSLATABLE):
        return "desktop, metainfo and schema files are always translated"
    if not (rel.endswith(C_SUFFIXES) or rel.endswith(XML_SUFFIXES)):
        return None
    try:
        with open(os.path.join(root, rel), encoding="utf-8") as f:
            text = f.read()
    except UnicodeDecodeError:
        return None
    if rel.endswith(C_SUFFIXES):
        m = C_CALL.search(strip_c_comments(text))
        if m:
            return "it calls %s)" % m.group(0).replace(" ", "")
        return None
    if XML_TRANSLATABLE.search(text):
        return 'it has translatable="yes"'
    return None


def main():
    root = source_root()
    try:
        listed = read_potfiles(root)
    except OSError as e:
        print("check-potfiles: cannot read po/POTFILES.in: %s" % e)
        return 1

    errors = []
    listed_paths = set()
    for number, rel in listed:
        listed_paths.add(os.path.normpath(rel))
        if not os.path.isfile(os.path.join(root, rel)):
            errors.append("po/POTFILES.in:%d lists %s, which does not exist" % (number, rel))
        elif matches(rel, EXCLUDED):
            errors.append("po/POTFILES.in:%d lists %s; framework JSON is extracted by "
                          "build-aux/framework-pot.py, remove it" % (number, rel))

    checked = 0
    for top in SCANNED_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames.sort()
            for name in sorted(filenames):
                rel = os.path.relpath(os.path.join(dirpath, name), root)
                checked += 1
                reason = why_translatable(root, rel)
                if reason and os.path.normpath(rel) not in listed_paths:
                    errors.append("%s has translatable strings (%s) but is not listed in "
                                  "po/POTFILES.in" % (rel, reason))

    if errors:
        for error in errors:
            print("check-potfiles: " + error)
        print("check-potfiles: fix po/POTFILES.in, then run build-aux/update-po.sh")
        return 1

    print("check-potfiles: %d files listed, %d files scanned, all good"
          % (len(listed), checked))
    return 0


if __name__ == "__main__":
    sys.exit(main())
