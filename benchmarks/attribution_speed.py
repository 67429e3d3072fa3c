"""Attribution speed and sample efficiency: xai_course against lime, shap, captum and zennit, measured in one run.

For every method: wall time, number of model evaluations, and the overhead factor = wall time / the floor, the time
the model alone takes for the same evaluations at the best batch size. The floor is measured on the very images the
method fed to the model, in the memory layout it fed them (recorded by a forward pre-hook in an untimed run): on CPU a
forward pass costs more on perturbed images than on one clean image repeated (max pooling's branches depend on the
data), so a floor taken on the clean image would charge the model's own time to the method. The clean-image floor is
printed too. Ours also runs with the model stored channels-last (the rows 'xai_course, channels-last model'), which
makes it build channels-last batches.
The bf16 rows run ours under bfloat16 autocast and give the agreement of their values with float32.
Then Kernel SHAP's error against exact Shapley values at a budget of N evaluations, on two games: the MNIST CNN on
12 grid features (all 4,096 coalitions as truth) and a sum of unanimity games on 24 players (closed-form truth), for
ours (leverage and kernel sampling), captum, shap (its default and without its feature selection, at N and 2N) and
shapiq's estimators; a table of the criteria and a figure of error against budget.

    pip install -e ".[dev,bench]"                     # shapiq comes with the bench extra
    python benchmarks/attribution_speed.py            # CPU or the GPU if there is one
    python benchmarks/attribution_speed.py --quick    # fewer repeats, for a smoke run
    python benchmarks/attribution_speed.py --out results/attribution_speed   # also the report folder the README quotes
"""
import argparse, time, warnings, platform
import numpy as np, pandas as pd, torch, torchvision
from scipy.stats import spearmanr
warnings.filterwarnings('ignore')

from xai_course.core import seed_everything, get_device, markdown_table
from xai_course.attribution import (Lime, KernelShap, slic_segments, _exact_shapley, _all_coalitions,
                                    evaluate_coalitions, leverage_shapley_sample,
                                    shapley_kernel_sample, constrained_wls)
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
    ("`(seconds per model evaluation, batch size)` at the best batch size (forward passes alone); near-ties (within 5 "
     "%) go to the larger batch.")
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
        cl = sum(len(b) for b in self.batches if b.ndim == 4 and b.is_contiguous(memory_format=torch.channels_last)
                 and not b.is_contiguous())
        fmt = torch.channels_last if 2 * cl > sum(len(b) for b in self.batches) else torch.contiguous_format
        out, self.batches = torch.cat(self.batches).contiguous(memory_format=fmt), []
        return out
    def remove(self): self.hook.remove()

@torch.no_grad()
def floor_on(model, inputs, dev, sizes=(32, 64, 128, 256, 512), repeat=2):
    ("`(seconds per evaluation, batch size)` of `model` over exactly `inputs`, at the best of the batch `sizes` (best "
     "of `repeat` passes each).")
    times = {bs: timed(lambda: [model(inputs[s:s + bs]) for s in range(0, len(inputs), bs)], dev,
                       repeat=repeat)[0] / len(inputs) for bs in sizes}
    bs = min(times, key=times.get)
    return times[bs], bs


