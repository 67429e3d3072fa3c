"""How fast the `xai-course` command answers when it has nothing heavy to do.

`xai-course --help`, `--version`, `reproduce --help` and `data show --help` each run as a fresh process several
times; the script prints the median and the slowest wall time, and the heavy modules (torch, fastai, pandas,
matplotlib) that `import xai_course.cli` loads. The reference in the same run is a bare `python -c pass`, the
interpreter's own start-up, which no command can beat. Target: `--help` and `--version` under 1 s on a 2-core CPU.

    python benchmarks/cli_startup.py            # 7 runs of each command
    python benchmarks/cli_startup.py --repeat 3
"""
import argparse, shutil, statistics, subprocess, sys, time

def wall(cmd, repeat):
    "Wall times of `repeat` runs of `cmd` (a list), each a fresh process."
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        r = subprocess.run(cmd, capture_output=True, text=True); out.append(time.perf_counter() - t)
        if r.returncode != 0: raise SystemExit(f"{' '.join(cmd)} failed ({r.returncode}): {r.stderr[-500:]}")
    return out

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--repeat', type=int, default=7)
    a = ap.parse_args()
    exe = shutil.which('xai-course') or sys.exit('xai-course is not on the PATH: pip install the package first')
    rows = [('python -c pass (interpreter start-up)', [sys.executable, '-c', 'pass']),
            ('xai-course --help', [exe, '--help']),
            ('xai-course --version', [exe, '--version']), ('xai-course reproduce --help', [exe, 'reproduce', '--help']),
            ('xai-course data show --help', [exe, 'data', 'show', '--help'])]
    heavy = subprocess.run([sys.executable, '-c', "import sys, xai_course.cli; print(' '.join(m for m in ('torch', "
                                                  "'fastai', 'pandas', 'matplotlib', 'numpy') if m in sys.modules) or "
                                                  "'none')"],
                           capture_output=True, text=True).stdout.strip()
    print(f"heavy modules loaded by `import xai_course.cli`: {heavy}\n")
    print("| command | median s | slowest s | median / interpreter start-up |\n|---|---|---|---|")
    base = None
    for name, cmd in rows:
        t = wall(cmd, a.repeat); m = statistics.median(t); base = base or m
        print(f"| {name} | {m:.3f} | {max(t):.3f} | {m / base:.1f}× |")
    print("\ntarget: --help and --version under 1 s")
