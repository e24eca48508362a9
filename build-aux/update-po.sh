#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Regenerates the translation template po/mnr-tracker.pot and merges it into
# every po/*.po named in po/LINGUAS.
#
# The template has two parts:
#   - the strings xgettext finds in the files of po/POTFILES.in (C, GtkBuilder
#     .ui, the desktop file, the metainfo and the GSettings schema; the
#     keywords and flags are those of meson's 'glib' preset);
#   - the framework's own text, which xgettext cannot read from JSON, written
#     by build-aux/framework-pot.py with the context "MNR framework";
#   - the sample evidence's titles and summaries (data/sample/*.json), by
#     build-aux/framework-pot.py --sample with the context "MNR sample
#     evidence".
#
# Usage:
#   build-aux/update-po.sh                 regenerate po/mnr-tracker.pot and
#                                          msgmerge it into po/*.po
#   build-aux/update-po.sh --pot-only FILE write a fresh template to FILE and
#                                          touch nothing in po/ (used by
#                                          tests/i18n/check-translations.py)
#
# After merging, new or changed strings are untranslated or fuzzy in po/*.po;
#   meson test -C build --suite i18n
# lists them. `meson compile -C build update-po` runs this script too.

set -eu

srcdir=$(cd "$(dirname "$0")/.." && pwd)
domain=mnr-tracker
podir="$srcdir/po"

pot_only=
case "${1:-}" in
  --pot-only)
    if [ $# -ne 2 ]; then
      echo "usage: $0 [--pot-only FILE]" >&2
      exit 2
    fi
    pot_only=$2
    ;;
  '')
    ;;
  -h|--help)
    sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
    ;;
  *)
    echo "usage: $0 [--pot-only FILE]" >&2
    exit 2
    ;;
esac

for tool in xgettext msgcat msgmerge python3; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "$0: $tool is needed (gettext, python3)" >&2
    exit 1
  fi
done

version=$(sed -n "s/^ *version: *'\([^']*\)'.*/\1/p" "$srcdir/meson.build" | head -n 1)

tmpdir=$(mktemp -d)
trap 'rm -rf "$tmpdir"' EXIT INT TERM

# 1. Strings in the files of POTFILES.in. Paths in the template stay relative
#    to the source root, as meson writes them.
(
  cd "$srcdir"
  xgettext \
    --package-name="$domain" \
    --package-version="${version:-0}" \
    --msgid-bugs-address="https://github.com/mnrtracker/MnrTracker/issues" \
    --files-from=po/POTFILES.in \
    --directory="$srcdir" \
    --output="$tmpdir/sources.pot" \
    --from-code=UTF-8 \
    --add-comments \
    --keyword=_ \
    --keyword=N_ \
    --keyword=C_:1c,2 \
    --keyword=NC_:1c,2 \
    --keyword=g_dcgettext:2 \
    --keyword=g_dngettext:2,3 \
    --keyword=g_dpgettext2:2c,3 \
    --flag=N_:1:pass-c-format \
    --flag=C_:2:pass-c-format \
    --flag=NC_:2:pass-c-format \
    --flag=g_dngettext:2:pass-c-format \
    --flag=g_strdup_printf:1:c-format \
    --flag=g_string_printf:2:c-format \
    --flag=g_string_append_printf:2:c-format \
    --flag=g_error_new:3:c-format \
    --flag=g_set_error:4:c-format \
    --flag=g_markup_printf_escaped:1:c-format \
    --flag=g_log:3:c-format \
    --flag=g_print:1:c-format \
    --flag=g_printerr:1:c-format \
    --flag=g_printf:1:c-format \
    --flag=g_fprintf:2:c-format \
    --flag=g_sprintf:2:c-format \
    --flag=g_snprintf:3:c-format
)

# 2. The framework's text, with msgctxt "MNR framework".
fragments=
for json in "$srcdir"/data/framework/*.json; do
  [ -e "$json" ] || continue
  rel=${json#"$srcdir"/}
  out="$tmpdir/framework-$(basename "$json" .json).pot"
  python3 "$srcdir/build-aux/framework-pot.py" --reference "$rel" "$json" > "$out"
  fragments="$fragments $out"
done

# 2b. The sample evidence's titles and summaries, with msgctxt
#     "MNR sample evidence".
for json in "$srcdir"/data/sample/*.json; do
  [ -e "$json" ] || continue
  rel=${json#"$srcdir"/}
  out="$tmpdir/sample-$(basename "$json" .json).pot"
  python3 "$srcdir/build-aux/framework-pot.py" --sample --reference "$rel" "$json" > "$out"
  fragments="$fragments $out"
done

# 3. One template. --use-first keeps the header xgettext wrote.
# shellcheck disable=SC2086 # $fragments is a list of paths without spaces
msgcat --use-first --to-code=UTF-8 \
  --output-file="$tmpdir/$domain.pot" "$tmpdir/sources.pot" $fragments

# xgettext writes "charset=CHARSET" only when every string is ASCII; the
# template always carries non-ASCII framework text, so say UTF-8.
sed -i 's/charset=CHARSET/charset=UTF-8/' "$tmpdir/$domain.pot"

if [ -n "$pot_only" ]; then
  cp "$tmpdir/$domain.pot" "$pot_only"
  exit 0
fi

cp "$tmpdir/$domain.pot" "$podir/$domain.pot"
echo "Wrote po/$domain.pot ($(grep -c '^msgid ' "$podir/$domain.pot") entries including the header)"

# 4. Merge into every language of LINGUAS.
sed -e 's/#.*//' "$podir/LINGUAS" | tr -s ' \t' '\n' | while read -r lang; do
  [ -n "$lang" ] || continue
  po="$podir/$lang.po"
  if [ ! -e "$po" ]; then
    echo "po/$lang.po is missing; create it with:" >&2
    echo "  msginit --input=po/$domain.pot --output-file=po/$lang.po --locale=$lang" >&2
    exit 1
  fi
  msgmerge --quiet --update --backup=none --previous "$po" "$podir/$domain.pot"
  printf 'po/%s.po: ' "$lang"
  msgfmt --check --statistics --output-file=/dev/null "$po" 2>&1
done
