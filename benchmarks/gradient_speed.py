"""The gradient family against captum, at equal work, measured in one run.

For each method of `xai_course.gradients` and its captum counterpart: the best wall time of a few calls on the same
model, images and targets (the two alternating, so that a drift of the machine's speed hits both), with the same
number of model passes (Integrated Gradients: 50 Gauss–Legendre steps,
both batching all steps of all images by `--batch`; SmoothGrad: 25 noisy copies of Saliency, all in one batch for
both; Occlusion: 8×8 windows moved by 4, `--batch` windows per pass for both). The ratio ours / captum < 1 means
ours is faster. The maps are compared too (max relative difference), so a faster wrong answer cannot pass.

    python benchmarks/gradient_speed.py                 # CPU, or the GPU if there is one
    python benchmarks/gradient_speed.py --quick         # one repeat, for a smoke run
    python benchmarks/gradient_speed.py --out results/gradient_speed   # also the table as CSV
"""
import argparse, platform, time, warnings
import torch, torchvision, pandas as pd
warnings.filterwarnings('ignore')
import captum.attr as ca
from xai_course.core import get_device, seed_everything, markdown_table
from xai_course.gradients import (InputXGradient, IntegratedGradients, SmoothGrad, GuidedBackprop, Deconvolution,
                                  GuidedGradCAM, Occlusion)
from xai_course.attribution import Saliency, default_cam_layer

def paired_best(f, g, dev, repeat):
    """Best wall times of `f` and `g` and their last results, the calls alternating (f, g, f, g, …) so that a drift of
    the machine's speed hits both;
    at least `repeat` pairs after a warm-up, short calls repeated for about 2 s (at most 40 pairs)."""
    def once(h):
        if dev.type == 'cuda': torch.cuda.synchronize()
        t = time.perf_counter(); out = h()
        if dev.type == 'cuda': torch.cuda.synchronize()
        return time.perf_counter() - t, out
    (tf, of), (tg, og) = once(f), once(g)
    bf, bg = float('inf'), float('inf')
    for _ in range(max(repeat, min(40, int(2 / max(tf + tg, 1e-3))))):
        (tf, of), (tg, og) = once(f), once(g); bf, bg = min(bf, tf), min(bg, tg)
    return bf, of, bg, og

def pairs(model, x, t, bs):
    "{method: (ours, captum)} as zero-argument calls returning per-channel maps."
    layer = default_cam_layer(model, x)
    c = x.shape[1]
    def sg_ours():
        torch.manual_seed(0)
        return SmoothGrad(model, Saliency(model)).attribute(x, t, n_samples=25, stdev=0.15, batch_size=25 * len(x),
                                                            abs=False)
    def sg_cap():
        torch.manual_seed(0)
        return ca.NoiseTunnel(ca.Saliency(model)).attribute(x, nt_type='smoothgrad', nt_samples=25, stdevs=0.15,
                                                            target=t, abs=False).sum(1, keepdim=True)
    return {
        'Input×Gradient': (lambda: InputXGradient(model).attribute(x, t, per_channel=True),
                           lambda: ca.InputXGradient(model).attribute(x, target=t)),
        'Integrated Gradients': (lambda: IntegratedGradients(model).attribute(x, t, per_channel=True, batch_size=bs),
                                 lambda: ca.IntegratedGradients(model).attribute(x, target=t, internal_batch_size=bs)),
        'SmoothGrad (Saliency)': (sg_ours, sg_cap),
        'Guided Backprop': (lambda: GuidedBackprop(model).attribute(x, t, per_channel=True),
                            lambda: ca.GuidedBackprop(model).attribute(x, target=t)),
        'Deconvolution': (lambda: Deconvolution(model).attribute(x, t, per_channel=True),
                          lambda: ca.Deconvolution(model).attribute(x, target=t)),
        'Guided Grad-CAM': (lambda: GuidedGradCAM(model, layer).attribute(x, t, per_channel=True),
                            lambda: ca.GuidedGradCam(model, layer).attribute(x, target=t)),
        'Occlusion': (lambda: Occlusion(model).attribute(x, t, window=8, stride=4, batch_size=bs),
                      lambda: ca.Occlusion(model).attribute(x, sliding_window_shapes=(c, 8, 8), strides=(c, 4, 4),
                                                            target=t, perturbations_per_eval=bs)[:, :1]),
    }

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--quick', action='store_true'); ap.add_argument('--device', default=None)
    ap.add_argument('--images', type=int, default=8); ap.add_argument('--batch', type=int, default=64)
    ap.add_argument('--out', default=None, help='also write the table as CSV into this folder')
    a = ap.parse_args()
    dev = get_device(a.device); seed_everything(0)
    print(f'device: {dev} '
          f'({torch.cuda.get_device_name() if dev.type == "cuda" else platform.processor() or platform.machine()}), '
          f'torch {torch.__version__}, '
          f'{torch.get_num_threads()} CPU threads; {a.images} images of 64×64, batches of {a.batch}\n')
    model = torchvision.models.resnet18(num_classes=10).to(dev).eval()
    x = torch.rand(a.images, 3, 64, 64, generator=torch.Generator().manual_seed(0)).to(dev)
    with torch.no_grad(): t = model(x).argmax(1)
    rows = []
    for name, (ours, cap) in pairs(model, x, t, a.batch).items():
        to, mo, tc, mc = paired_best(ours, cap, dev, 1 if a.quick else 3)
        mo, mc = mo.sum(1) if mo.shape[1] > 1 else mo[:, 0], mc.sum(1) if mc.shape[1] > 1 else mc[:, 0]
        rows.append({'method': name, 'xai_course s': to, 'captum s': tc, 'ours / captum (lower is faster)': to / tc,
                     'max relative difference of the maps':
                         float((mo - mc).abs().max() / mc.abs().max().clamp_min(1e-30))})
        print(f"{name}: ours {to:.3f} s, captum {tc:.3f} s")
    df = pd.DataFrame(rows)
    print('\n' + markdown_table(df, 3))
    slow = df[df['ours / captum (lower is faster)'] > 1.05]
    print('\ntarget (no slower than captum at equal work, 5 % timing noise allowed): '
          + ('met by every method' if slow.empty else 'NOT met by ' + ', '.join(slow.method)))
    if a.out:  # a report folder like the reproductions' (README quotes it from results/)
        from xai_course.reports import Report
        r = Report(a.out, 'The gradient family against captum, at equal work', overwrite=True)
        r.table('gradient_speed', df, 'Speed', f"ResNet-18, {a.images} random 64×64 images, batches of {a.batch}, the "
                                               f"best of at least {1 if a.quick else 3} calls after a warm-up, ours "
                                               "and captum's alternating (calls under 2 s repeated for about 2 s).",
                'A ratio below 1: ours is faster. The last column checks that both computed the same maps.')
        r.write(f'{a.images} random 64×64 images', dev, dict(vars(a), threads=torch.get_num_threads()))

if __name__ == '__main__': main()
