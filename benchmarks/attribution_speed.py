"""Attribution speed and sample efficiency: xai_course against lime, shap, captum and zennit, measured in one run.

For every method: wall time, number of model evaluations, and the overhead factor = wall time / the floor, the time
the model alone takes for the same evaluations at the best batch size. The floor is measured on the very images the
method fed to the model, in the memory layout it fed them (recorded by a forward pre-hook in an untimed run): on CPU a
forward pass costs more on perturbed images than on one clean image repeated (max pooling's branches depend on the
data), so a floor taken on the clean image would charge the model's own time to the method. The clean-image floor is
printed too. Ours also runs with the model stored channels-last (the rows 'xai_course, channels-last model'), which
makes it build channels-last batches.
Then Kernel SHAP's error against exact Shapley values (12 features, all 4096 coalitions as truth) at a budget of N
evaluations, for ours, captum and shap.

    python benchmarks/attribution_speed.py            # CPU or the GPU if there is one
    python benchmarks/attribution_speed.py --quick    # fewer repeats, for a smoke run
    python benchmarks/attribution_speed.py --out results/attribution_speed   # also the report folder the README quotes
"""
import argparse, time, warnings, platform
import numpy as np, pandas as pd, torch, torchvision
warnings.filterwarnings('ignore')

from xai_course.core import seed_everything, get_device, markdown_table
from xai_course.attribution import Lime, KernelShap, slic_segments, _exact_shapley, _all_coalitions, evaluate_coalitions
from xai_course.lrp import LRP
from xai_course.models.iic import mnist_cnn


def sync(dev):
    if dev.type == 'cuda': torch.cuda.synchronize()

def timed(f, dev, repeat=1):
    "Best wall time of `repeat` calls of f (after one warm-up call) and the last result."
    out = f(); sync(dev); best = float('inf')
    for _ in range(repeat):
        t = time.perf_counter(); out = f(); sync(dev); best = min(best, time.perf_counter() - t)
    return best, out

