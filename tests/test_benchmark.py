"The benchmark's measuring tools: the input recorder sees every evaluation, in the layout it was fed."
import importlib.util, math
from pathlib import Path
import torch, torch.nn as nn
from xai_course.attribution import Lime, KernelShap, grid_segments

spec = importlib.util.spec_from_file_location('attribution_speed',
                                              Path(__file__).parents[1] / 'benchmarks' / 'attribution_speed.py')
bench = importlib.util.module_from_spec(spec); spec.loader.exec_module(bench)

def small_cnn():
    torch.manual_seed(0)
    return nn.Sequential(nn.Conv2d(3, 4, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(4 * 7 * 7, 3)).eval()

def test_recorder_sees_every_evaluation():
    model, x = small_cnn(), torch.rand(2, 3, 16, 16)
    rec, lime, shap = bench.InputRecorder(model), Lime(model), KernelShap(model)
    fm = grid_segments(x, 3)
    seen = rec.record(lambda: lime(x, None, feature_mask=fm, n_samples=40, batch_size=16))
    assert len(seen) == lime.n_evals + len(x)  # the coalitions and the one forward pass on the clean images
    seen = rec.record(lambda: shap(x, None, feature_mask=fm, n_samples=40, batch_size=16))
    assert len(seen) == shap.n_evals + len(x)
    model.to(memory_format=torch.channels_last)
    seen = rec.record(lambda: lime(x, None, feature_mask=fm, n_samples=40, batch_size=16))
    assert seen[len(x):].is_contiguous(memory_format=torch.channels_last) and not seen[len(x):].is_contiguous()
    rec.remove()
    rec.on = True; model(x)  # removed: nothing recorded any more
    assert rec.batches == []

def test_floor_is_a_positive_time():
    model, x = small_cnn(), torch.rand(40, 3, 16, 16)
    t, bs = bench.floor_on(model, x, torch.device('cpu'), sizes=(8, 16))
    assert 0 < t < 1 and math.isfinite(t) and bs in (8, 16)

def test_unanimity_game_truth_is_exact():
    "The closed-form Shapley values of the second game equal those from enumerating all its coalitions."
    from xai_course.attribution import _exact_shapley, _all_coalitions
    v, phi = bench.unanimity_game(8, seed=3)
    exact = _exact_shapley(v(_all_coalitions(8, 'cpu').numpy()), 8).float()
    assert torch.allclose(exact, phi, atol=1e-6), (exact, phi)
    assert torch.allclose(bench.ours_on_game(v, 8, 2 ** 8, 0, 'leverage'), phi, atol=1e-5)  # the whole budget: exact

def test_table_game_reads_by_bitmask():
    vals = torch.arange(16, dtype=torch.float64)
    f = bench.table_game(vals, 4)
    assert f(torch.tensor([[1, 0, 0, 0], [0, 1, 1, 0], [1, 1, 1, 1]]).numpy()).tolist() == [1, 6, 15]
