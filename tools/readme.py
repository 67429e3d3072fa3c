"""Render `nbs/index.ipynb` to `README.md` (what `nbdev-readme` does through Quarto, which is not available here), and
refresh the results quoted by `nbs/index.ipynb` and `nbs/results.ipynb` (the docs' results page).

Markdown cells are copied (a relative image link is made relative to the repository root, as `nbs/…`), code cells
become fenced Python blocks and their text outputs fenced text blocks; a picture in a code cell's stored output is
written to `nbs/figures/readme_<cell id>.png` and linked, so the README shows what the committed run drew.
Cells marked `#| output: asis` quote committed results (`xai_course.reports.results_table` and `results_text`): they
are run again on every render, and their printed markdown replaces their stored output in the notebook (and goes into
the README as it is, without its code). So a committed report that changed without a new render shows as a
difference of README.md or the notebooks.
`python tools/readme.py --check` exits 1 when README.md, its figures or those outputs are out of date."""
import base64, contextlib, io, json, os, re, sys
from pathlib import Path

root = Path(__file__).resolve().parents[1]

def _src(cell): return ''.join(cell['source']).strip('\n')
def _asis(cell):
    return cell['cell_type'] == 'code' and any(l.strip() == '#| output: asis' for l in _src(cell).splitlines())

def run_asis(cell, cwd, ns) -> str:
    ("Run an `output: asis` cell in `cwd` (the notebooks' folder) in namespace `ns` (shared by the notebook's cells) "
     "and return what it printed.")
    code = '\n'.join(l for l in _src(cell).splitlines() if not l.startswith('#|'))
    buf, here = io.StringIO(), os.getcwd()
    try:
        os.chdir(cwd)
        with contextlib.redirect_stdout(buf): exec(compile(code, '<index.ipynb results cell>', 'exec'), ns)
    finally: os.chdir(here)
    return buf.getvalue()

def _imports(cell):
    "A code cell of imports only (and directives or comments): run so that the results cells find their names."
    lines = [l.strip() for l in _src(cell).splitlines() if l.strip() and not l.strip().startswith('#')]
    return cell['cell_type'] == 'code' and lines and all(l.startswith(('import ', 'from ')) for l in lines)

def refresh(nb, cwd) -> bool:
    "Re-run the notebook's `output: asis` cells (after its import cells); True if any stored output changed."
    changed, ns = False, {'__name__': '__main__'}
    for cell in nb['cells']:
        if _imports(cell): run_asis(cell, cwd, ns); continue
        if not _asis(cell): continue
        out = [{'name': 'stdout', 'output_type': 'stream', 'text': run_asis(cell, cwd, ns).splitlines(True)}]
        if cell.get('outputs') != out: cell['outputs'], changed = out, True
    return changed

def _png(cell):
    "The first picture in a code cell's stored outputs, as bytes (or None)."
    for o in cell.get('outputs', []):
        if 'image/png' in o.get('data', {}): return base64.b64decode(''.join(o['data']['image/png']))

def render(nb, figures=None) -> str:
    "README text of notebook `nb`; the pictures of its shown code cells go into the dict `figures` ({path: bytes})."
    figures = {} if figures is None else figures
    parts = ['<!-- Rendered from nbs/index.ipynb by tools/readme.py: edit the notebook, not this file. -->']
    for cell in nb['cells']:
        src = _src(cell)
        if cell['cell_type'] == 'markdown':
            if src.startswith('#| hide'): continue
            parts.append(re.sub(r'(!\[[^\]]*\]\()(?!https?:|/|#)', r'\1nbs/', src))  # the notebook's folder is nbs/
        elif _asis(cell):
            text = ''.join(''.join(o.get('text', '')) for o in cell.get('outputs', [])
                           if o.get('output_type') == 'stream')
            if text.strip(): parts.append(text.strip('\n'))
        elif cell['cell_type'] == 'code' and src and not src.startswith('#| hide'):
            parts.append(f"```python\n{src}\n```")
            text = ''.join(''.join(o.get('text', '')) if o.get('output_type') == 'stream' and o.get('name') == 'stdout'
                           else ''.join(o.get('data', {}).get('text/plain', ''))
                           if o.get('output_type') == 'execute_result' and 'image/png' not in o.get('data', {}) else ''
                           for o in cell.get('outputs', []))
            text = re.sub(r'█|\r', '', text)  # what fastprogress leaves in text output when its bars are off
            if text.strip(): parts.append(f"```\n{text.rstrip()}\n```")
            if (png := _png(cell)) is not None:
                name = f"figures/readme_{cell['id']}.png"; figures[name] = png
                parts.append(f"![What the cell above drew, from the committed run of nbs/index.ipynb](nbs/{name})")
    return '\n\n'.join(parts) + '\n'

if __name__ == '__main__':
    readme, nbs = root/'README.md', root/'nbs'
    books = {n: json.loads((nbs/n).read_text()) for n in ('index.ipynb', 'results.ipynb')}
    changed = {n: refresh(nb, nbs) for n, nb in books.items()}
    figures = {}
    txt = render(books['index.ipynb'], figures)
    if '--check' in sys.argv:
        stale = [n for n, c in changed.items() if c] + ([] if readme.exists() and readme.read_text() == txt
                                                        else ['README.md'])
        stale += [f'nbs/{k}' for k, v in figures.items() if not (nbs/k).exists() or (nbs/k).read_bytes() != v]
        print('README.md, its figures and the results in the notebooks are in step with the committed reports'
              if not stale else
              f"out of date: {', '.join(stale)}; run python tools/readme.py")
        sys.exit(1 if stale else 0)
    for n, nb in books.items():
        if changed[n]:
            (nbs/n).write_text(json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + '\n')
            print(f'updated the results cells of nbs/{n}')
    for k, v in figures.items():
        if not (nbs/k).exists() or (nbs/k).read_bytes() != v: (nbs/k).write_bytes(v); print(f'wrote nbs/{k}')
    readme.write_text(txt); print(f'wrote {readme}')
