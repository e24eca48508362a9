#!/usr/bin/env python3
"""Check the app icons, the desktop file's Icon= and the metainfo's screenshots.

Usage: check-icons.py [--source-root DIR] [--desktop FILE] [--metainfo FILE]

--source-root defaults to $MNR_SOURCE_ROOT. --desktop and --metainfo default
to the merged files in $MNR_BUILD_ROOT/data, or to the .in files in the
source tree when there is no build root.
"""

import argparse
import configparser
import os
import re
import sys
import xml.etree.ElementTree as ET

APP_ID = 'io.github.mnrtracker.MnrTracker'
SVG_NS = '{http://www.w3.org/2000/svg}'

errors = []


def fail(msg):
    errors.append(msg)


def parse_length(value):
    """'128', '128px' or '128.0' -> 128.0; None for anything else (%, em, ...)."""
    if value is None:
        return None
    m = re.fullmatch(r'\s*([0-9]*\.?[0-9]+)\s*(px)?\s*', value)
    return float(m.group(1)) if m else None


def parse_viewbox(value):
    if value is None:
        return None
    parts = re.split(r'[\s,]+', value.strip())
    try:
        nums = [float(p) for p in parts]
    except ValueError:
        return None
    return nums if len(nums) == 4 else None


def svg_size(path):
    """Return (width, height, viewbox) of an SVG, or None when it does not parse."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        fail(f'{path}: not well-formed XML: {e}')
        return None
    if root.tag not in (SVG_NS + 'svg', 'svg'):
        fail(f'{path}: root element is <{root.tag}>, expected <svg>')
        return None
    w_attr, h_attr = root.get('width'), root.get('height')
    width, height = parse_length(w_attr), parse_length(h_attr)
    if w_attr is not None and width is None:
        fail(f'{path}: width="{w_attr}" is not an absolute length')
    if h_attr is not None and height is None:
        fail(f'{path}: height="{h_attr}" is not an absolute length')
    vb_attr = root.get('viewBox')
    viewbox = parse_viewbox(vb_attr)
    if vb_attr is not None and viewbox is None:
        fail(f'{path}: viewBox="{vb_attr}" is not four numbers')
    return width, height, viewbox


def check_scalable(path):
    size = svg_size(path)
    if size is None:
        return
    width, height, viewbox = size
    if width is None and height is None and viewbox is None:
        fail(f'{path}: no width, height or viewBox: cannot tell whether it is square')
        return
    if (width is None) != (height is None):
        fail(f'{path}: only one of width and height is set')
    if width is not None and height is not None and width != height:
        fail(f'{path}: not square: width={width:g} height={height:g}')
    if viewbox is not None and viewbox[2] != viewbox[3]:
        fail(f'{path}: viewBox not square: {viewbox[2]:g}x{viewbox[3]:g}')


def check_symbolic(path):
    size = svg_size(path)
    if size is None:
        return
    width, height, viewbox = size
    if width is None and height is None and viewbox is None:
        fail(f'{path}: no width, height or viewBox: symbolic icons must be 16x16')
        return
    if (width, height) != (None, None) and (width, height) != (16, 16):
        shown = ['?' if v is None else f'{v:g}' for v in (width, height)]
        fail(f'{path}: symbolic icon is {shown[0]}x{shown[1]}, expected 16x16')
    if viewbox is not None and (viewbox[2], viewbox[3]) != (16, 16):
        fail(f'{path}: symbolic icon viewBox is {viewbox[2]:g}x{viewbox[3]:g}, expected 16x16')


def installed_icon_names(hicolor):
    """Icon names installed by install_subdir('icons/hicolor'), per context dir."""
    names = {}
    for dirpath, _dirs, files in os.walk(hicolor):
        for f in files:
            stem, ext = os.path.splitext(f)
            if ext in ('.svg', '.png'):
                names.setdefault(stem, []).append(os.path.join(dirpath, f))
    return names


def check_desktop_icon(desktop, names):
    cp = configparser.RawConfigParser(interpolation=None, strict=False)
    cp.optionxform = str  # keys are case-sensitive
    try:
        with open(desktop, encoding='utf-8') as fh:
            cp.read_file(fh)
    except (OSError, configparser.Error) as e:
        fail(f'{desktop}: cannot read: {e}')
        return
    if not cp.has_section('Desktop Entry'):
        fail(f'{desktop}: no [Desktop Entry] group')
        return
    icon = cp.get('Desktop Entry', 'Icon', fallback=None)
    if not icon:
        fail(f'{desktop}: no Icon= key')
        return
    if os.path.isabs(icon) or os.path.splitext(icon)[1] in ('.svg', '.png'):
        fail(f'{desktop}: Icon={icon} must be an icon name, not a path or file name')
        return
    if icon not in names:
        fail(f'{desktop}: Icon={icon} is not an installed icon; installed: '
             f'{", ".join(sorted(names)) or "none"}')
    elif not any(os.sep + 'scalable' + os.sep in p for p in names[icon]):
        fail(f'{desktop}: Icon={icon} has no scalable (full colour) version')
    if icon != APP_ID:
        # Flatpak only exports icons named after the app id.
        fail(f'{desktop}: Icon={icon}, expected {APP_ID}')


def check_screenshots(metainfo, source_root):
    try:
        root = ET.parse(metainfo).getroot()
    except (OSError, ET.ParseError) as e:
        fail(f'{metainfo}: cannot parse: {e}')
        return
    pattern = re.compile(r'(?:^|/)(data/screenshots/[^/]+\.png)$')
    found = []
    missing = []
    screenshots = root.findall('./screenshots/screenshot')
    for shot in screenshots:
        for image in shot.findall('image'):
            url = (image.text or '').strip()
            m = pattern.search(url)
            if not m:
                continue
            rel = m.group(1)
            local = os.path.join(source_root, *rel.split('/'))
            if os.path.isfile(local):
                found.append(rel)
            else:
                missing.append(rel)
    if not screenshots:
        fail(f'{metainfo}: no <screenshot>')
    for rel in missing:
        fail(f'{metainfo}: screenshot {rel} is not in the source tree '
             f'(expected {os.path.join(source_root, rel)}); add the PNG')
    if not found and not missing and screenshots:
        fail(f'{metainfo}: no <screenshot> <image> ends with data/screenshots/*.png')


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--source-root', default=os.environ.get('MNR_SOURCE_ROOT'))
    ap.add_argument('--desktop')
    ap.add_argument('--metainfo')
    args = ap.parse_args()

    if not args.source_root:
        ap.error('--source-root or MNR_SOURCE_ROOT is required')
    src = args.source_root
    build = os.environ.get('MNR_BUILD_ROOT')

    def default(name):
        if build and os.path.isfile(os.path.join(build, 'data', name)):
            return os.path.join(build, 'data', name)
        return os.path.join(src, 'data', name + '.in')

    desktop = args.desktop or default(APP_ID + '.desktop')
    metainfo = args.metainfo or default(APP_ID + '.metainfo.xml')

    hicolor = os.path.join(src, 'data', 'icons', 'hicolor')
    scalable = os.path.join(hicolor, 'scalable', 'apps', APP_ID + '.svg')
    symbolic = os.path.join(hicolor, 'symbolic', 'apps', APP_ID + '-symbolic.svg')

    for path, check in ((scalable, check_scalable), (symbolic, check_symbolic)):
        if os.path.isfile(path):
            check(path)
        else:
            fail(f'{path}: missing')

    check_desktop_icon(desktop, installed_icon_names(hicolor))
    check_screenshots(metainfo, src)

    if errors:
        for e in errors:
            print(f'FAIL: {e}')
        return 1
    print('ok: icons, Icon= and screenshots')
    return 0


if __name__ == '__main__':
    sys.exit(main())
