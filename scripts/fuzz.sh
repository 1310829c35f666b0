#!/usr/bin/env bash
# Runs the cargo-fuzz targets in fuzz/ for a while each (docs/fuzzing.md).
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# SECONDS per target (default 60); targets default to all of them: charter_yaml,
# pack_yaml, draft, import, fix. Works on the stable toolchain: libFuzzer's coverage instrumentation
# needs no nightly flag, only the address sanitizer does (`--sanitizer none` here, the
# crate forbids unsafe code). Set FUZZ_SANITIZER=address (with RUSTC_BOOTSTRAP=1 on
# stable) to add it, FUZZ_JOBS=N to run N fuzzing processes per target, FUZZ_ARGS for
# more libFuzzer options.
#
# The corpus grows in fuzz/corpus/TARGET (not committed; seeded from the examples,
# fixtures and built-in packs on first run). A crash or timeout leaves its input in
# fuzz/artifacts/TARGET/ and makes this script exit 1; reproduce it with
#   cargo fuzz run --sanitizer none TARGET fuzz/artifacts/TARGET/crash-…
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
if ! [[ $seconds =~ ^[0-9]+$ ]]; then
  echo "usage: scripts/fuzz.sh [SECONDS] [TARGET...]" >&2
  exit 2
fi
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(charter_yaml pack_yaml draft import fix)
fi
sanitizer=${FUZZ_SANITIZER:-none}
jobs=${FUZZ_JOBS:-1}

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "== installing cargo-fuzz (cargo install cargo-fuzz --locked)"
  cargo install cargo-fuzz --locked
fi

# Seed each corpus from files of the repository the first time.
seed() {
  local target=$1 dir=fuzz/corpus/$1
  mkdir -p "$dir"
  if [ -n "$(ls -A "$dir")" ]; then
    return
  fi
  case $target in
    charter_yaml) find examples tests/fixtures -name '*.yaml' ;;
    pack_yaml) find policies/packs tests/fixtures/hostile -name '*.yaml' ;;
    draft | import | fix) find tests/fixtures/drafts tests/fixtures/hostile tests/fixtures/repro examples -name '*.md' -o -name '*.txt' ;;
  esac | while read -r file; do
    cp "$file" "$dir/seed-$(basename "$file")"
  done
}

dict_of() {
  case $1 in
    draft | import | fix) echo fuzz/dict/markdown.dict ;;
    *) echo fuzz/dict/yaml.dict ;;
  esac
}

echo "== building the fuzz targets (sanitizer: $sanitizer)"
cargo fuzz build --sanitizer "$sanitizer"

# The targets write each input to a file (the linter reads files); their folders go here.
shm=/dev/shm
[ -d "$shm" ] || shm=${TMPDIR:-/tmp}
CHARTER_FUZZ_SCRATCH=$(mktemp -d "$shm/charter-fuzz.XXXXXX")
export CHARTER_FUZZ_SCRATCH
trap 'rm -rf "$CHARTER_FUZZ_SCRATCH"' EXIT

failed=()
for target in "${targets[@]}"; do
  seed "$target"
  log=$(mktemp)
  echo "== fuzzing $target for ${seconds}s ($jobs job(s))"
  # -timeout: an input that takes over 10 s is a hang; -rss_limit_mb: 2 GiB is a leak or a bomb.
  # shellcheck disable=SC2086
  if cargo fuzz run --sanitizer "$sanitizer" --jobs "$jobs" "$target" "fuzz/corpus/$target" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
    -dict="$(dict_of "$target")" -print_final_stats=1 ${FUZZ_ARGS:-} >"$log" 2>&1; then
    result=ok
  else
    result=FAILED
    failed+=("$target")
  fi
  # The last status line counts the executions (`#N` in both modes; with --jobs,
  # cargo fuzz runs libFuzzer's -fork mode, which prints no final stats).
  runs=$(grep -aoE '^#[0-9]+|stat::number_of_executed_units: *[0-9]+' "$log" |
    grep -oE '[0-9]+$' | sort -n | tail -1 || true)
  echo "   $result: ${runs:-0} executions, corpus of $(ls "fuzz/corpus/$target" | wc -l) inputs"
  if [ "$result" != ok ]; then
    grep -a -A1 'panicked at' "$log" | head -4 || true
    grep -aE 'SUMMARY|Test unit written' "$log" | head -4 || true
    echo "   full log: $log"
  else
    rm -f "$log"
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "== crashes or hangs in: ${failed[*]} (inputs in fuzz/artifacts/)" >&2
  exit 1
fi
echo "== no crash in ${targets[*]} (${seconds}s each)"
