"Run by tests/test_distributed.py under torchrun: an adversarial AAE phase under fastai's distrib_ctx (gloo, CPU)."
import os, sys, warnings
warnings.filterwarnings('ignore')
import numpy as np, torch
from xai_course.core import seed_everything
from xai_course.data import ImageSet
from xai_course.models.aae import AAE, AAELoss
from xai_course.training import Phase, critic_every
from xai_course.aae import aae_learner

out = sys.argv[1]
torch.set_num_threads(1)
rng = np.random.default_rng(0)
x = (rng.random((96, 8, 8, 1)) * 255).astype(np.uint8); y = (x.mean((1, 2, 3)) > 127).astype(np.int64)
ds = ImageSet(x, y, ['dark', 'light'], np.arange(96) >= 64, name='tiny')
seed_everything(0)
dls = ds.dls(bs=8, val_bs=8, device='cpu')
model = AAE(8, in_channels=1, encoding_dims=8, step_channels=4)
phase = Phase(2, {'generator': 5e-3, 'critic': 5e-3}, {'weights': AAELoss.phase_weights[2]}, critic=('critic',),
              schedule=critic_every(2), n_acc=2, monitor='accuracy')
learn = aae_learner(dls, model, [phase], show_progress=False)
with learn.distrib_ctx(sync_bn=False): hist = learn.fit_phases()
rank = torch.distributed.get_rank() if torch.distributed.is_initialized() else 0
torch.save({'state': model.state_dict(), 'world': int(os.environ.get('WORLD_SIZE', 1)), 'epochs': len(hist)},
           f'{out}/rank{rank}.pth')
