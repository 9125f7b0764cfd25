#!/usr/bin/env bash
# Time gradcalc beside its peers (SymPy, SymEngine, Symbolica, ...) with shared/bench/peers.py
# and print a ratio table against gradcalc's goals. See usage() below.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$SCRIPT_DIR/.." && pwd)
# shared/ sits beside the repository (or beside the folder of its git worktrees).
BENCH_DIR=${GRADCALC_BENCH_DIR:-$REPO/../shared/bench}
if [[ -z ${GRADCALC_BENCH_DIR:-} && ! -f $BENCH_DIR/peers.py && -f $REPO/../../shared/bench/peers.py ]]; then
    BENCH_DIR=$REPO/../../shared/bench
fi
DATA_DIR=${GRADCALC_BENCH_DATA:-$REPO/target/bench-data}
OUT_DIR=$REPO/target/bench
PYTHON=${PYTHON:-python3}

ALL_WORKLOADS=W1a,W1b,W2,W3,W4,W5,W6
DEFAULT_PEERS=gradcalc,symengine,symbolica,sympy

usage() {
    cat <<EOF
Usage: scripts/bench-vs-peers.sh [options]

Builds gradcalc (cargo build --release), runs shared/bench/peers.py for gradcalc and its
peers in one run, saves the JSON lines to target/bench/run-<date>.jsonl, and prints
peers.py's tables and a ratio table (gradcalc / peer, best peer, gradcalc's goals).

Options:
  -w, --workloads LIST  workloads (default: $ALL_WORKLOADS)
  -p, --peers LIST      peers (default: $DEFAULT_PEERS); others: sympy-jac,
                        numpy,jax (W4 only), maxima,python3-noop (W5 only)
      --runs N          most runs per figure (peers.py default: 5)
      --timeout S       seconds one run may take (default: 60); a peer that times out
                        skips its larger params of that workload (how SymPy is kept to
                        the cases where it is fast enough)
      --params LIST     replace the params of EVERY selected workload (peers.py semantics:
                        use with one workload, e.g. -w W1b --params 100)
      --quick           smoke test: W1a N=10, W2 k=4,12, W5 with --runs 3 (under a minute
                        once installed and built); replaces -w and --params
      --out FILE        JSON lines file (default: target/bench/run-<date>.jsonl)
      --table FILE...   only print the tables of saved JSON lines (no install, build, run)
      --no-install      do not pip/apt-install missing peers
      --no-build        do not run cargo build (use the existing target/release/gradcalc)
      --gradcalc PATH   time this gradcalc binary instead of building one (implies --no-build)
      --strict          exit 1 when a goal in the ratio table is not met
  -h, --help            this text

Environment: GRADCALC_BENCH_DIR (default <repo>/../shared/bench), GRADCALC_BENCH_DATA (the W4
CSV folder, default <repo>/target/bench-data), PYTHON (default python3).
A full default run takes about 10-15 minutes on a 2-core machine (SymPy alone 5-7 of them);
leave -p without sympy to save that. Without gradcalc in -p, nothing is built.
EOF
}

msg() { printf '==> %s\n' "$*" >&2; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# ------------------------------------------------------------------ options
WORKLOADS=$ALL_WORKLOADS
PEERS=$DEFAULT_PEERS
RUNS=""
TIMEOUT=60
PARAMS=""
QUICK=0
OUT=""
TABLE_ONLY=0
TABLE_FILES=()
INSTALL=1
BUILD=1
GRADCALC_BIN=""
STRICT=""

need_arg() { [[ $# -ge 2 && -n $2 ]] || die "$1 needs a value (see -h)"; }
while [[ $# -gt 0 ]]; do
    case $1 in
        -h|--help) usage; exit 0 ;;
        -w|--workloads) need_arg "$@"; WORKLOADS=$2; shift 2 ;;
        -p|--peers) need_arg "$@"; PEERS=$2; shift 2 ;;
        --runs) need_arg "$@"; RUNS=$2; shift 2 ;;
        --timeout) need_arg "$@"; TIMEOUT=$2; shift 2 ;;
        --params) need_arg "$@"; PARAMS=$2; shift 2 ;;
        --quick) QUICK=1; shift ;;
        --out) need_arg "$@"; OUT=$2; shift 2 ;;
        --table) TABLE_ONLY=1; shift
                 while [[ $# -gt 0 && $1 != -* ]]; do TABLE_FILES+=("$1"); shift; done
                 [[ ${#TABLE_FILES[@]} -gt 0 ]] || die "--table needs at least one JSON lines file" ;;
        --no-install) INSTALL=0; shift ;;
        --no-build) BUILD=0; shift ;;
        --gradcalc) need_arg "$@"; GRADCALC_BIN=$2; BUILD=0; shift 2 ;;
        --strict) STRICT=--strict; shift ;;
        *) die "unknown option '$1' (see -h)" ;;
    esac
