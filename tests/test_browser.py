"""The widgets in a real browser: JupyterLab on 127.0.0.1 with a token, a notebook showing a `LatentExplorer`, headless
Chromium driven by selenium. Moving a slider must redraw the image, and the image must keep its aspect ratio.

Needs Debian's `chromium` and `chromium-driver` and the `browser` extra (`pip install -e ".[browser]"`); `.ci/run`
installs them and sets `XAI_BROWSER_TEST=1`, which turns a missing piece into a failure instead of a skip. The
before/after screenshots go to `$XAI_BROWSER_SHOTS` (default: the test's temporary folder)."""
import json, os, secrets, socket, subprocess, sys, time, urllib.request
from pathlib import Path
import pytest

# another Chromium build (e.g. a CI image's Chrome) by these two variables
CHROMIUM = os.environ.get('XAI_CHROMIUM', '/usr/bin/chromium')
DRIVER = os.environ.get('XAI_CHROMEDRIVER', '/usr/bin/chromedriver')

def _missing():
    miss = [p for p in (CHROMIUM, DRIVER) if not Path(p).exists()]
    for mod in ('selenium', 'jupyterlab'):
        try: __import__(mod)
        except ImportError: miss.append(f'python package {mod}')
    return miss

@pytest.fixture(scope='module')
def needs_browser():
    if miss := _missing():
        msg = f"the browser test needs {', '.join(miss)}"
        if os.environ.get('XAI_BROWSER_TEST'): pytest.fail(msg)
        pytest.skip(msg)

NOTEBOOK_CODE = '''import torch, numpy as np
from xai_course.widgets import LatentExplorer
def decode(z):  # a bright square whose column is z[0], on a 16×24 image
    x = torch.zeros(len(z), 1, 16, 24)
    for i, pos in enumerate(z[:, 0]):
        c = int(np.clip(round(float(pos)), 0, 20)); x[i, 0, 6:10, c:c + 4] = 1.
    return x
def score(x):
    right = x[..., 12:].sum((1, 2, 3)) / x.sum((1, 2, 3)).clamp_min(1e-6)
    return torch.stack([1 - right, right], 1)
ex = LatentExplorer(decode, torch.tensor([2., 0.]), {'position': [1., 0.]}, score, scales={'position': 3.}, span=6.,
                    step=0.5, class_names=['left', 'right'], zoom=4)
ex'''

def _free_port():
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

@pytest.fixture(scope='module')
def lab(tmp_path_factory, needs_browser):
    root = tmp_path_factory.mktemp('lab')
    nb = {'cells': [{'cell_type': 'code', 'execution_count': None, 'id': 'c0', 'metadata': {}, 'outputs': [],
                     'source': NOTEBOOK_CODE}],
          'metadata': {'kernelspec': {'display_name': 'Python 3', 'language': 'python', 'name': 'python3'}},
          'nbformat': 4, 'nbformat_minor': 5}
    (root/'explorer.ipynb').write_text(json.dumps(nb))
    port, token = _free_port(), secrets.token_hex(16)
    env = {**os.environ, 'JUPYTER_CONFIG_DIR': str(root/'.jupyter'), 'JUPYTER_DATA_DIR': str(root/'.data'),
           'JUPYTER_RUNTIME_DIR': str(root/'.runtime')}
    proc = subprocess.Popen([sys.executable, '-m', 'jupyterlab', '--no-browser', '--ip=127.0.0.1', f'--port={port}',
                             f'--IdentityProvider.token={token}',
                             f'--ServerApp.root_dir={root}', '--ServerApp.allow_root=True'],
                            env=env, stdout=open(root/'lab.log', 'w'), stderr=subprocess.STDOUT)
    url = f'http://127.0.0.1:{port}'
    for _ in range(120):
        try: urllib.request.urlopen(f'{url}/api/status?token={token}', timeout=2); break
        except Exception: time.sleep(0.5)
    else:
        proc.kill(); pytest.fail('JupyterLab did not start:\n' + (root/'lab.log').read_text()[-3000:])
    yield url, token
    proc.terminate()
    try: proc.wait(10)
    except subprocess.TimeoutExpired: proc.kill()

