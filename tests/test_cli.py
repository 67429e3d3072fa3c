"The installed `xai-course` console script, run as a user would."
import shutil, subprocess, sys
import pytest

EXE = shutil.which('xai-course')

HANG = 1800  # seconds: catches a hang, never a slow but working run on a loaded machine (each needs 0.1–90 s)

def run(*args, cwd=None):
    return subprocess.run([EXE, *args], capture_output=True, text=True, cwd=cwd, timeout=HANG)

@pytest.fixture(scope='module', autouse=True)
def _installed():
    if EXE is None: pytest.fail('the console script xai-course is not installed (pip install -e .)')

def test_version():
    import xai_course
    r = run('--version')
    assert r.returncode == 0 and r.stdout.strip() == f'xai_course {xai_course.__version__}'

def test_help_loads_nothing_heavy():
    ("`--help` and `--version` answer without torch, fastai, pandas or matplotlib (benchmarks/cli_startup.py times "
     "them).")
    code = ("import sys, xai_course.cli; print(' '.join(m for m in ('torch', 'fastai', 'pandas', 'matplotlib') if m in "
            "sys.modules))")
    r = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, timeout=HANG)
    assert r.returncode == 0 and r.stdout.strip() == '', (r.stdout, r.stderr)
    assert 'usage: xai-course' in run('--help').stdout

