#!/usr/bin/env python3
"""Check the Flatpak manifest: it parses cleanly and asks for no more than it needs.

Usage: check-flatpak-manifest.py [MANIFEST]
Without MANIFEST, uses $MNR_SOURCE_ROOT/flatpak/io.github.mnrtracker.MnrTracker.json.
Exits 77 (skip) when flatpak-builder is not installed.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

APP_ID = 'io.github.mnrtracker.MnrTracker'
COMMAND = 'mnr-tracker'
SKIP = 77

# Everything the app may ask for. Anything else in finish-args is an error,
# so that a new permission is a deliberate change to this list.
ALLOWED_FINISH_ARGS = {
    '--share=network',
    '--share=ipc',
    '--socket=wayland',
    '--socket=fallback-x11',
    '--device=dri',
}


def main(argv):
    if len(argv) > 1:
        manifest = os.path.abspath(argv[1])
    else:
        root = os.environ.get('MNR_SOURCE_ROOT')
        if not root:
            print('usage: check-flatpak-manifest.py MANIFEST (or set MNR_SOURCE_ROOT)',
                  file=sys.stderr)
            return 2
        manifest = os.path.join(root, 'flatpak', APP_ID + '.json')

    if not os.path.isfile(manifest):
        print(f'FAIL: manifest not found: {manifest}')
        return 1

    builder = shutil.which('flatpak-builder')
    if builder is None:
        print('SKIP: flatpak-builder not found')
        return SKIP

    # flatpak-builder creates a .flatpak-builder/ state directory in its
    # working directory even for --show-manifest: keep it out of the tree.
    with tempfile.TemporaryDirectory(prefix='mnr-flatpak-check-') as workdir:
        proc = subprocess.run([builder, '--show-manifest', manifest],
                              cwd=workdir, capture_output=True, text=True)

    errors = []
    if proc.returncode != 0:
        errors.append(f'flatpak-builder --show-manifest exited with {proc.returncode}')

    for stream_name, text in (('stderr', proc.stderr), ('stdout', proc.stdout)):
        for line in text.splitlines():
            if 'WARNING' in line or 'Unknown' in line:
                errors.append(f'flatpak-builder {stream_name}: {line.strip()}')

    if proc.returncode != 0:
        # Nothing more can be said about an unparsable manifest.
        for line in proc.stderr.splitlines():
            if line.strip():
                errors.append(f'flatpak-builder: {line.strip()}')
        return report(manifest, errors)

    try:
        # The normalized manifest, as flatpak-builder understood it.
        data = json.loads(proc.stdout)
    except json.JSONDecodeError as e:
        errors.append(f'cannot parse the output of --show-manifest: {e}')
        return report(manifest, errors)

    app_id = data.get('id') or data.get('app-id')
    if app_id != APP_ID:
        errors.append(f'app id is {app_id!r}, expected {APP_ID!r}')

    command = data.get('command')
    if command != COMMAND:
        errors.append(f'command is {command!r}, expected {COMMAND!r}')

    finish_args = data.get('finish-args', [])
    if not isinstance(finish_args, list):
        errors.append('finish-args is not a list')
        finish_args = []

    for arg in finish_args:
        if arg.startswith('--filesystem'):
            errors.append(f'finish-args: {arg}: no filesystem access; '
                          'files go through the portals')
        elif arg == '--socket=x11':
            errors.append('finish-args: --socket=x11: use --socket=fallback-x11 '
                          'with --socket=wayland')
        elif arg not in ALLOWED_FINISH_ARGS:
            errors.append(f'finish-args: {arg}: not in the allowed permissions '
                          f'({", ".join(sorted(ALLOWED_FINISH_ARGS))})')

    if '--socket=fallback-x11' in finish_args and '--socket=wayland' not in finish_args:
        errors.append('finish-args: --socket=fallback-x11 without --socket=wayland')

    if len(set(finish_args)) != len(finish_args):
        errors.append('finish-args: duplicate entries')

    return report(manifest, errors)


def report(manifest, errors):
    if errors:
        for e in errors:
            print(f'FAIL: {manifest}: {e}')
        return 1
    print(f'ok: {manifest}')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