@pytest.fixture(scope='module')
def browser(tmp_path_factory, needs_browser):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for a in ('--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
              '--disable-component-update',
              '--disable-sync', '--no-first-run', '--window-size=1400,1000',
              f'--user-data-dir={tmp_path_factory.mktemp("chromium")}'):
        opts.add_argument(a)
    drv = webdriver.Chrome(service=Service(DRIVER), options=opts)
    yield drv
    drv.quit()

def _wait(fn, timeout=120, what='a condition'):
    t0 = time.time()
    while time.time() - t0 < timeout:
        try:
            if (v := fn()): return v
        except Exception: pass
        time.sleep(0.5)
    raise AssertionError(f'timed out after {timeout} s waiting for {what}')

IMAGE = '.jp-OutputArea-output .latent-explorer-image'
IMG_STATE = f"""const i = document.querySelector('{IMAGE}'); if (!i || !i.complete || !i.naturalWidth) return null;
const r = i.getBoundingClientRect(); return [i.src, i.naturalWidth, i.naturalHeight, r.width, r.height];"""

def test_latent_explorer_slider_redraws_and_keeps_aspect(lab, browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.action_chains import ActionChains
    shots = Path(os.environ.get('XAI_BROWSER_SHOTS', tmp_path)); shots.mkdir(parents=True, exist_ok=True)
    url, token = lab
    browser.get(f'{url}/lab/tree/explorer.ipynb?token={token}')
    def kernel_idle():
        ks = json.load(urllib.request.urlopen(f'{url}/api/kernels?token={token}', timeout=5))
        return ks and all(k['execution_state'] == 'idle' for k in ks)
    _wait(lambda: browser.find_elements(By.CSS_SELECTOR, '.jp-Notebook .jp-Cell .cm-content'), 180, 'the notebook')
    _wait(kernel_idle, 180, 'the kernel')
    from selenium.webdriver.common.keys import Keys
    browser.find_element(By.CSS_SELECTOR, '.jp-Notebook .jp-Cell .cm-content').click()
    ActionChains(browser).key_down(Keys.SHIFT).send_keys(Keys.ENTER).key_up(Keys.SHIFT).perform()  # run the cell
    src0, nw, nh, w0, h0 = _wait(lambda: browser.execute_script(IMG_STATE), 180, 'the explorer image')
    browser.save_screenshot(str(shots/'explorer_before.png'))
    assert (nw, nh) == (96, 64), f'the decoded 16×24 image at zoom 4 should be 96×64 px, got {nw}×{nh}'
    assert abs(w0 / h0 - nw / nh) < 0.02, (f'image shown at {w0:.0f}×{h0:.0f}, aspect {w0 / h0:.3f}; the PNG is '
                                           f'{nw}×{nh} ({nw / nh:.3f})')
    label0 = browser.find_element(By.CSS_SELECTOR, '.jp-OutputArea-output .latent-explorer-score').text
    handle = browser.find_element(By.CSS_SELECTOR, '.jp-OutputArea-output .widget-slider .noUi-handle')
    ActionChains(browser).click_and_hold(handle).move_by_offset(60, 0).release().perform()
    src1, _, _, w1, h1 = _wait(lambda: (s := browser.execute_script(IMG_STATE)) and s[0] != src0 and s, 60,
                               'the image to change after the slider moved')
    browser.save_screenshot(str(shots/'explorer_after.png'))
    assert src1 != src0
    assert abs(w1 / h1 - nw / nh) < 0.02, f'after the move the image is shown at {w1:.0f}×{h1:.0f}'
    label1 = browser.find_element(By.CSS_SELECTOR, '.jp-OutputArea-output .latent-explorer-score').text
    assert label1 != label0 and '<' not in label1, (label0, label1)
    assert (shots/'explorer_before.png').stat().st_size > 1000 and (shots/'explorer_after.png').stat().st_size > 1000