def speed_table(name, model, x, target, mask, dev, n_samples=1000, repeat=1):
    ("Every method's wall time, evaluations and overhead factor; ours and captum's best run at the floor's best batch "
     "size.")
    from captum.attr import Lime as CLime, KernelShap as CKernelShap
    per_eval, best_ppe = floor_per_eval(model, x, dev)
    rows, rec = [], InputRecorder(model)
    def run(method, lib, f, repeat=1, ours=None, **extra):
        """Record what `f` feeds the model and find the floor's best batch size on those inputs; then time `f` and
        the model alone at that batch size in turn, best of `repeat` each. `ours(batch_size)` gives `f` at a batch
        size: ours runs at the floor's best."""
        seen = rec.record(f if ours is None else ours(best_ppe))
        _, bs = floor_on(model, seen, dev)
        if ours is not None: f = ours(bs)
        secs = fl = float('inf')
        for _ in range(max(repeat, 1)):
            secs = min(secs, timed(f, dev, 1)[0]); fl = min(fl, floor_on(model, seen, dev, sizes=(bs,), repeat=1)[0])
        rows.append(dict(model=name, method=method, library=lib, seconds=secs, evals=len(seen),
                         **{'floor (ms/eval)': fl * 1e3, 'floor batch': bs, 'overhead factor': secs / (len(seen) * fl)},
                         **extra))
    b = len(x)
    ours_lime, ours_shap = Lime(model), KernelShap(model)
    kw = dict(feature_mask=mask, n_samples=n_samples)
    run('LIME', 'xai_course', None, repeat, ours=lambda bs: lambda: ours_lime(x, target, batch_size=bs, **kw))
    run('Kernel SHAP', 'xai_course', None, repeat, ours=lambda bs: lambda: ours_shap(x, target, batch_size=bs, **kw))
    # the same weights stored channels-last: ours builds channels-last batches
    model.to(memory_format=torch.channels_last)
    try:
        run('LIME', 'xai_course, channels-last model', None, repeat,
            ours=lambda bs: lambda: ours_lime(x, target, batch_size=bs, **kw))
        run('Kernel SHAP', 'xai_course, channels-last model', None, repeat,
            ours=lambda bs: lambda: ours_shap(x, target, batch_size=bs, **kw))
    finally: model.to(memory_format=torch.contiguous_format)
    # bfloat16 autocast: speed and agreement with float32
    for meth, ours in (('LIME', ours_lime), ('Kernel SHAP', ours_shap)):
        f32, b16 = (ours(x, target, return_features=True, **kw)[1],
                    ours(x, target, bf16=True, return_features=True, **kw)[1])
        rho = float(np.mean([spearmanr(a.cpu(), b.cpu())[0] for a, b in zip(f32, b16)]))
        rl2 = float(np.mean([((a - b).norm() / a.norm()).item() for a, b in zip(f32, b16)]))
        run(meth, 'xai_course, bf16 autocast', None, repeat,
            ours=lambda bs, ours=ours: lambda: ours(x, target, batch_size=bs, bf16=True, **kw),
            **{'rank corr. to fp32': rho, 'rel. L2 to fp32': rl2})
    for ppe, label in ((1, 'captum (1 per eval)'), (best_ppe, f'captum ({best_ppe} per eval)')):
        if ppe == 1 and name == 'resnet18' and n_samples > 200: continue  # measured on the small CNN; minutes here
        cl, ck = CLime(model), CKernelShap(model)
        run('LIME', label, lambda: [cl.attribute(x[i:i + 1], target=int(target[i]), feature_mask=mask[i:i + 1],
                                                 n_samples=n_samples, perturbations_per_eval=ppe) for i in range(b)])
        run('Kernel SHAP', label,
            lambda: [ck.attribute(x[i:i + 1], target=int(target[i]), feature_mask=mask[i:i + 1], baselines=0.,
                                  n_samples=n_samples, perturbations_per_eval=ppe) for i in range(b)])
    # lime: its own sampling and ridge, our segmentation passed in so both explain the same superpixels
    from lime import lime_image
    def predict(imgs):
        with torch.no_grad():
            return model(torch.as_tensor(imgs, dtype=torch.float32, device=dev).permute(0, 3, 1,
                                                                                        2)).softmax(1).cpu().numpy()
    expl = lime_image.LimeImageExplainer(random_state=0)
    def run_lime():
        for i in range(b):
            seg = mask[i, 0].cpu().numpy()
            expl.explain_instance(x[i].permute(1, 2, 0).cpu().double().numpy(), predict, labels=(int(target[i]),),
                                  top_labels=None, hide_color=None,
                                  num_samples=n_samples, segmentation_fn=lambda im, s=seg: s)
    run('LIME', 'lime (batch 10)', run_lime)
    # shap.KernelExplainer over the same superpixels, switched-off = 0
    import shap
    def shap_run():
        for i in range(b):
            m = int(mask[i].max()) + 1; seg = mask[i:i + 1]
            def f(z):
                zt = torch.as_tensor(z, dtype=torch.bool, device=dev)
                return evaluate_coalitions(model, x[i:i + 1], seg, [zt], torch.zeros_like(x[i:i + 1]), target[i:i + 1],
                                           512, prob=True)[0].cpu().numpy()
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
            with Gradient(model=model, composite=EpsilonPlusFlat(canonizers=[ResNetCanonizer()])) as a:
                return a(x.clone().requires_grad_(True), seed)[1]
        t_z, _ = timed(zen, dev, max(3, repeat))
        rows.append(dict(model=name, method='LRP ε+♭', library='xai_course', seconds=t_ours, evals=b,
                         **{'floor (ms/eval)': float('nan'), 'overhead factor': float('nan')}))
        rows.append(dict(model=name, method='LRP ε+♭', library='zennit', seconds=t_z, evals=b,
                         **{'floor (ms/eval)': float('nan'), 'overhead factor': float('nan')}))
    return pd.DataFrame(rows), (per_eval, best_ppe)