@torch.no_grad()
def floor_per_eval(model, x, dev, sizes=(32, 64, 128, 256, 512), n=1024):
    "`(seconds per model evaluation, batch size)` at the best batch size (forward passes alone); near-ties (within 5 %) go to the larger batch."
    times = {}
    for bs in sizes:
        xb = x[:1].expand(bs, -1, -1, -1).contiguous()
        reps = max(1, n // bs)
        t, _ = timed(lambda: [model(xb) for _ in range(reps)], dev, repeat=2)
        times[bs] = t / (reps * bs)
    best = min(times.values())
    return best, max(bs for bs, t in times.items() if t <= 1.05 * best)

class InputRecorder:
    "Forward pre-hook keeping a copy of every batch the model is given while recording."
    def __init__(self, model): self.batches, self.on = [], False; self.hook = model.register_forward_pre_hook(self.keep)
    def keep(self, module, args):
        if self.on: self.batches.append(args[0].detach().clone())
    def record(self, f):
        "Run `f` once and return all the images the model saw, concatenated in the layout most of them came in."
        self.batches, self.on = [], True
        try: f()
        finally: self.on = False
        cl = sum(len(b) for b in self.batches if b.ndim == 4 and b.is_contiguous(memory_format=torch.channels_last) and not b.is_contiguous())
        fmt = torch.channels_last if 2 * cl > sum(len(b) for b in self.batches) else torch.contiguous_format
        out, self.batches = torch.cat(self.batches).contiguous(memory_format=fmt), []
        return out
    def remove(self): self.hook.remove()

@torch.no_grad()
def floor_on(model, inputs, dev, sizes=(32, 64, 128, 256, 512)):
    "Seconds per evaluation of `model` over exactly `inputs`, at the best batch size."
    best = float('inf')
    for bs in sizes:
        t, _ = timed(lambda: [model(inputs[s:s + bs]) for s in range(0, len(inputs), bs)], dev, repeat=2)
        best = min(best, t / len(inputs))
    return best


def speed_table(name, model, x, target, mask, dev, n_samples=1000, repeat=1):
    "Every method's wall time, evaluations and overhead factor; ours and captum's best run at the floor's best batch size."
    from captum.attr import Lime as CLime, KernelShap as CKernelShap
    per_eval, best_ppe = floor_per_eval(model, x, dev)
    rows, rec = [], InputRecorder(model)
    def run(method, lib, f, repeat=1):
        "Time `f`, then record what it fed the model and time the model alone on that (the floor)."
        secs, _ = timed(f, dev, repeat)
        seen = rec.record(f); fl = floor_on(model, seen, dev)
        rows.append(dict(model=name, method=method, library=lib, seconds=secs, evals=len(seen),
                         **{'floor (ms/eval)': fl * 1e3, 'overhead factor': secs / (len(seen) * fl)}))
    b = len(x)
    ours_lime, ours_shap = Lime(model), KernelShap(model)
    run('LIME', 'xai_course', lambda: ours_lime(x, target, feature_mask=mask, n_samples=n_samples, batch_size=best_ppe), repeat)
    run('Kernel SHAP', 'xai_course', lambda: ours_shap(x, target, feature_mask=mask, n_samples=n_samples, batch_size=best_ppe), repeat)
    model.to(memory_format=torch.channels_last)  # the same weights stored channels-last: ours builds channels-last batches
    try:
        run('LIME', 'xai_course, channels-last model', lambda: ours_lime(x, target, feature_mask=mask, n_samples=n_samples, batch_size=best_ppe), repeat)
        run('Kernel SHAP', 'xai_course, channels-last model', lambda: ours_shap(x, target, feature_mask=mask, n_samples=n_samples, batch_size=best_ppe), repeat)
    finally: model.to(memory_format=torch.contiguous_format)
    for ppe, label in ((1, 'captum (1 per eval)'), (best_ppe, f'captum ({best_ppe} per eval)')):
        if ppe == 1 and name == 'resnet18' and n_samples > 200: continue  # measured on the small CNN; minutes here
        cl, ck = CLime(model), CKernelShap(model)
        run('LIME', label, lambda: [cl.attribute(x[i:i + 1], target=int(target[i]), feature_mask=mask[i:i + 1], n_samples=n_samples, perturbations_per_eval=ppe) for i in range(b)])
        run('Kernel SHAP', label, lambda: [ck.attribute(x[i:i + 1], target=int(target[i]), feature_mask=mask[i:i + 1], baselines=0., n_samples=n_samples, perturbations_per_eval=ppe) for i in range(b)])
    # lime: its own sampling and ridge, our segmentation passed in so both explain the same superpixels
    from lime import lime_image
    def predict(imgs):
        with torch.no_grad():
            return model(torch.as_tensor(imgs, dtype=torch.float32, device=dev).permute(0, 3, 1, 2)).softmax(1).cpu().numpy()
    expl = lime_image.LimeImageExplainer(random_state=0)
    def run_lime():
        for i in range(b):
            seg = mask[i, 0].cpu().numpy()
            expl.explain_instance(x[i].permute(1, 2, 0).cpu().double().numpy(), predict, labels=(int(target[i]),), top_labels=None, hide_color=None,
                                  num_samples=n_samples, segmentation_fn=lambda im, s=seg: s)
    run('LIME', 'lime (batch 10)', run_lime)
    # shap.KernelExplainer over the same superpixels, switched-off = 0
    import shap
    def shap_run():
        for i in range(b):
            m = int(mask[i].max()) + 1; seg = mask[i:i + 1]
            def f(z):
                zt = torch.as_tensor(z, dtype=torch.bool, device=dev)
                return evaluate_coalitions(model, x[i:i + 1], seg, [zt], torch.zeros_like(x[i:i + 1]), target[i:i + 1], 512, prob=True)[0].cpu().numpy()
            shap.KernelExplainer(f, np.zeros((1, m))).shap_values(np.ones((1, m)), nsamples=n_samples, silent=True)
    run('Kernel SHAP', 'shap.KernelExplainer', shap_run)
    rec.remove()
    # LRP against zennit (EpsilonPlusFlat with its canonizer)
    if name == 'resnet18':
        from zennit.composites import EpsilonPlusFlat
        from zennit.torchvision import ResNetCanonizer
        from zennit.attribution import Gradient
        ours = LRP(model, 'epsilon_plus_flat')
        t_ours, _ = timed(lambda: ours(x, target), dev, max(3, repeat))
        def zen():
            with torch.no_grad(): out = model(x)
            seed = torch.zeros_like(out).scatter_(1, target[:, None], out.gather(1, target[:, None]))
            with Gradient(model=model, composite=EpsilonPlusFlat(canonizers=[ResNetCanonizer()])) as a: return a(x.clone().requires_grad_(True), seed)[1]
        t_z, _ = timed(zen, dev, max(3, repeat))
        rows.append(dict(model=name, method='LRP ε+♭', library='xai_course', seconds=t_ours, evals=b, **{'floor (ms/eval)': float('nan'), 'overhead factor': float('nan')}))
        rows.append(dict(model=name, method='LRP ε+♭', library='zennit', seconds=t_z, evals=b, **{'floor (ms/eval)': float('nan'), 'overhead factor': float('nan')}))
    return pd.DataFrame(rows), (per_eval, best_ppe)


def sample_efficiency(model, x, target, dev, budgets=(128, 256, 512), seeds=5):
    "Relative L2 error of Kernel SHAP against exact Shapley values on 12 grid features, mean over seeds and images."
    from captum.attr import KernelShap as CKernelShap
    import shap
    h, w = x.shape[-2:]
    grid = (torch.arange(h, device=dev) * 3 // h)[:, None] * 4 + (torch.arange(w, device=dev) * 4 // w)[None]  # 3×4 blocks
    mask = grid.expand(len(x), 1, h, w)
    base = torch.zeros_like(x)
    truth = [_exact_shapley(evaluate_coalitions(model, x[i:i + 1], mask[i:i + 1], [_all_coalitions(12, dev)], base[i:i + 1], target[i:i + 1], 4096, prob=True)[0], 12).float().cpu()
             for i in range(len(x))]
    err = lambda phi, i: float((phi - truth[i]).norm() / truth[i].norm())
    rows = []
    for n in budgets:
        e = {'ours': [], 'captum': [], 'shap': []}
        for s in range(seeds):
            for i in range(len(x)):
                _, phis = KernelShap(model).attribute(x[i:i + 1], target[i:i + 1], feature_mask=mask[i:i + 1], baselines=0., n_samples=n, output='prob', seed=s, return_features=True)
                e['ours'].append(err(phis[0].float().cpu(), i))
                torch.manual_seed(s)
                fprob = lambda inp: model(inp).softmax(1)
                c = CKernelShap(fprob).attribute(x[i:i + 1], target=int(target[i]), feature_mask=mask[i:i + 1], baselines=0., n_samples=n, perturbations_per_eval=256)
                e['captum'].append(err(torch.stack([c[0, 0][mask[i, 0] == j][0] for j in range(12)]).cpu(), i))
                np.random.seed(s)
                def f(z, i=i):
                    zt = torch.as_tensor(z, dtype=torch.bool, device=dev)
                    return evaluate_coalitions(model, x[i:i + 1], mask[i:i + 1], [zt], base[i:i + 1], target[i:i + 1], 512, prob=True)[0].cpu().numpy()
                sv = shap.KernelExplainer(f, np.zeros((1, 12))).shap_values(np.ones((1, 12)), nsamples=n, silent=True)
                e['shap'].append(err(torch.as_tensor(np.asarray(sv).reshape(-1)[:12], dtype=torch.float32), i))
        rows.append({'evaluations': n, **{k: float(np.mean(v)) for k, v in e.items()}})
    df = pd.DataFrame(rows)
    return df


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--quick', action='store_true'); ap.add_argument('--device', default=None)
    ap.add_argument('--train-epochs', type=int, default=5, help='epochs of the MNIST CNN on the embedded digits')
    ap.add_argument('--out', default=None, help='also write the tables as CSV into this folder')
    a = ap.parse_args()
    dev = get_device(a.device); seed_everything(0); torch.set_grad_enabled(True)
    n_samples = 200 if a.quick else 1000
    print(f'device: {dev} ({torch.cuda.get_device_name() if dev.type == "cuda" else platform.processor() or platform.machine()}), torch {torch.__version__}, '
          f'{torch.get_num_threads()} CPU threads, {n_samples} samples per image\n')
    from xai_course.data import digits
    from xai_course.models.iic import keras_split, train_classifier
    parts = keras_split(digits(), rgb=True)
    cnn = train_classifier(mnist_cnn(), parts, 'mnist', epochs=a.train_epochs, bs=64, device=dev, show_progress=False)[0].model.eval()
    x_cnn = parts['test'][0][:2].to(dev)  # two real test digits, a trained CNN
    resnet = torchvision.models.resnet18(num_classes=10).to(dev).eval()
    x_res = torch.nn.functional.interpolate(torch.rand(1, 3, 8, 8, generator=torch.Generator().manual_seed(0)), size=64, mode='bilinear').to(dev)  # smooth image: ~50 SLIC segments
    tables, floors = [], {}
    for name, model, x in (('mnist_cnn', cnn, x_cnn), ('resnet18', resnet, x_res)):
        with torch.no_grad(): t = model(x).argmax(1)
        mask = slic_segments(x, n_segments=50, compactness=10.)
        print(f'{name}: SLIC segments per image', [int(m.max()) + 1 for m in mask])
        df, floors[name] = speed_table(name, model, x, t, mask, dev, n_samples, repeat=1 if a.quick else 2)
        tables.append(df)
    speed = pd.concat(tables, ignore_index=True)
    print('## Speed (overhead factor = wall time / the model alone on the same evaluations; 1.0 = pure model time)\n')
    print('clean image repeated, per evaluation (its best batch size is used by ours and by captum\'s best run): ' + ', '.join(f'{k} {v * 1e3:.3f} ms (batch {b})' for k, (v, b) in floors.items()) + '\n')
    print(markdown_table(speed, 2)); print()
    for mname in floors:
        s = speed[speed.model == mname]
        for meth in ('LIME', 'Kernel SHAP'):
            ours = s[(s.method == meth) & (s.library == 'xai_course')]['seconds'].iloc[0]
            refs = s[(s.method == meth) & ~s.library.str.startswith('xai_course')]
            print(f'{mname} {meth}: ours {ours:.2f} s; speed-up over ' + ', '.join(f"{r.library} {r.seconds / ours:.1f}x" for r in refs.itertuples()))
        lrp = s[s.method.str.startswith('LRP')]
        if len(lrp): print(f"{mname} LRP: ours / zennit time = {lrp.seconds.iloc[0] / lrp.seconds.iloc[1]:.2f}")
    print('\n## Kernel SHAP sample efficiency (relative L2 error to exact Shapley values, 12 features; lower is better)\n')
    eff = sample_efficiency(cnn, x_cnn, cnn(x_cnn).argmax(1), dev, budgets=(128, 256, 512) if not a.quick else (128, 256), seeds=2 if a.quick else 5)
    print(markdown_table(eff, 4)); print()
    for n in eff.evaluations:
        if 2 * n in set(eff.evaluations):
            o, c2 = eff.set_index('evaluations').loc[n, 'ours'], eff.set_index('evaluations').loc[2 * n, 'captum']
            print(f'ours at {n} = {o:.4f} vs captum at {2 * n} = {c2:.4f}: {"met" if o <= c2 else "NOT met"} (target: ours at N <= captum at 2N)')
    if a.out:  # a report folder like the reproductions' (the README quotes it from results/)
        from xai_course.reports import Report
        r = Report(a.out, 'LIME, Kernel SHAP and LRP against lime, shap, captum and zennit, in one run', overwrite=True)
        sp = speed.rename(columns={'seconds': 'seconds (lower is faster)', 'overhead factor': 'overhead factor (lower is better)'})
        r.table('speed', sp, 'Speed', f"{n_samples} model evaluations per image over 50 SLIC superpixels: the MNIST CNN (trained {a.train_epochs} epochs on the embedded digits) "
                "on two test digits, ResNet-18 (untrained weights: speed does not depend on them) on one smooth 64×64 image. Overhead factor: wall time / the time the model "
                "alone takes for the same evaluations at its best batch size, measured on the very images the method fed it (1.0 = pure model time).",
                'Clean image repeated, per evaluation: ' + ', '.join(f'{k} {v * 1e3:.3f} ms (batch {b})' for k, (v, b) in floors.items()) + '.', digits=2)
        r.table('sample_efficiency', eff, 'Kernel SHAP sample efficiency', f"Relative L2 error against exact Shapley values (12 grid features, all 4,096 coalitions as truth) at a budget of N evaluations, the mean over {2 if a.quick else 5} seeds and two digits; lower is better.", digits=4)
        r.write('the embedded digits and one synthetic 64×64 image', dev, dict(vars(a), threads=torch.get_num_threads(), samples_per_image=n_samples))

if __name__ == '__main__': main()
