"""Render `nbs/index.ipynb` to `README.md` (what `nbdev-readme` does through Quarto, which is not available here).

Markdown cells are copied (a relative image link is made relative to the repository root, as `nbs/…`), code cells
become fenced Python blocks, and their text outputs fenced text blocks; images in cell outputs stay in the docs site. Cells marked `#| output: asis` quote committed results (`xai_course.reports.results_table`
and `results_text`): they are run again on every render, their printed markdown replaces their stored output in the
notebook and goes into the README as it is (their code is not shown). So a committed report that changed without a new
render shows as a difference of README.md and index.ipynb.
`python tools/readme.py --check` exits 1 when README.md or those outputs are out of date."""
import contextlib, io, json, os, re, sys
from pathlib import Path

root = Path(__file__).resolve().parents[1]

def _src(cell): return ''.join(cell['source']).strip('\n')
def _asis(cell): return cell['cell_type'] == 'code' and any(l.strip() == '#| output: asis' for l in _src(cell).splitlines())

def run_asis(cell, cwd, ns) -> str:
    "Run an `output: asis` cell in `cwd` (the notebooks' folder) in namespace `ns` (shared by the notebook's cells) and return what it printed."
    code = '\n'.join(l for l in _src(cell).splitlines() if not l.startswith('#|'))
    buf, here = io.StringIO(), os.getcwd()
    try:
        os.chdir(cwd)
        with contextlib.redirect_stdout(buf): exec(compile(code, '<index.ipynb results cell>', 'exec'), ns)
    finally: os.chdir(here)
    return buf.getvalue()

def refresh(nb, cwd) -> bool:
    "Re-run the notebook's `output: asis` cells; True if any stored output changed."
    changed, ns = False, {'__name__': '__main__'}
    for cell in nb['cells']:
        if not _asis(cell): continue
        out = [{'name': 'stdout', 'output_type': 'stream', 'text': run_asis(cell, cwd, ns).splitlines(True)}]
        if cell.get('outputs') != out: cell['outputs'], changed = out, True
    return changed

def render(nb) -> str:
    parts = ['<!-- Rendered from nbs/index.ipynb by tools/readme.py: edit the notebook, not this file. -->']
    for cell in nb['cells']:
        src = _src(cell)
        if cell['cell_type'] == 'markdown':
            if src.startswith('#| hide'): continue
            parts.append(re.sub(r'(!\[[^\]]*\]\()(?!https?:|/|#)', r'\1nbs/', src))  # the notebook's folder is nbs/
        elif _asis(cell):
            text = ''.join(''.join(o.get('text', '')) for o in cell.get('outputs', []) if o.get('output_type') == 'stream')
            if text.strip(): parts.append(text.strip('\n'))
        elif cell['cell_type'] == 'code' and src and not src.startswith('#| hide'):
            parts.append(f"```python\n{src}\n```")
            text = ''.join(''.join(o.get('text', '')) if o.get('output_type') == 'stream' and o.get('name') == 'stdout'
                           else ''.join(o.get('data', {}).get('text/plain', '')) if o.get('output_type') == 'execute_result' and 'image/png' not in o.get('data', {}) else ''
                           for o in cell.get('outputs', []))
            if text.strip(): parts.append(f"```\n{text.rstrip()}\n```")
    return '\n\n'.join(parts) + '\n'

if __name__ == '__main__':
    nb_path, readme = root/'nbs'/'index.ipynb', root/'README.md'
    nb = json.loads(nb_path.read_text())
    changed = refresh(nb, nb_path.parent)
    txt = render(nb)
    if '--check' in sys.argv:
        ok = not changed and readme.exists() and readme.read_text() == txt
        print('README.md and the results in index.ipynb are in step with the committed reports' if ok else
              'README.md or the results in index.ipynb are out of date: run python tools/readme.py')
        sys.exit(0 if ok else 1)
    if changed:
        nb_path.write_text(json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + '\n')
        print(f'updated the results cells of {nb_path}')
    readme.write_text(txt); print(f'wrote {readme}')
