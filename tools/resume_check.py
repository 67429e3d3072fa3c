"""Kill a reproduction (SIGKILL) once a checkpoint appears, resume it with --resume, and compare its tables with an
uninterrupted run's (timing columns aside). Too slow for CI on the methods with long runs; run it by hand, e.g.

    python tools/resume_check.py xml xml_unsupervised.pth,xml_hybrid.pth -- \\
        --epochs 2,1,1 --sanity-epochs 1 --n-train 200 --n-eval 8 --samples 50

(the first kill lands inside phase 1 of the first variant, the second during the second variant)."""
import argparse, csv, os, shutil, signal, subprocess, sys, tempfile, time
from pathlib import Path

def tables(d:Path) -> dict:
    "Every CSV of a report folder without its timing columns."
    return {f.name: [{k: v for k, v in row.items() if 'second' not in k} for row in csv.DictReader(open(f))]
            for f in sorted(d.glob('*.csv'))}

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('method')
    p.add_argument('checkpoints', help='comma-separated checkpoint file names: one killed run per name')
    p.add_argument('args', nargs=argparse.REMAINDER, help="the method's flags, after --")
    a = p.parse_args()
    exe, flags = shutil.which('xai-course'), [x for x in a.args if x != '--']
    base = Path(tempfile.mkdtemp(prefix='resume_check_'))
    run = (lambda out, *extra: subprocess.run([exe, 'reproduce', a.method, *flags, '--out', str(out), *extra],
                                              capture_output=True, text=True))
    t0 = time.time(); r = run(base/'full')
    if r.returncode: sys.exit(r.stderr[-2000:])
    print(f'uninterrupted run: {time.time() - t0:.0f} s', flush=True)
    full, ok = tables(base/'full'), True
    for name in a.checkpoints.split(','):
        out = base/f'killed_{name}'; ck = out/'checkpoints'/name
        proc = subprocess.Popen([exe, 'reproduce', a.method, *flags, '--out', str(out)], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        while not ck.exists() and proc.poll() is None: time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL); proc.wait()
        if proc.returncode != -signal.SIGKILL: sys.exit(f'{name}: the run ended before it could be killed')
        r = run(out, '--resume')
        if r.returncode: sys.exit(r.stderr[-2000:])
        got = tables(out)
        for t in full:
            print(f"killed at {name}: {t} {'equal' if got.get(t) == full[t] else 'DIFFERENT'}")
            ok &= got.get(t) == full[t]
    shutil.rmtree(base)
    sys.exit(0 if ok else 1)

if __name__ == '__main__': main()
