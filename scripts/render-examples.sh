#!/usr/bin/env bash
# Regenerates examples/<name>/rendered/charter.{md,html,docx} from each example's charter.yaml,
# dated 2026-11-28 so that the files only change when the charter or the templates do.
# tests/render.rs checks that the committed files equal fresh renders.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cargo build --quiet --bin charter
charter=${CARGO_TARGET_DIR:-$root/target}/debug/charter
for charter_file in examples/*/charter.yaml; do
    folder=$(dirname "$charter_file")
    mkdir -p "$folder/rendered"
    for format in md html docx; do
        # A draft renders with exit code 0 (marked as a draft); only an invalid charter fails.
        "$charter" render "$charter_file" --today 2026-11-28 --force --format "$format" \
            -o "$folder/rendered/charter.$format" 2>/dev/null
        echo "wrote $folder/rendered/charter.$format"
    done
done
