"""Render `nbs/index.ipynb` to `README.md` (what `nbdev-readme` does through Quarto, which is not available here).

Markdown cells are copied, code cells become fenced Python blocks, and their text outputs fenced text blocks;
images stay in the docs site. `python tools/readme.py --check` exits 1 when README.md is out of date."""
import json, sys
from pathlib import Path

root = Path(__file__).resolve().parents[1]

def _src(cell): return ''.join(cell['source']).strip('\n')

def render(nb_path=root/'nbs'/'index.ipynb') -> str:
    nb = json.loads(Path(nb_path).read_text())
    parts = ['<!-- Rendered from nbs/index.ipynb by tools/readme.py: edit the notebook, not this file. -->']
    for cell in nb['cells']:
        src = _src(cell)
        if cell['cell_type'] == 'markdown':
            if src.startswith('#| hide'): continue
            parts.append(src)
        elif cell['cell_type'] == 'code' and src and not src.startswith('#| hide'):
            parts.append(f"```python\n{src}\n```")
            text = ''.join(''.join(o.get('text', '')) if o.get('output_type') == 'stream' and o.get('name') == 'stdout'
                           else ''.join(o.get('data', {}).get('text/plain', '')) if o.get('output_type') == 'execute_result' and 'image/png' not in o.get('data', {}) else ''
                           for o in cell.get('outputs', []))
            if text.strip(): parts.append(f"```\n{text.rstrip()}\n```")
    return '\n\n'.join(parts) + '\n'

if __name__ == '__main__':
    txt, readme = render(), root/'README.md'
    if '--check' in sys.argv:
        ok = readme.exists() and readme.read_text() == txt
        print('README.md is in step with nbs/index.ipynb' if ok else 'README.md is out of date: run python tools/readme.py')
        sys.exit(0 if ok else 1)
    readme.write_text(txt); print(f'wrote {readme}')