done
[[ -z $RUNS || $RUNS =~ ^[1-9][0-9]*$ ]] || die "--runs wants a positive integer, not '$RUNS'"
[[ $TIMEOUT =~ ^[0-9]+([.][0-9]+)?$ ]] || die "--timeout wants seconds, not '$TIMEOUT'"

command -v "$PYTHON" >/dev/null || die "$PYTHON not found"
[[ -f $BENCH_DIR/peers.py ]] || die "no peers.py in $BENCH_DIR (set GRADCALC_BENCH_DIR)"
BENCH_DIR=$(cd "$BENCH_DIR" && pwd)
PEERS_PY=$BENCH_DIR/peers.py
RATIO_PY=$SCRIPT_DIR/ratio_table.py

print_tables() {  # files...
    echo
    echo "## peers.py table (median wall time; printed output size)"
    echo
    "$PYTHON" "$PEERS_PY" table "$@"
    echo
    echo "## gradcalc vs peers"
    echo
    "$PYTHON" "$RATIO_PY" $STRICT "$@"
}

if [[ $TABLE_ONLY == 1 ]]; then
    for f in "${TABLE_FILES[@]}"; do [[ -f $f ]] || die "no such file: $f"; done
    print_tables "${TABLE_FILES[@]}"
    exit $?
fi

has() { [[ ,$1, == *,$2,* ]]; }   # has LIST ITEM

