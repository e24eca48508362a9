#!/usr/bin/env bash
# The generator's command line: --help prints usage and creates nothing,
# an unknown option or a stray argument is an error that creates nothing.
set -uo pipefail
generate=$(realpath "${1:?path to mnr-bench-generate}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
fail=0

out=$("$generate" --help) || { echo "not ok: --help exits with an error"; fail=1; }
grep -q "DIR \[SEED\]" <<<"$out" || { echo "not ok: --help does not print the usage"; fail=1; }
if "$generate" --bogus 2>/dev/null; then echo "not ok: --bogus is accepted"; fail=1; fi
if "$generate" out not-a-number 2>/dev/null; then echo "not ok: a seed that is no number is accepted"; fail=1; fi
if [ -n "$(ls -A)" ]; then echo "not ok: something was created: $(ls -A)"; fail=1; fi
[ $fail = 0 ] && echo "ok: --help, --bogus and a bad seed create nothing"
exit $fail
