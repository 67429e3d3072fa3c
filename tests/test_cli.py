"The installed `xai-course` console script, run as a user would."
import shutil, subprocess, sys
from pathlib import Path
import pytest

EXE = shutil.which('xai-course')

def run(*args, cwd=None):
    return subprocess.run([EXE, *args], capture_output=True, text=True, cwd=cwd, timeout=300)

@pytest.fixture(scope='module', autouse=True)
def _installed():
    if EXE is None: pytest.fail('the console script xai-course is not installed (pip install -e .)')

def test_version():
    import xai_course
    r = run('--version')
    assert r.returncode == 0 and r.stdout.strip() == f'xai_course {xai_course.__version__}'

def test_data_show_shapes_writes_png(tmp_path):
    r = run('data', 'show', 'shapes', '--n', '8', '--out', str(tmp_path/'shapes.png'))
    assert r.returncode == 0, r.stderr
    assert "ImageSet 'synthetic_shapes': 64 images 64×64×3" in r.stdout
    png = (tmp_path/'shapes.png').read_bytes()
    assert png[:8] == b'\x89PNG\r\n\x1a\n' and len(png) > 5000

def test_data_show_rotated_digits(tmp_path):
    r = run('data', 'show', 'digits-rotated', '--out', str(tmp_path/'d.png'))
    assert r.returncode == 0, r.stderr
    assert "extras=['angle']" in r.stdout and (tmp_path/'d.png').exists()

def test_missing_data_is_a_clear_error(tmp_path):
    r = run('data', 'show', 'cifar10', '--path', str(tmp_path/'nowhere'))
    assert r.returncode == 2 and 'does not exist' in r.stderr and 'Traceback' not in r.stderr

def test_unknown_dataset_is_rejected():
    r = run('data', 'show', 'imagenet')
    assert r.returncode == 2 and 'invalid choice' in r.stderr

def test_reproduce_aae_writes_report(tmp_path):
    out = tmp_path/'aae'
    r = run('reproduce', 'aae', '--epochs', '2,2,2', '--baseline-epochs', '1', '--no-tsne', '--out', str(out))
    assert r.returncode == 0, r.stderr[-3000:]
    for fn in ('report.md', 'config.json', 'correlations.csv', 'accuracy.csv', 'traversal.png', 'rotation_impact.png'):
        assert (out/fn).stat().st_size > 0, fn
    import csv
    rows = list(csv.DictReader(open(out/'correlations.csv')))
    assert {r['representation'] for r in rows} == {'AAE latent', 'ResNet34 features'}
    assert all(-1 <= float(r[[k for k in r if k.startswith('corr(')][0]]) <= 1 for r in rows)
    assert 'report written to' in r.stdout

def test_reproduce_aae_rejects_bad_epochs(tmp_path):
    r = run('reproduce', 'aae', '--epochs', '2,2', '--out', str(tmp_path))
    assert r.returncode == 2 and 'argument --epochs: needs three' in r.stderr and 'Traceback' not in r.stderr

def test_reproduce_iic_writes_report(tmp_path):
    out = tmp_path/'iic'
    r = run('reproduce', 'iic', '--epochs', '2', '--n-eval', '20', '--samples', '60', '--out', str(out))
    assert r.returncode == 0, r.stderr[-3000:]
    for fn in ('report.md', 'config.json', 'accuracy.csv', 'degradation.csv', 'aopc.csv', 'timing.csv', 'comparison.png'):
        assert (out/fn).stat().st_size > 0, fn
    import csv
    deg = list(csv.DictReader(open(out/'degradation.csv')))
    assert [d['method'] for d in deg] == ['LIME', 'Kernel SHAP', 'LRP-ε', 'LRP-z', 'Grad-CAM', 'Saliency', 'random ranking']
    assert all(0 <= float(v) <= 1 for d in deg for k, v in d.items() if k != 'method')
    assert 'report written to' in r.stdout

def test_reproduce_iic_rejects_bad_numbers(tmp_path):
    r = run('reproduce', 'iic', '--samples', '0', '--out', str(tmp_path))
    assert r.returncode == 2 and 'argument --samples: must be a positive number' in r.stderr

def test_reproduce_help_lists_the_registry():
    from xai_course.reports import REPRODUCTIONS
    r = run('reproduce', '--help')
    assert r.returncode == 0 and all(m in r.stdout for m in REPRODUCTIONS)

def test_renamed_flag_keeps_working():
    r = run('reproduce', 'aae', '--full', '--help')
    assert r.returncode == 0 and '--full is now --setting full' in r.stderr

def test_reproduce_xml_writes_report(tmp_path):
    out = tmp_path/'xml'
    r = run('reproduce', 'xml', '--epochs', '1,1,1', '--n-train', '96', '--n-eval', '8', '--samples', '64', '--out', str(out))
    assert r.returncode == 0, r.stderr[-3000:]
    for fn in ('report.md', 'config.json', 'summary.csv', 'aopc.csv', 'training.csv', 'explanations.png', 'aopc.png'):
        assert (out/fn).stat().st_size > 0, fn
    import csv
    rows = list(csv.DictReader(open(out/'summary.csv')))
    assert {r['method'] for r in rows} == {'xML (unsupervised)', 'xML (hybrid)', 'Grad-CAM', 'LRP', 'Saliency', 'LIME', 'Kernel SHAP'}
    assert all(0 <= float(r['POMPOM (lower is better)']) <= 1 for r in rows)
    assert 'POMPOM ordering' in r.stdout and 'report written to' in r.stdout

def test_reproduce_xml_rejects_bad_size(tmp_path):
    r = run('reproduce', 'xml', '--size', '40', '--out', str(tmp_path))
    assert r.returncode == 2 and '--size must be a multiple of 32' in r.stderr