# A folder of ours inside the repo (target/bench, target/bench-data) gets a .gitignore of '*',
# so that the 28 MB CSV and the run files stay out of git even where target/ is not ignored.
keep_out_of_git() {
    case $(cd "$1" && pwd)/ in
        "$REPO"/*) [[ -e $1/.gitignore ]] || echo '*' >"$1/.gitignore" ;;
    esac
}

# The runs to make: "workloads|params" per peers.py call (params empty = the workload's own).
RUN_SPECS=()
if [[ $QUICK == 1 ]]; then
    RUN_SPECS=("W1a|10" "W2|4,12" "W5|")
    WORKLOADS=W1a,W2,W5
    RUNS=${RUNS:-3}
    W5_RUNS=3
else
    RUN_SPECS=("$WORKLOADS|$PARAMS")
    W5_RUNS=""
    if [[ -n $PARAMS && $WORKLOADS == *,* ]]; then
        warn "--params $PARAMS applies to each of $WORKLOADS (peers.py replaces every workload's params)"
    fi
fi

# ------------------------------------------------------------------ 1. peers installed
pip_install() {  # packages...
    local log
    log=$(mktemp)
    if "$PYTHON" -m pip install -q --disable-pip-version-check "$@" >"$log" 2>&1; then
        rm -f "$log"; return 0
    fi
    if grep -q externally-managed "$log"; then   # Debian's own Python (PEP 668)
        if "$PYTHON" -m pip install -q --disable-pip-version-check --break-system-packages "$@" >"$log" 2>&1; then
            rm -f "$log"; return 0
        fi
    fi
    tail -n 15 "$log" >&2
    rm -f "$log"
    return 1
}

apt_install() {  # packages...
    local sudo=""
    if [[ $(id -u) != 0 ]]; then
        if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo -n"; else
            warn "not root and no password-less sudo: not installing $* (apt-get install -y $*)"; return 1
        fi
    fi
    if ! command -v apt-get >/dev/null; then
        warn "no apt-get here: install $* by hand"; return 1
    fi
    msg "apt-get install $*"
    if ! $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1; then
        $sudo apt-get update -qq >/dev/null 2>&1 || true
        $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1 || {
            warn "apt-get install $* failed"; return 1; }
    fi
}

install_peers() {
    # Python modules the selected peers import (W4's library peers use numpy too).
    local mods=() m missing=()
    has "$PEERS" sympy && mods+=(sympy)
    has "$PEERS" sympy-jac && mods+=(sympy)
    has "$PEERS" symengine && mods+=(symengine numpy)
    has "$PEERS" symbolica && mods+=(symbolica numpy)
    has "$PEERS" numpy && mods+=(numpy sympy)
    has "$PEERS" jax && mods+=(jax numpy)
    for m in $(printf '%s\n' "${mods[@]}" | sort -u); do
        "$PYTHON" -c "import $m" >/dev/null 2>&1 || missing+=("$m")
    done
    if [[ ${#missing[@]} -gt 0 ]]; then
        msg "pip install ${missing[*]} (missing)"
        local t0=$SECONDS
        pip_install "${missing[@]}" || die "pip install ${missing[*]} failed"
        msg "installed in $((SECONDS - t0)) s"
    fi
    # W5 uses hyperfine for every peer (peers.py falls back to a plain timing loop without it).
    if has "$WORKLOADS" W5; then
        command -v hyperfine >/dev/null || apt_install hyperfine ||
            warn "W5 without hyperfine: timed by a loop around 'sh -c' (shell start-up included)"
        if has "$PEERS" maxima && ! command -v maxima >/dev/null; then
            apt_install maxima || warn "no maxima: its W5 line will say 'unsupported'"
        fi
    fi
}

if [[ $INSTALL == 1 ]]; then
    install_peers
fi

# ------------------------------------------------------------------ 2. gradcalc (built first, so that cargo makes target/ itself)
# A fast gradcalc is only worth timing if it is right: W2's d^4/dx^4 in plain form, parsed by
# SymPy (cli.md: plain parses back after ^ -> **), against SymPy's own at a few points.
check_gradcalc() {
    local w2 out
    w2=$(<"$BENCH_DIR/workloads/w2.txt")
    if ! out=$("$GRADCALC_BIN" diff "$w2" x^4 --format plain 2>&1); then
        warn "'gradcalc diff \"$w2\" x^4 --format plain' failed: ${out:0:300}"; return 1
    fi
    if [[ -z ${out//[[:space:]]/} ]]; then
        warn "'gradcalc diff \"$w2\" x^4 --format plain' printed nothing"; return 1
    fi
    "$PYTHON" -c 'import sympy' 2>/dev/null || { msg "gradcalc answers (no SymPy to check the answer)"; return 0; }
    "$PYTHON" - "$w2" "$out" <<'EOF' || return 1
import sys
import sympy as sp
f_text, got_text = sys.argv[1], sys.argv[2].strip()
x = sp.Symbol("x")
try:
    got = sp.parse_expr(got_text.replace("^", "**").replace("ln(", "log("), {"x": x, "e": sp.E})
except Exception as exc:
    sys.exit(f"warning: SymPy cannot parse gradcalc's plain d^4/dx^4 ({exc}): {got_text[:200]}")
want = sp.diff(sp.parse_expr(f_text.replace("^", "**")), x, 4)
for v in ("3/10", "7/10", "-11/10"):
    a, b = (float(e.subs(x, sp.Rational(v)).evalf(30)) for e in (got, want))
    if abs(a - b) > 1e-9 * max(1.0, abs(b)):
        sys.exit(f"warning: gradcalc's d^4/dx^4 of W2 is wrong at x={v}: {a!r}, SymPy {b!r}")
print("==> gradcalc's d^4/dx^4 of W2 agrees with SymPy at 3 points", file=sys.stderr)
EOF
}

if has "$PEERS" gradcalc; then
    if [[ -z $GRADCALC_BIN ]]; then
        GRADCALC_BIN=$REPO/target/release/gradcalc
        if [[ $BUILD == 1 ]]; then
            msg "cargo build --release"
            (cd "$REPO" && cargo build --release --quiet) ||
                die "cargo build --release failed (leave gradcalc out of -p to time the peers alone)"
        fi
    fi
    [[ -x $GRADCALC_BIN ]] || die "no gradcalc binary at $GRADCALC_BIN"
    GRADCALC_BIN=$(cd "$(dirname "$GRADCALC_BIN")" && pwd)/$(basename "$GRADCALC_BIN")
    check_gradcalc || warn "going on: gradcalc's figures are worth only as much as its output"
fi

# ------------------------------------------------------------------ 3. the W4 points
POINTS=$DATA_DIR/w4_points.csv
if has "$WORKLOADS" W4 && [[ ! -s $POINTS ]]; then
    msg "generating $POINTS (1,000,000 points)"
    # gen_workloads.py always (re)writes the workload files too, into --out (default: beside
    # itself, i.e. the read-only shared/ folder): send them to a temporary folder instead.
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    mkdir -p "$DATA_DIR"
    if ! GRADCALC_BENCH_DATA=$DATA_DIR "$PYTHON" "$BENCH_DIR/gen_workloads.py" \
            --out "$tmp/workloads" --data-dir "$DATA_DIR" 2>"$tmp/gen.log"; then
        tail -n 15 "$tmp/gen.log" >&2
        die "gen_workloads.py failed"
    fi
    want=$("$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1]))["w4_points.csv"]["sha256"])' \
        "$BENCH_DIR/workloads/manifest.json" 2>/dev/null || true)
    got=$(sha256sum "$POINTS" | cut -d' ' -f1)
    if [[ -n $want && $want != "$got" ]]; then
        warn "$POINTS: sha256 $got differs from manifest.json's $want"
    fi
    rm -rf "$tmp"; trap - EXIT
fi
[[ -d $DATA_DIR ]] && keep_out_of_git "$DATA_DIR"
export GRADCALC_BENCH_DATA=$DATA_DIR

# ------------------------------------------------------------------ 4. the run
mkdir -p "$OUT_DIR"
keep_out_of_git "$OUT_DIR"
if [[ -z $OUT ]]; then
    suffix=""
    [[ $QUICK == 1 ]] && suffix=-quick
    OUT=$OUT_DIR/run-$(date -u +%Y-%m-%dT%H%M%SZ)$suffix.jsonl
fi
[[ -e $OUT ]] && warn "$OUT exists: peers.py appends to it (its tables pool all lines)"

common=(-p "$PEERS" --timeout "$TIMEOUT" --points-file "$POINTS" --out "$OUT")
[[ -n $RUNS ]] && common+=(--runs "$RUNS")
[[ -n $W5_RUNS ]] && common+=(--w5-runs "$W5_RUNS")
[[ -n $GRADCALC_BIN ]] && common+=(--gradcalc "$GRADCALC_BIN")

msg "peers.py: workloads $WORKLOADS, peers $PEERS, timeout ${TIMEOUT}s${RUNS:+, runs $RUNS} -> $OUT"
t0=$SECONDS
for spec in "${RUN_SPECS[@]}"; do
    wl=${spec%%|*}
    prm=${spec#*|}
    args=(-w "$wl" "${common[@]}")
    [[ -n $prm ]] && args+=(--params "$prm")
    # JSON lines go to $OUT (--out); stdout would repeat them; progress stays on stderr
    "$PYTHON" "$PEERS_PY" "${args[@]}" >/dev/null || die "peers.py failed (lines so far: $OUT)"
done
# peers.py can only time gradcalc as a whole process, so its W4 "eval" line (the compiled
# tape over the points in memory, what the peers' eval measures) comes from the bench binary.
if has "$PEERS" gradcalc && has "$WORKLOADS" W4 && [[ $QUICK == 0 ]]; then
    msg "gradcalc W4 eval: cargo bench --bench workloads -- --jsonl W4"
    if ! (cd "$REPO" && cargo bench --quiet --bench workloads -- --jsonl W4) >>"$OUT" 2>"$OUT_DIR/bench-w4.log"; then
        warn "the W4 eval bench failed (see $OUT_DIR/bench-w4.log); its row has no gradcalc figure"
    fi
fi
# W5 through hyperfine's shell with the shell's start-up subtracted leaves nothing of a process
# that takes about a millisecond (peers.py then records 0.0). Time gradcalc's W5 command run
# directly (hyperfine -N, no shell: what the subtraction approximates for the peers) and put
# that figure in its line, saying so.
if has "$PEERS" gradcalc && has "$WORKLOADS" W5 && command -v hyperfine >/dev/null; then
    msg "gradcalc W5 again without a shell: hyperfine -N"
    hf_json=$OUT_DIR/w5-direct.json
    if hyperfine -N --runs 30 --warmup 3 --style none --export-json "$hf_json" \
            "$GRADCALC_BIN grad xyz+z^2+5 --at 0,1,-1" >/dev/null 2>&1; then
        "$PYTHON" - "$OUT" "$hf_json" <<'PYEOF' || warn "could not update the W5 line"
import json, statistics, sys
out_path, hf_path = sys.argv[1], sys.argv[2]
times = json.load(open(hf_path))["results"][0]["times"]
lines = [json.loads(l) for l in open(out_path) if l.strip()]
for rec in lines:
    if rec.get("peer") == "gradcalc" and rec.get("workload") == "W5":
        rec["note"] = (f"hyperfine -N (no shell), {len(times)} runs; through the shell with its start-up "
                       f"subtracted: {rec.get('seconds_median')} s")
        rec.update(seconds_median=round(statistics.median(times), 6), runs=len(times),
                   seconds_all=[round(t, 6) for t in times], timer="hyperfine -N (no shell)")
with open(out_path, "w") as fh:
    for rec in lines:
        fh.write(json.dumps(rec) + "\n")
PYEOF
    else
        warn "hyperfine -N failed: gradcalc's W5 line keeps the shell-subtracted figure"
    fi
fi
msg "measured in $((SECONDS - t0)) s; $(wc -l <"$OUT") lines in $OUT"

# ------------------------------------------------------------------ 5. tables
print_tables "$OUT"
