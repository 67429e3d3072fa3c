("Phased adversarial training under fastai's distributed data parallel: two gloo processes on the CPU end with "
 "identical weights.")
import os, shutil, subprocess, sys
from pathlib import Path
import torch

HERE = Path(__file__).parent

def test_two_processes_end_with_identical_weights(tmp_path):
    torchrun = shutil.which('torchrun') or str(Path(sys.executable).parent/'torchrun')
    env = {**os.environ, 'OMP_NUM_THREADS': '1', 'ACCELERATE_USE_CPU': 'true'}
    r = subprocess.run([torchrun, '--standalone', '--nproc_per_node', '2', str(HERE/'ddp_aae.py'), str(tmp_path)],
                       capture_output=True, text=True, env=env, timeout=600)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-4000:]
    a, b = (torch.load(tmp_path/f'rank{k}.pth', weights_only=True) for k in (0, 1))
    assert a['world'] == b['world'] == 2 and a['epochs'] == b['epochs'] == 2
    assert all(torch.equal(a['state'][k], b['state'][k])
               for k in a['state']), [k for k in a['state'] if not torch.equal(a['state'][k], b['state'][k])]