def unanimity_game(m, orders=(1, 2, 3, 4, 5, 6), terms=None, seed=0):
    ("A random sum of unanimity games on `m` players, `v(S) = sum_T c_T [T in S]`: `(v, phi)` with the closed-form "
     "phi_i = sum_{T ni i} c_T/|T|.")
    r = np.random.default_rng(seed); terms = terms or 3 * m; T = torch.zeros(terms, m, dtype=torch.bool)
    for j in range(terms): T[j, r.choice(m, int(r.choice(orders)), replace=False)] = True
    c = torch.as_tensor(r.normal(size=terms) / T.sum(1).numpy())
    game = lambda z: ((torch.as_tensor(np.atleast_2d(z)).bool()[:, None] | ~T).all(2).double() * c).sum(1)
    return game, (T.double() * (c / T.sum(1))[:, None]).sum(0).float()

def table_game(values, m):
    "The game read from the outputs of all 2^m coalitions (index = bitmask)."
    w = 2 ** torch.arange(m)
    return lambda z: values[(torch.as_tensor(np.atleast_2d(z)).long() * w).sum(1)]

def reference_estimates(v, m, n, seed):
    ("Shapley estimates of the game `v` (k×m 0/1 -> values) with `n` evaluations: shap's KernelExplainer and shapiq's "
     "estimators.")
    import shap, shapiq
    out, f = {}, lambda z: v(z).double().numpy()
    for label, kw in (("shap (default: l1_reg='num_features(10)')", {}), ('shap (l1_reg=False)', {'l1_reg': False})):
        for mult, suffix in ((1, ''), (2, ' at 2N')):
            np.random.seed(seed)
            sv = shap.KernelExplainer(f, np.zeros((1, m))).shap_values(np.ones((1, m)), nsamples=mult * n, silent=True,
                                                                       **kw)
            out[label + suffix] = torch.as_tensor(np.asarray(sv).reshape(-1)[:m], dtype=torch.float32)
    for label, cls, kw in (('shapiq KernelSHAP', shapiq.approximator.KernelSHAP, {'pairing_trick': True}),
                           ('shapiq kADD-SHAP', shapiq.approximator.kADDSHAP, {'pairing_trick': True}),
                           ('shapiq SVARM', shapiq.approximator.SVARM, {'pairing_trick': True}),
                           ('shapiq permutation', shapiq.approximator.PermutationSamplingSV, {})):
        iv = cls(n=m, random_state=seed, **kw).approximate(n, f)
        out[label] = torch.as_tensor(iv.get_n_order_values(1), dtype=torch.float32)
    return out

def ours_on_game(v, m, n, seed, sampling):
    ("Our sampler and constrained regression on a game given as a function (the path `KernelShap` takes after the "
     "model's evaluations).")
    sample = leverage_shapley_sample if sampling == 'leverage' else shapley_kernel_sample
    z, w = sample(m, n - 2, torch.Generator().manual_seed(seed))
    v0, v1 = v(np.zeros((1, m)))[0], v(np.ones((1, m)))[0]
    return constrained_wls(z, v(z.numpy()) - v0, w, float(v1 - v0)).float()

