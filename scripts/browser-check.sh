#!/usr/bin/env bash
# Renders the shipped examples and a hostile charter to HTML and opens each page in headless
# Chromium: the page must render (title, landmarks, tables), no payload of the hostile charter
# may run (each would set document.title to PWNED), and the page must print to PDF.
# Usage: scripts/browser-check.sh [OUTPUT_DIR]   (pages and PDFs are kept in OUTPUT_DIR if given)
set -euo pipefail

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then
    echo "skipped: chromium not installed ($CHROMIUM)"
    exit 0
fi

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=${1:-$work/out}
mkdir -p "$out"

cargo build --quiet --bin charter
charter=${CARGO_TARGET_DIR:-$root/target}/debug/charter

chrome() {
    # A fresh profile each time; no network beyond the file itself (the pages fetch nothing).
    timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --disable-sync --no-first-run \
        --user-data-dir="$(mktemp -d -p "$work")" --virtual-time-budget=3000 "$@" 2>/dev/null
}

passed=0
failed=0
result() { # result DESCRIPTION STATUS
    if [ "$2" -eq 0 ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL: $1"
    fi
}
has() { # has DESCRIPTION FILE EXTENDED-REGEX: the file must match
    if grep -Eiq -- "$3" "$2"; then result "$1" 0; else result "$1" 1; fi
}
lacks() { # lacks DESCRIPTION FILE EXTENDED-REGEX: the file must not match
    if grep -Eiq -- "$3" "$2"; then result "$1" 1; else result "$1" 0; fi
}

# Control: a page whose script does run, to show that the title check can see a payload run.
printf '<!DOCTYPE html><title>safe</title><script>document.title="PWNED"</script>\n' > "$work/control.html"
chrome --dump-dom "file://$work/control.html" > "$work/control.dom" || true
has "control page: chromium ran its script, so the payload check can see one run" "$work/control.dom" '<title>PWNED</title>'

pages=()
for charter_file in examples/*/charter.yaml tests/fixtures/render/hostile.yaml; do
    name=$(basename "$(dirname "$charter_file")")
    [ "$charter_file" = tests/fixtures/render/hostile.yaml ] && name=hostile
    # Drafts render too (marked as drafts): only exit code 2 (invalid charter) is a failure.
    "$charter" render "$charter_file" --format html --today 2026-11-28 --force -o "$out/$name.html" 2>/dev/null || true
    if [ -s "$out/$name.html" ]; then result "$name: rendered" 0; else result "$name: rendered" 1; fi
    pages+=("$name")
done

for name in "${pages[@]}"; do
    page="file://$out/$name.html"
    dom="$work/$name.dom"
    chrome --dump-dom "$page" > "$dom" || true
    has "$name: the page has its title" "$dom" '<h1>'
    has "$name: the page has its main landmark" "$dom" '<main id="main">'
    has "$name: the page has its footer" "$dom" '</footer>'
    lacks "$name: no payload ran (document.title untouched)" "$dom" '<title>PWNED</title>'
    lacks "$name: no script, image, frame or object element" "$dom" '<(script|img|iframe|svg|object|embed)[ >]'
    lacks "$name: no event-handler attribute" "$dom" '<[^>]+ on[a-z]+='
    lacks "$name: no javascript:, data: or vbscript: link" "$dom" 'href="(javascript|data|vbscript):'
    chrome --no-pdf-header-footer --print-to-pdf="$out/$name.pdf" "$page" > /dev/null || true
    if [ "$(head -c 4 "$out/$name.pdf" 2>/dev/null)" = "%PDF" ]; then
        result "$name: prints to PDF" 0
    else
        result "$name: prints to PDF" 1
    fi
done

echo "browser check: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