def test_data_show_default_goes_under_reports(tmp_path):
    r = run('data', 'show', 'digits', '--n', '4', cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (tmp_path/'reports'/'digits.png').exists() and not (tmp_path/'digits.png').exists()

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
    cols = [k for k in rows[0] if 'corr' in k or 'spearman' in k]
    # pooled (labelled class-confounded) and within-class
    assert len(cols) == 4 and all(-1 <= float(r[k]) <= 1 for r in rows for k in cols), cols
    assert any('class-confounded' in k for k in cols) and any(k.startswith('within-class') for k in cols)
    assert 'report written to' in r.stdout
    for phase in ('phase 1: autoencoder (1/3)', 'phase 2: adversarial (2/3)', 'phase 3: classifier (3/3)'):
        assert phase in r.stdout, r.stdout[:2000]
    assert '█' not in r.stdout, 'progress bars written to a log'

def test_reproduce_aae_rejects_bad_epochs(tmp_path):
    r = run('reproduce', 'aae', '--epochs', '2,2', '--out', str(tmp_path))
    assert r.returncode == 2 and 'argument --epochs: needs three' in r.stderr and 'Traceback' not in r.stderr

def test_reproduce_iic_writes_report(tmp_path):
    out = tmp_path/'iic'
    r = run('reproduce', 'iic', '--epochs', '2', '--n-eval', '20', '--samples', '60', '--out', str(out))
    assert r.returncode == 0, r.stderr[-3000:]
    for fn in ('report.md', 'config.json', 'accuracy.csv', 'degradation.csv', 'aopc.csv', 'timing.csv',
               'comparison.png'):
        assert (out/fn).stat().st_size > 0, fn
    import csv
    deg = list(csv.DictReader(open(out/'degradation.csv')))
    assert [d['method'] for d in deg] == ['LIME', 'Kernel SHAP', 'LRP-ε', 'LRP-z', 'Grad-CAM', 'Saliency',
                                          'random ranking']
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
    r = run('reproduce', 'xml', '--epochs', '1,1,1', '--n-train', '96', '--n-eval', '8', '--samples', '64', '--size',
            '32', '--bs', '16',
            '--losses', 'unsupervised,hybrid,sanity', '--out', str(out))
    assert r.returncode == 0, r.stderr[-3000:]
    for fn in ('report.md', 'config.json', 'summary.csv', 'aopc.csv', 'training.csv', 'explanations.png', 'aopc.png'):
        assert (out/fn).stat().st_size > 0, fn
    import csv
    rows = list(csv.DictReader(open(out/'summary.csv')))
    assert {r['method'] for r in rows} == {'xML (unsupervised)', 'xML (hybrid)', 'xML (sanity: hybrid, γ 10)',
                                           'Grad-CAM', 'LRP', 'Saliency', 'LIME', 'Kernel SHAP', 'Input×Gradient',
                                           'Integrated Gradients', 'SmoothGrad', 'Deconvolution', 'Guided Backprop',
                                           'Guided Grad-CAM', 'Occlusion'}
    loc = [k for k in rows[0] if k.startswith(('POMPOM', 'relevance mass', 'pointing game', 'deciding-shape share'))]
    assert len(loc) == 8 and all('(lower is better)' in k or '(higher is better)' in k for k in loc), loc
    assert all(0 <= float(r['POMPOM (lower is better)']) <= 1 for r in rows)
    assert 'report written to' in r.stdout
    import re
    accs = [float(r['accuracy (higher is better)']) for r in rows]
    # one epoch per phase may leave a model near chance: then the report must refuse to rank (naming the bar), else it
    # ranks
    assert ('No ranking' in r.stdout) != ('POMPOM ordering' in r.stdout), r.stdout[-2000:]
    if 'No ranking' in r.stdout:
        assert min(accs) < float(re.search(r'is below (\d\.\d+)', r.stdout)[1]), (accs, r.stdout[-2000:])
    else: assert min(accs) >= 0.75, accs  # the bar is at least 0.75: halfway from a majority share ≥ 0.5 to 1

def test_reproduce_xml_rejects_bad_size(tmp_path):
    r = run('reproduce', 'xml', '--size', '40', '--out', str(tmp_path))
    assert r.returncode == 2 and '--size must be a multiple of 32' in r.stderr

def test_reproduce_discover_writes_report(tmp_path):
    out = tmp_path/'discover'
    r = run('reproduce', 'discover', '--n', '160', '--size', '16', '--width', '0.0625', '--latent-dim', '24', '--k',
            '3', '--clf-width', '0.0625',
            '--clf-epochs', '1', '--epochs', '1', '--bs', '8', '--out', str(out))
    assert r.returncode == 0, r.stderr[-3000:]
    for f in ('report.md', 'config.json', 'metrics.csv', 'ranking.csv', 'score_shifts.csv', 'factor_effects.csv',
              'counterfactuals.png', 'explorer.png', 'classifier.pth'):
        assert (out/f).exists(), f
    assert 'recognizer accuracy' in (out/'metrics.csv').read_text()
    for f in ('ruler_validity.csv', 'score_dim_shifts.csv'): assert (out/f).exists(), f
    assert 'score-head direction' in (out/'score_shifts.csv').read_text()

def test_reproduce_seeds_writes_per_seed_and_aggregated_tables(tmp_path):
    out = tmp_path/'seeds'
    r = run('reproduce', 'discover', '--n', '160', '--size', '16', '--width', '0.0625', '--latent-dim', '24', '--k',
            '3', '--clf-width', '0.0625',
            '--clf-epochs', '1', '--epochs', '1', '--bs', '8', '--seeds', '0,1', '--out', str(out))
    assert r.returncode == 0, r.stderr[-3000:]
    for s in (0, 1): assert (out/f'seed{s}'/'report.md').exists()
    import pandas as pd
    stacked, summary = pd.read_csv(out/'metrics.csv'), pd.read_csv(out/'metrics_mean_sd.csv')
    assert sorted(stacked.seed.unique()) == [0, 1] and 'value sd' in summary.columns
    assert 'mean over seeds 0,1' in r.stdout
    bad = run('reproduce', 'discover', '--seeds', '0,0', '--out', str(tmp_path/'x'))
    assert bad.returncode == 2 and '--seeds' in bad.stderr

def test_reproduce_discover_rejects_bad_data(tmp_path):
    r = run('reproduce', 'discover', '--data', 'mnist', '--out', str(tmp_path))
    assert r.returncode != 0 and '--data' in r.stderr and 'shapes' in r.stderr

def test_reproduce_stargan_writes_report(tmp_path):
    out = tmp_path/'stargan'
    r = run('reproduce', 'stargan', '--n', '160', '--size', '16', '--feat-dim', '9', '--clf-width', '8', '--clf-epochs',
            '1', '--conv-dim', '4',
            '--n-res', '1', '--d-conv-dim', '4', '--d-layers', '4', '--epochs', '1', '--bs', '8', '--cond-mode', 'flat',
            '--out', str(out))
    assert r.returncode == 0, r.stderr[-3000:]
    for f in ('report.md', 'config.json', 'metrics.csv', 'monotonicity.csv', 'moved_attributes.csv',
              'attribute_moves.csv', 'factor_traversal.csv',
              'traversals.png', 'explorer.png', 'black_box.pth', 'generator.pth'):
        assert (out/f).exists(), f
    assert 'mean CCC, requested vs re-extracted (higher is better)' in (out/'metrics.csv').read_text()
    for col in ('source found (higher is better)', 'source found by chance', 'L1(x, another real image) (the scale)',
                'mean CCC if G ignored f (the floor)',
                'cycle L1(x, G(G(x, f′), F(x))) (lower is better)'): assert col in (out/'metrics.csv').read_text(), col
    assert '"cond_mode": "flat"' in (out/'config.json').read_text()

def test_reproduce_stargan_rejects_bad_mode(tmp_path):
    r = run('reproduce', 'stargan', '--cond-mode', 'sideways', '--out', str(tmp_path))
    assert r.returncode == 2 and '--cond-mode' in r.stderr, r.stderr[-2000:]

def test_reproduce_refuses_an_earlier_report(tmp_path):
    out = tmp_path/'earlier'; out.mkdir(); (out/'report.md').write_text('# an earlier run\n')
    r = run('reproduce', 'aae', '--out', str(out))
    ok = r.returncode == 2 and '--overwrite' in r.stderr and '--out' in r.stderr and 'Traceback' not in r.stderr
    assert ok, r.stderr[-2000:]
    assert (out/'report.md').read_text() == '# an earlier run\n'  # nothing of it was touched

def test_reproduce_unwritable_out_fails_before_training(tmp_path):
    blocker = tmp_path/'a_file'; blocker.write_text('x')
    r = run('reproduce', 'aae', '--out', str(blocker/'sub'))
    assert r.returncode == 2 and 'cannot be written' in r.stderr and 'phase 1' not in r.stdout, (r.stdout[-1000:],
                                                                                                 r.stderr[-2000:])

def test_reproduce_rejects_zero_epochs_and_unknown_devices(tmp_path):
    for args, msg in ((['--epochs', '0,0,0'], 'argument --epochs'),
                      (['--baseline-epochs', '0'], 'argument --baseline-epochs'),
                      (['--device', 'quantum'], '--device')):
        r = run('reproduce', 'aae', *args, '--out', str(tmp_path/'r'))
        assert r.returncode == 2 and msg in r.stderr and 'Traceback' not in r.stderr, (args, r.stderr[-2000:])

def test_reproduce_list_names_every_method():
    r = run('reproduce', '--list')
    assert r.returncode == 0 and [l.split()[0] for l in r.stdout.splitlines()] == ['aae', 'iic', 'xml', 'discover',
                                                                                   'stargan', 'bnn'], r.stdout

def test_reproduce_bnn_writes_report(tmp_path):
    out = tmp_path/'bnn'
    r = run('reproduce', 'bnn', '--epochs', '2', '--networks', '20', '--n-noise', '20', '--out', str(out))
    assert r.returncode == 0, r.stderr[-3000:]
    import csv
    rows = list(csv.DictReader(open(out/'summary.csv')))
    assert [x['set'] for x in rows] == ['test images',
                                        'uniform noise'] and float(rows[0]['forced accuracy (10 samples)']) > 0.5
    assert (out/'samples_0.png').stat().st_size > 0 and 'report written to' in r.stdout

def _kill_then_resume(tmp_path, args, checkpoint, epochs):
    "Run `args` to the end; run it again, SIGKILL it once `checkpoint` exists, resume it; return both report folders."
    import os, signal, time, torch
    full = run(*args, '--out', str(tmp_path/'full'))
    assert full.returncode == 0, full.stderr[-3000:]
    out, ck = tmp_path/'killed', tmp_path/'killed'/'checkpoints'/checkpoint
    p = subprocess.Popen([EXE, *args, '--out', str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + HANG
    while not ck.exists() and p.poll() is None and time.time() < deadline: time.sleep(0.02)
    os.kill(p.pid, signal.SIGKILL); p.wait()
    assert p.returncode == -signal.SIGKILL, f'the run ended (status {p.returncode}) before it could be killed'
    assert not (out/'report.md').exists()
    s = torch.load(ck, weights_only=True)
    done = s['epoch'] if 'epoch' in s else len(s['history'])
    assert 1 <= done < epochs, done  # killed in the middle of that training
    refused = run(*args, '--out', str(out))
    assert refused.returncode == 2 and 'pass --resume to continue it' in refused.stderr, refused.stderr[-2000:]
    resumed = run(*args, '--out', str(out), '--resume')
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    return tmp_path/'full', out

def _table(d, name):
    "A report's CSV without its timing columns."
    import csv
    return [{k: v for k, v in row.items() if 'second' not in k} for row in csv.DictReader(open(d/f'{name}.csv'))]

def test_reproduce_resumes_after_sigkill(tmp_path):
    ("A quick reproduction killed (SIGKILL) in the middle of its training, then run again with --resume, ends with the "
     "tables of an uninterrupted run.")
    args = ['reproduce', 'bnn', '--epochs', '5', '--original', '--networks', '20', '--n-noise', '20']
    # the second variant's checkpoint: the first variant is done
    full, out = _kill_then_resume(tmp_path, args, 'fit_1.pth', 5)
    assert _table(out, 'summary') == _table(full, 'summary')
    hist = _table(out, 'training')
    assert len(hist) == 10 and hist == _table(full, 'training')  # every epoch of both variants, equal to the digit

def test_reproduce_aae_resumes_after_sigkill(tmp_path):
    ("The same for the AAE, killed in its phased adversarial training (`PhasedTraining`'s checkpoint), its baseline "
     "trained after the resume.")
    args = ['reproduce', 'aae', '--epochs', '2,2,2', '--baseline-epochs', '1', '--no-tsne']
    full, out = _kill_then_resume(tmp_path, args, 'aae_alternating_half_normal.pth', 6)
    for name in ('accuracy', 'correlations', 'rotation_probe', 'direction_agreement', 'aae_training'):
        assert _table(out, name) == _table(full, name), name

def test_every_reproduce_flag_has_a_help_line():
    from xai_course.cli import reproduce_parser
    from xai_course.reports import REPRODUCTIONS
    for m in REPRODUCTIONS:
        for a in reproduce_parser(m)._actions:
            if a.dest == 'help': continue
            name = a.dest.replace('_', ' ')
            assert a.help and a.help.split(' (')[0] not in (a.dest, name, ''), (m, a.dest, a.help)