def sample_efficiency(model, x, target, dev, budgets=(128, 256, 512), seeds=5, m2=24):
    """Relative L2 error of Shapley estimates against the truth, mean over seeds (and images). Game 1: the MNIST CNN's
    probability on 12 grid features (truth: all 4,096 coalitions; ours through `KernelShap` on the model, the others on
    the tabulated outputs, which are the same numbers).
    Game 2: a sum of unanimity games on `m2` players with interactions up to order 6 (closed-form truth)."""
    from captum.attr import KernelShap as CKernelShap
    h, w = x.shape[-2:]
    # 3×4 blocks
    grid = (torch.arange(h, device=dev) * 3 // h)[:, None] * 4 + (torch.arange(w, device=dev) * 4 // w)[None]
    mask, base = grid.expand(len(x), 1, h, w), torch.zeros_like(x)
    tables = [evaluate_coalitions(model, x[i:i + 1], mask[i:i + 1], [_all_coalitions(12, dev)], base[i:i + 1],
                                  target[i:i + 1], 4096, prob=True)[0].double().cpu() for i in range(len(x))]
    truth = [_exact_shapley(t, 12).float() for t in tables]
    rel = lambda a, b: float((a.cpu() - b).norm() / b.norm())
    rows = []
    for n in budgets:
        for game in ('mnist_cnn, 12 features', f'unanimity game, {m2} features'):
            e = {}
            add = lambda k, a, b: e.setdefault(k, []).append(rel(a, b))
            for s in range(seeds):
                if game.startswith('mnist'):
                    for i in range(len(x)):
                        for sampling in ('leverage', 'kernel'):
                            _, phis = KernelShap(model).attribute(x[i:i + 1], target[i:i + 1],
                                                                  feature_mask=mask[i:i + 1], baselines=0., n_samples=n,
                                                                  output='prob',
                                                                  seed=s, sampling=sampling, return_features=True)
                            add(f"ours (sampling='{sampling}')", phis[0].float(), truth[i])
                        torch.manual_seed(s)
                        c = CKernelShap(lambda inp: model(inp).softmax(1)).attribute(x[i:i + 1], target=int(target[i]),
                                                                                     feature_mask=mask[i:i + 1],
                                                                                     baselines=0.,
                                                                                   n_samples=n,
                                                                                   perturbations_per_eval=256)
                        add('captum', torch.stack([c[0, 0][mask[i, 0] == j][0] for j in range(12)]), truth[i])
                        for k, phi in reference_estimates(table_game(tables[i], 12), 12, n, s).items():
                            add(k, phi, truth[i])
                else:
                    v, phi2 = unanimity_game(m2)
                    for sampling in ('leverage', 'kernel'):
                        add(f"ours (sampling='{sampling}')", ours_on_game(v, m2, n, s, sampling), phi2)
                    for k, phi in reference_estimates(v, m2, n, s).items(): add(k, phi, phi2)
            rows.append({'game': game, 'evaluations': n, **{k: float(np.mean(v)) for k, v in e.items()}})
    return pd.DataFrame(rows)

def efficiency_verdicts(eff):
    ("The issue's criteria per game and budget: ours at N against shap at 2N (both shap settings) and against the best "
     "shapiq estimator at N.")
    out = []
    for _, r in eff.iterrows():
        ours = r["ours (sampling='leverage')"]
        shapiq_cols = [c for c in eff.columns if c.startswith('shapiq') and pd.notna(r[c])]
        best = min(shapiq_cols, key=lambda c: r[c])
        out.append({'game': r.game, 'evaluations': r.evaluations, 'ours at N': ours,
                    "shap default at 2N": r["shap (default: l1_reg='num_features(10)') at 2N"],
                    'shap l1_reg=False at 2N': r['shap (l1_reg=False) at 2N'],
                    'best shapiq at N': f'{r[best]:.4f} ({best[7:]})',
                    'ours ≤ shap default at 2N': ours <= r["shap (default: l1_reg='num_features(10)') at 2N"],
                    'ours ≤ shap l1_reg=False at 2N': ours <= r['shap (l1_reg=False) at 2N'],
                    'ours ≤ best shapiq at N': ours <= r[best]})
    return pd.DataFrame(out)

def plot_efficiency(eff):
    "Error against budget, one panel per game; one colour per estimator in every panel, the legend beside them."
    import matplotlib.pyplot as plt
    games = list(dict.fromkeys(eff.game))
    cols = [c for c in eff.columns[2:] if not c.endswith('at 2N')]
    colour = dict(zip(cols, plt.rcParams['axes.prop_cycle'].by_key()['color'] * 2))
    fig, axs = plt.subplots(1, len(games), figsize=(4.4 * len(games) + 2.6, 3.6), squeeze=False)
    for ax, g in zip(axs[0], games):
        d = eff[eff.game == g]
        for c in cols:
            if d[c].isna().all(): continue
            style = dict(lw=2.5, marker='o') if c.startswith('ours') else dict(lw=1, marker='.', ls='--')
            ax.loglog(d.evaluations, d[c], label=c, color=colour[c], **style)
        ax.set(title=g, xlabel='model evaluations N', ylabel='relative L2 error to the exact values')
        ax.xaxis.set_minor_locator(plt.NullLocator())
        ax.set_xticks(list(d.evaluations), [str(n) for n in d.evaluations])
    handles = {h.get_label(): h for ax in axs[0] for h in ax.get_lines()}
    fig.legend(list(handles.values()), list(handles), fontsize=7, loc='center left', bbox_to_anchor=(1.0, 0.5))
    fig.suptitle('Kernel SHAP sample efficiency (lower is better)'); fig.tight_layout()
    return fig


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--quick', action='store_true'); ap.add_argument('--device', default=None)
    ap.add_argument('--train-epochs', type=int, default=5, help='epochs of the MNIST CNN on the embedded digits')
    ap.add_argument('--out', default=None, help='also write the tables as CSV into this folder')
    ap.add_argument('--plot', default=None, metavar='FOLDER', help="only redraw FOLDER's sample_efficiency.png from "
                                                                   "its sample_efficiency.csv")
    a = ap.parse_args(); t_start = time.perf_counter()
    if a.plot:
        plot_efficiency(pd.read_csv(f'{a.plot}/sample_efficiency.csv')).savefig(f'{a.plot}/sample_efficiency.png',
                                                                                dpi=100, bbox_inches='tight')
        return
    dev = get_device(a.device); seed_everything(0); torch.set_grad_enabled(True)
    n_samples = 200 if a.quick else 1000
    print(f'device: {dev} '
          f'({torch.cuda.get_device_name() if dev.type == "cuda" else platform.processor() or platform.machine()}), '
          f'torch {torch.__version__}, '
          f'{torch.get_num_threads()} CPU threads, {n_samples} samples per image\n')
    from xai_course.data import digits
    from xai_course.models.iic import keras_split, train_classifier
    parts = keras_split(digits(), rgb=True)
    cnn = train_classifier(mnist_cnn(), parts, 'mnist', epochs=a.train_epochs, bs=64, device=dev,
                           show_progress=False)[0].model.eval()
    x_cnn = parts['test'][0][:2].to(dev)  # two real test digits, a trained CNN
    resnet = torchvision.models.resnet18(num_classes=10).to(dev).eval()
    x_res = torch.nn.functional.interpolate(torch.rand(1, 3, 8, 8, generator=torch.Generator().manual_seed(0)), size=64,
                                            mode='bilinear').to(dev)  # smooth image: ~50 SLIC segments
    tables, floors = [], {}
    for name, model, x in (('mnist_cnn', cnn, x_cnn), ('resnet18', resnet, x_res)):
        with torch.no_grad(): t = model(x).argmax(1)
        mask = slic_segments(x, n_segments=50, compactness=10.)
        print(f'{name}: SLIC segments per image', [int(m.max()) + 1 for m in mask])
        df, floors[name] = speed_table(name, model, x, t, mask, dev, n_samples, repeat=1 if a.quick else 5)
        tables.append(df)
    speed = pd.concat(tables, ignore_index=True)
    speed['floor batch'] = speed['floor batch'].map(lambda v: '—' if pd.isna(v) else str(int(v)))
    print('## Speed (overhead factor = wall time / the model alone on the same evaluations; 1.0 = pure model time)\n')
    print('clean image repeated, per evaluation (its best batch size is used by ours and by captum\'s best run): '
          + ', '.join(f'{k} {v * 1e3:.3f} ms (batch {b})' for k, (v, b) in floors.items()) + '\n')
    print(markdown_table(speed, 2)); print()
    for mname in floors:
        s = speed[speed.model == mname]
        for meth in ('LIME', 'Kernel SHAP'):
            ours = s[(s.method == meth) & (s.library == 'xai_course')]['seconds'].iloc[0]
            refs = s[(s.method == meth) & ~s.library.str.startswith('xai_course')]
            print(f'{mname} {meth}: ours {ours:.2f} s; speed-up over '
                  + ', '.join(f"{r.library} {r.seconds / ours:.1f}x" for r in refs.itertuples()))
        lrp = s[s.method.str.startswith('LRP')]
        if len(lrp): print(f"{mname} LRP: ours / zennit time = {lrp.seconds.iloc[0] / lrp.seconds.iloc[1]:.2f}")
    seeds = 2 if a.quick else 10
    print(f'\n## Kernel SHAP sample efficiency (relative L2 error to exact Shapley values, mean over {seeds} seeds; '
          'lower is better)\n')
    eff = sample_efficiency(cnn, x_cnn, cnn(x_cnn).argmax(1), dev, budgets=(128, 256, 512) if not a.quick
                            else (128, 256), seeds=seeds)
    verdicts = efficiency_verdicts(eff)
    print(markdown_table(eff, 4)); print(); print(markdown_table(verdicts, 4)); print()
    if a.out:  # a report folder like the reproductions' (the README quotes it from results/)
        from xai_course.reports import Report
        r = Report(a.out, 'LIME, Kernel SHAP and LRP against lime, shap, shapiq, captum and zennit, in one run',
                   overwrite=True)
        sp = speed.rename(columns={'seconds': 'seconds (lower is faster)',
                                   'overhead factor': 'overhead factor (lower is better)'})
        r.table('speed', sp, 'Speed', f"{n_samples} model evaluations per image over 50 SLIC superpixels: the MNIST "
                                      f"CNN (trained {a.train_epochs} epochs on the embedded digits) "
                "on two test digits, ResNet-18 (untrained weights: speed does not depend on them) on one smooth 64×64 "
                "image. Overhead factor: wall time / the time the model "
                "alone (float32) takes for the same evaluations at its best batch size (column 'floor batch'; ours "
                "runs at that batch size), measured on the very images the method fed it, the method and the model "
                "timed "
                f"in turn, best of {1 if a.quick else 5} each (1.0 = pure model time; below 1 in the bf16 rows: faster "
                "than the float32 model). The bf16 rows also give the "
                "agreement of their per-feature values with float32 (Spearman rank correlation and relative L2, mean "
                "over the images).",
                'Clean image repeated, per evaluation: '
                + ', '.join(f'{k} {v * 1e3:.3f} ms (batch {b})' for k, (v, b) in floors.items()) + '.', digits=3)
        r.table('sample_efficiency', eff, 'Kernel SHAP sample efficiency',
                "Relative L2 error against the exact Shapley values at a budget of N evaluations, the mean "
                f"over {seeds} seeds (and the two digits); lower is better. `mnist_cnn, 12 features`: the CNN's "
                "probability of its predicted class, 3×4 grid features "
                "switched off to 0, all 4,096 coalitions as truth. `unanimity game, 24 features`: a sum of 72 "
                "unanimity games of orders 1–6, closed-form truth. "
                "Columns 'at 2N' ran with twice the budget.", digits=4)
        r.table('efficiency_verdicts', verdicts, 'Criteria', "Ours (sampling='leverage') at N against shap at 2N (its "
                                                             "default, which keeps 10 features and "
                "zeroes the rest, and without that selection) and against the best of the shapiq estimators at N.",
                digits=4)
        r.figure('sample_efficiency', plot_efficiency(eff), 'error against budget, one panel per game (log–log); ours '
                                                            'thick')
        # versions and hardware: `Report` records them (config.json's environment)
        r.write('the embedded digits and one synthetic 64×64 image', dev,
                dict(vars(a), threads=torch.get_num_threads(), samples_per_image=n_samples),
                seconds=time.perf_counter() - t_start)

if __name__ == '__main__': main()
