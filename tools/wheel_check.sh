#!/usr/bin/env bash
# What `pip install xai_course` gives, checked outside the checkout: build the wheel, install it with its dependencies
# into a fresh virtual environment in a temporary folder, import every module from it, and run the reproductions'
# embedded defaults from there (their reports must be written).
#   bash tools/wheel_check.sh            # aae, xml and iic
#   bash tools/wheel_check.sh aae        # only the named reproductions
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/xai-wheel.XXXXXX")
methods=("${@:-aae xml iic stargan}"); methods=(${methods[@]})
t0=$(date +%s); log() { echo "[wheel $(( $(date +%s) - t0 ))s] $*"; }

log "building the wheel from $root"
python3 -m pip wheel --quiet --no-deps -w "$work/dist" "$root" >"$work/build.log" 2>&1 || { tail -30 "$work/build.log"; exit 1; }
whl=$(ls "$work"/dist/xai_course-*.whl)
log "built $(basename "$whl"): $(python3 -c "import zipfile,sys; n=zipfile.ZipFile(sys.argv[1]).namelist(); print(len([f for f in n if f.endswith('.py')]), 'modules')" "$whl")"

log "fresh virtual environment in $work/venv, pip install the wheel and its dependencies"
python3 -m venv "$work/venv"
PIP_DISABLE_PIP_VERSION_CHECK=1 "$work/venv/bin/pip" install "$whl" >"$work/install.log" 2>&1 || { grep -v '^WARNING: Location' "$work/install.log" | tail -30; exit 1; }

mkdir -p "$work/run" && cd "$work/run"  # outside the checkout: nothing of it can be imported from here
export MPLBACKEND=Agg PATH="$work/venv/bin:$PATH"
log "importing every module from the installed wheel"
python - "$root" <<'PY'
import importlib, pkgutil, sys
import xai_course
root = sys.argv[1]
assert not xai_course.__file__.startswith(root), f"xai_course was imported from the checkout ({xai_course.__file__}), not from the wheel"
mods = sorted(m.name for m in pkgutil.walk_packages(xai_course.__path__, 'xai_course.'))
for m in mods: importlib.import_module(m)
need = {'xai_course.models', 'xai_course.aae', 'xai_course.iic', 'xai_course.xml', 'xai_course.discover', 'xai_course.stargan', 'xai_course.models.stargan', 'xai_course.cli'}
assert need <= set(mods), f"missing from the wheel: {sorted(need - set(mods))}"
print(f"{len(mods)} modules imported from {xai_course.__file__.rsplit('/', 2)[0]}")
PY
xai-course --version
for m in "${methods[@]}"; do
  log "xai-course reproduce $m (its embedded default)"
  xai-course reproduce "$m" --out "reports/$m" >"$m.log" 2>&1 || { tail -40 "$m.log"; log "reproduce $m failed"; exit 1; }
  [[ -s "reports/$m/report.md" && -s "reports/$m/config.json" ]] || { echo "reports/$m lacks report.md or config.json"; exit 1; }
  log "reproduce $m wrote $(ls "reports/$m" | wc -l) files; $(tail -1 "$m.log")"
done
cd / && rm -rf "$work"
log "the wheel works outside the checkout"
