"Packaging and documentation: the package imports as documented, and the docs configuration matches the notebooks."
import json, re, subprocess, sys, tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def test_public_imports():
    code = ("import xai_course; from xai_course.data import digits, synthetic_shapes, mnist, cifar10, pets, "
            "celeba_gender, RotationBias; "
            "from xai_course.core import show_heatmaps, seed_everything")
    r = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr

def test_readme_in_step_with_index():
    r = subprocess.run([sys.executable, str(ROOT/'tools'/'readme.py'), '--check'], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout

def test_readme_starts_with_the_two_commands():
    lines = (ROOT/'README.md').read_text().splitlines()
    cmds = [l for l in lines if l.startswith('python3 -m venv')]
    assert len(cmds) >= 2
    assert 'pip install -e . &&' in cmds[0] and 'xai-course' in cmds[0]
    assert 'pip install -e ".[dev]"' in cmds[1] and 'nbdev-test' in cmds[1]
    assert lines.index(cmds[1]) < 40  # on the first screen

def test_every_notebook_in_sidebar():
    side = (ROOT/'nbs'/'sidebar.yml').read_text()
    listed = set(re.findall(r'([\w-]+\.ipynb)', side))
    nbs = {p.name for p in (ROOT/'nbs').glob('*.ipynb') if not p.name.startswith('_')}
    assert nbs == listed, f'sidebar.yml lists {sorted(listed)}, nbs/ has {sorted(nbs)}'

def test_notebooks_export_their_modules():
    cfg = tomllib.loads((ROOT/'pyproject.toml').read_text())
    assert cfg['tool']['nbdev']['tst_flags'].split() == ['notest', 'slow', 'cuda']
    for nb in (ROOT/'nbs').glob('[0-9]*.ipynb'):
        src = '\n'.join(''.join(c['source']) for c in json.loads(nb.read_text())['cells'])
        m = re.search(r'#\| default_exp (\S+)', src)
        assert m, f'{nb.name} has no default_exp'
        assert (ROOT/'xai_course'/(m.group(1).replace('.', '/') + '.py')).exists()

def test_quarto_config_points_at_metadata():
    q = (ROOT/'nbs'/'_quarto.yml').read_text()
    assert 'metadata-files: [nbdev.yml, sidebar.yml]' in q
    assert (ROOT/'nbs'/'nbdev.yml').exists() and (ROOT/'nbs'/'styles.css').exists()

def test_wheel_holds_every_module(tmp_path):
    ("The built wheel carries every module of the package, subpackages included (the full check from the installed "
     "wheel is tools/wheel_check.sh, run by CI).")
    import zipfile
    r = subprocess.run([sys.executable, '-m', 'pip', 'wheel', '--no-deps', '-q', '-w', str(tmp_path), str(ROOT)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-2000:]
    whl, = tmp_path.glob('xai_course-*.whl')
    inside = set(zipfile.ZipFile(whl).namelist())
    source = {p.relative_to(ROOT).as_posix() for p in (ROOT/'xai_course').rglob('*.py')}
    assert source <= inside, f'missing from the wheel: {sorted(source - inside)}'
    assert not any(n.startswith(('nbs/', 'tests/', 'results/')) for n in inside)

def test_readme_fails_when_a_committed_report_changes(tmp_path):
    "A report CSV changed without rendering again makes `tools/readme.py --check` fail (what CI's sync check sees)."
    import shutil
    for d in ('tools', 'results'): shutil.copytree(ROOT/d, tmp_path/d, ignore=shutil.ignore_patterns('*.png', '*.pth'))
    shutil.copytree(ROOT/'nbs'/'figures', tmp_path/'nbs'/'figures')
    for n in ('index.ipynb', 'results.ipynb'): shutil.copy(ROOT/'nbs'/n, tmp_path/'nbs')
    shutil.copy(ROOT/'README.md', tmp_path)
    check = lambda: subprocess.run([sys.executable, str(tmp_path/'tools'/'readme.py'), '--check'], capture_output=True,
                                   text=True)
    assert check().returncode == 0, check().stdout
    quoted = [c for c in json.loads((ROOT/'nbs'/'results.ipynb').read_text())['cells']
              if '#| output: asis' in ''.join(c['source'])]
    assert quoted, 'results.ipynb quotes no committed report'
    csv = tmp_path/'results'/'aae_digits'/'accuracy.csv'
    lines = csv.read_text().splitlines(); lines[1] = re.sub(r',([0-9.]+),', ',0.123456,', lines[1], count=1)
    csv.write_text('\n'.join(lines) + '\n')
    r = check()
    assert r.returncode == 1 and 'out of date' in r.stdout, r.stdout

def test_readme_images_exist():
    ("Every relative image link of the README points at a committed file (the index's links, relative to nbs/, are "
     "rewritten).")
    links = re.findall(r'!\[[^\]]*\]\(([^)\s]+)', (ROOT/'README.md').read_text())
    for p in links:
        if not re.match(r'https?:', p): assert (ROOT/p).is_file(), f'README links {p}, which is not in the repository'

def _nbs():
    return {p.name: json.loads(p.read_text()) for p in sorted((ROOT/'nbs').glob('*.ipynb'))}

def test_every_notebook_opens_on_colab():
    ("Each notebook: a Colab badge and the lesson's first paragraph right after the title, then an install cell "
     "nbdev-test does not run.")
    for name, nb in _nbs().items():
        md, inst = (''.join(c['source']) for c in nb['cells'][1:3])
        assert f'colab.research.google.com/github/xai-course/xai_course/blob/main/nbs/{name}' in md, name
        assert all(k in md for k in ('**In this lesson**', '**Read before**', '**Run time**')), name
        assert '#| eval: false' in inst and 'pip install' in inst and 'import' not in inst, name

def test_every_notebook_shows_a_picture():
    for name, nb in _nbs().items():
        pics = [o for c in nb['cells'] if c['cell_type'] == 'code' for o in c.get('outputs', [])
                if 'image/png' in o.get('data', {})]
        pics += [c for c in nb['cells'] if c['cell_type'] == 'markdown'
                 and re.search(r'!\[[^\]]*\]\(figures/', ''.join(c['source']))]
        assert pics, f'{name} shows no picture'

def test_imports_in_their_own_cells():
    ("nbdev-proc-nbs runs every cell holding an import: such a cell may hold nothing else (directives, comments, and "
     "the warnings filters of imports aside).")
    for name, nb in _nbs().items():
        for c in nb['cells']:
            if c['cell_type'] != 'code': continue
            lines = [l for l in ''.join(c['source']).splitlines() if l.strip() and not l.lstrip().startswith('#')]
            top = [l for l in lines if not l.startswith((' ', '\t'))]
            if any(l.startswith(('import ', 'from ')) for l in top):
                other = [l for l in top if not l.startswith(('import ', 'from ', 'warnings.filterwarnings',
                                                             'if TYPE_CHECKING: import ', 'if TYPE_CHECKING: from '))]
                assert not other, f'{name}: a cell mixes imports with {other[:2]}'

def test_readme_is_short_and_teaches():
    readme = (ROOT/'README.md').read_text()
    assert len(readme.splitlines()) <= 150
    assert 'learn.explain(' in readme and 'show_heatmaps(' in readme and 'resnet18' in readme
    assert 'results.html' in readme and 'pip install xai_course' in readme

def test_nbdev_yml_is_what_nbdev_writes():
    ("nbdev-docs and nbdev-proc-nbs regenerate nbs/nbdev.yml from pyproject.toml: the committed one must be that very "
     "text, or the docs build dirties the tree.")
    code = ("from nbdev.config import get_config; import nbdev.quarto as q; cfg = get_config(); "
            "v = {k: cfg[k] for k in ['title', 'description', 'branch', 'git_url', 'doc_host', 'doc_baseurl']}; "
            "v['doc_path'] = cfg.doc_path.name; "
            "assert (cfg.nbs_path/'nbdev.yml').read_text() == q._nbdev_yml.format(**v), 'nbs/nbdev.yml differs from "
            "what nbdev writes'")
    r = subprocess.run([sys.executable, '-c', code], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-1500:]

def test_widget_lesson_keeps_its_widget_state():
    "07_widgets is committed with the widget's saved state, so the docs show the explorer without a kernel."
    nb = json.loads((ROOT/'nbs'/'07_widgets.ipynb').read_text())
    state = nb['metadata']['widgets']['application/vnd.jupyter.widget-state+json']['state']
    views = [o['data']['application/vnd.jupyter.widget-view+json']['model_id'] for c in nb['cells']
             if c['cell_type'] == 'code'
             for o in c.get('outputs', []) if 'application/vnd.jupyter.widget-view+json' in o.get('data', {})]
    assert views and all(v in state for v in views), 'a shown widget without its saved state'
    images = [m for m in state.values() if m['model_name'] == 'ImageModel']
    assert images and all(m.get('buffers') for m in images), 'the image widget was saved without its picture'

def test_every_method_is_registered_after_importing_attribution_alone():
    ("`import xai_course.attribution` alone: `METHODS` holds every chapter's method and `learn.explain` reaches each "
     "one.")
    code = '''
import sys, torch, torch.nn as nn
import xai_course.attribution as A
from fastai.learner import Learner
from fastai.data.core import DataLoaders
from fastai.data.load import DataLoader
lazy = ('xai_course.gradients', 'xai_course.lrp', 'xai_course.xml')
assert not any(m in sys.modules for m in lazy), 'imported before the first lookup'
names = set(A.METHODS)
assert {'saliency', 'gradcam', 'kernelshap', 'lime', 'lrp', 'inputxgradient', 'integratedgradients', 'smoothgrad',
        'guidedbackprop', 'deconvolution', 'guidedgradcam', 'occlusion', 'xml'} == names, names
torch.manual_seed(0)
net = nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.ReLU(), nn.Conv2d(4, 4, 3, padding=1), nn.ReLU(),
                    nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(4, 2))
learn = Learner(DataLoaders(DataLoader([]), DataLoader([])), net, loss_func=nn.CrossEntropyLoss())
x = torch.rand(2, 3, 16, 16)
for m in sorted(names - {'xml'}):
    kw = {'n_samples': 64} if m in ('kernelshap', 'lime') else {'window': 4, 'stride': 4} if m == 'occlusion' else {}
    h = learn.explain(x, m, **kw)
    assert h.shape == (2, 1, 16, 16) and torch.isfinite(h).all(), m
try: learn.explain(x, 'xml'); raise AssertionError('xml explained a plain CNN')
except ValueError as e: assert 'ExplainerClassifier' in str(e), e
print('ok')
'''
    r = subprocess.run([sys.executable, '-c', code], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.strip().endswith('ok'), r.stderr[-3000:]

def test_no_private_patches_or_namespace_tricks():
    "No `globals()[`, no `__dict__[` writes and no patch of fastai's `DistributedDL` in the package (#29)."
    src = {p.name: p.read_text() for p in (ROOT/'xai_course').rglob('*.py') if p.name != '_modidx.py'}
    for needle in ('globals()[', '__dict__[', 'def _broadcast(self:DistributedDL'):
        assert not [n for n, s in src.items() if needle in s], (needle, [n for n, s in src.items() if needle in s])

def test_written_lines_fit_in_120_characters():
    "Every line a person writes in the package is at most 120 characters (ruff's E501 checks tests, benchmarks, tools)."
    # nbdev writes two things into each exported module itself (the module docstring from the notebook's description
    # and the first line of `__all__`): this test skips those and checks the rest
    import ast
    long = []
    for p in sorted((ROOT/'xai_course').rglob('*.py')):
        if p.name == '_modidx.py': continue
        src = p.read_text(); tree = ast.parse(src)
        doc = tree.body[0] if tree.body and isinstance(tree.body[0], ast.Expr) else None
        alls = [n for n in tree.body
                if isinstance(n, ast.Assign) and any(getattr(t, 'id', None) == '__all__' for t in n.targets)]
        generated = {i for n in ([doc] if doc else []) + alls for i in range(n.lineno, n.end_lineno + 1)}
        long += [f'{p.relative_to(ROOT)}:{i}' for i, l in enumerate(src.splitlines(), 1)
                 if len(l) > 120 and i not in generated]
    assert not long, f'{len(long)} lines over 120 characters: {long[:10]}'
