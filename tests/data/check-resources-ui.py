#!/usr/bin/env python3
"""Check the GtkBuilder files: well-formed, and user-visible strings translatable.

Usage: check-resources-ui.py [UI_DIR_OR_FILE...]
Without arguments, checks every ui/**/*.ui under $MNR_SOURCE_ROOT.

gtk4-builder-tool validate cannot be used: the templates need the app's own
types registered. Instead, every <property> (and menu <attribute>) that holds
text a user sees must carry translatable="yes" -- the only value xgettext
extracts -- unless it is empty (set from code or bound). An explicit
translatable="no" marks a string as deliberately untranslated.
"""

import glob
import os
import sys
import xml.parsers.expat

# Property names (GtkBuilder accepts '_' for '-') whose value is user-visible.
TEXT_PROPERTIES = {
    'label',
    'title',
    'subtitle',
    'tooltip-text',
    'tooltip-markup',
    'placeholder-text',
}
# Inside <accessibility>, the accessible label and description.
ACCESSIBLE_PROPERTIES = {'label', 'description'}
# Inside <menu>, <attribute name="label">.
MENU_ATTRIBUTES = {'label'}


def check_file(path):
    problems = []
    stack = []  # (tag, attrs, line, text-parts)

    parser = xml.parsers.expat.ParserCreate()

    def start(tag, attrs):
        stack.append([tag, attrs, parser.CurrentLineNumber, []])

    def end(tag):
        _tag, attrs, line, parts = stack.pop()
        parents = [s[0] for s in stack]
        name = attrs.get('name', '').replace('_', '-')
        if tag == 'property':
            if 'accessibility' in parents[-1:]:
                watched = name in ACCESSIBLE_PROPERTIES
                what = f'accessible property "{name}"'
            else:
                watched = name in TEXT_PROPERTIES
                what = f'property "{name}"'
        elif tag == 'attribute' and 'menu' in parents:
            watched = name in MENU_ATTRIBUTES
            what = f'menu attribute "{name}"'
        else:
            return
        if not watched:
            return
        text = ''.join(parts).strip()
        if not text:
            return
        translatable = attrs.get('translatable')
        if translatable == 'yes' or translatable == 'no':
            return
        if translatable is None:
            why = 'has no translatable="yes"'
        else:
            why = f'has translatable="{translatable}"; xgettext only extracts "yes"'
        problems.append(f'{path}:{line}: {what} {why}: {text!r}')

    def chardata(data):
        if stack:
            stack[-1][3].append(data)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chardata

    try:
        with open(path, 'rb') as fh:
            parser.ParseFile(fh)
    except xml.parsers.expat.ExpatError as e:
        problems.append(f'{path}:{e.lineno}: not well-formed XML: '
                        f'{xml.parsers.expat.ErrorString(e.code)}')
    except OSError as e:
        problems.append(f'{path}: cannot read: {e}')
    return problems


def collect(args):
    if not args:
        root = os.environ.get('MNR_SOURCE_ROOT')
        if not root:
            print('usage: check-resources-ui.py UI_DIR... (or set MNR_SOURCE_ROOT)',
                  file=sys.stderr)
            sys.exit(2)
        args = [os.path.join(root, 'ui')]
    files = []
    for a in args:
        if os.path.isdir(a):
            files.extend(glob.glob(os.path.join(a, '**', '*.ui'), recursive=True))
        else:
            files.append(a)
    return sorted(files)


def main(argv):
    files = collect(argv[1:])
    if not files:
        print('FAIL: no .ui files found')
        return 1
    problems = []
    for f in files:
        problems.extend(check_file(f))
    for p in problems:
        print(p)
    if problems:
        print(f'FAIL: {len(problems)} problem(s) in {len(files)} file(s)')
        return 1
    print(f'ok: {len(files)} .ui file(s)')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
