#!/usr/bin/env bash
# Renders every example to Word and HTML, converts the Word file to PDF with LibreOffice and
# prints the HTML to PDF with Chromium (each where installed; a clear skip otherwise), then
# rasterises every page to PNG, for a person to look at:
#   target/visual/<example>/{docx,html}.pdf and target/visual/<example>/{docx,html}-<page>.png
# Usage: scripts/visual-check.sh [EXAMPLE...]   (default: every folder of examples/)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
SOFFICE=${SOFFICE:-$(command -v soffice || command -v libreoffice || true)}
PDFTOPPM=$(command -v pdftoppm || true)
# The Python that has LibreOffice's uno module (Debian: python3-uno, for /usr/bin/python3).
UNO_PYTHON=${UNO_PYTHON:-/usr/bin/python3}
out=${CARGO_TARGET_DIR:-$root/target}/visual
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --quiet --bin charter
charter=${CARGO_TARGET_DIR:-$root/target}/debug/charter
[ -n "$CHROMIUM" ] || echo "skipped: HTML to PDF (chromium not installed; set CHROMIUM)"
[ -n "$SOFFICE" ] || echo "skipped: Word to PDF (LibreOffice not installed; set SOFFICE)"
[ -n "$PDFTOPPM" ] || echo "skipped: PDF to PNG (pdftoppm not installed: poppler-utils)"

# The Word file to PDF as a reader sees it after "Tools > Update > Update All": LibreOffice
# keeps a table of contents' saved text on opening, so it is updated through UNO first (with
# the system Python's uno module); without that module, a plain conversion.
docx_to_pdf() { # docx_to_pdf DOCX PDF PROFILE_DIR
    local pipe="charter-visual-$$"
    if ! "$UNO_PYTHON" -c 'import uno' 2>/dev/null; then
        echo "note: no Python uno module ($UNO_PYTHON): the contents are converted without update"
        timeout 180 "$SOFFICE" -env:UserInstallation="file://$3" --headless \
            --convert-to pdf --outdir "$(dirname "$2")" "$1" > /dev/null 2>&1 || true
        [ -s "${1%.docx}.pdf" ] && mv "${1%.docx}.pdf" "$2"
        return 0
    fi
    # A private profile and pipe, so a running LibreOffice is neither used nor disturbed.
    # Bounded: an office that does not quit after the export is stopped by `timeout`.
    timeout 300 "$SOFFICE" -env:UserInstallation="file://$3" --headless --invisible --norestore \
        --accept="pipe,name=$pipe;urp;" > /dev/null 2>&1 &
    local office=$!
    timeout 180 "$UNO_PYTHON" - "$pipe" "$1" "$2" <<'PY' || echo "FAIL: LibreOffice update and export of $1"
import sys, time, uno
from com.sun.star.beans import PropertyValue
pipe, source, target = sys.argv[1:]
resolver = uno.getComponentContext().ServiceManager.createInstanceWithContext(
    "com.sun.star.bridge.UnoUrlResolver", uno.getComponentContext())
for _ in range(120):
    try:
        context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        break
    except Exception:
        time.sleep(0.5)
else:
    sys.exit("LibreOffice did not start")
desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
def prop(name, value):
    p = PropertyValue(); p.Name = name; p.Value = value; return p
doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(source), "_blank", 0, (prop("Hidden", True),))
indexes = doc.getDocumentIndexes()
for i in range(indexes.getCount()):
    indexes.getByIndex(i).update()
doc.refresh()
doc.storeToURL(uno.systemPathToFileUrl(target), (prop("FilterName", "writer_pdf_Export"),))
doc.close(True)
try:
    desktop.terminate()
except Exception:
    pass
PY
    # The office quits on `terminate()`; if the script failed first, stop the one we started.
    sleep 1
    kill "$office" 2>/dev/null || true
    wait "$office" 2>/dev/null || true
}

if [ $# -eq 0 ]; then
    set -- $(ls examples)
fi
for name in "$@"; do
    charter_file=examples/$name/charter.yaml
    dir=$out/$name
    rm -rf "$dir"
    mkdir -p "$dir"
    for format in docx html; do
        # A draft renders with exit code 0 (marked as a draft); only an invalid charter fails.
        "$charter" render "$charter_file" --format "$format" --today 2026-11-28 --force \
            -o "$dir/charter.$format" 2>/dev/null
    done
    if [ -n "$SOFFICE" ]; then
        docx_to_pdf "$dir/charter.docx" "$dir/docx.pdf" "$work/lo-$name"
        [ -s "$dir/docx.pdf" ] || echo "FAIL: $name: LibreOffice did not convert the Word file"
    fi
    if [ -n "$CHROMIUM" ]; then
        timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-background-networking \
            --disable-component-update --disable-sync --no-first-run --user-data-dir="$work/chrome-$name" \
            --no-pdf-header-footer --print-to-pdf="$dir/html.pdf" "file://$dir/charter.html" \
            > /dev/null 2>&1 || true
        [ -s "$dir/html.pdf" ] || echo "FAIL: $name: Chromium did not print the HTML page"
    fi
    for pdf in "$dir"/docx.pdf "$dir"/html.pdf; do
        [ -s "$pdf" ] && [ -n "$PDFTOPPM" ] || continue
        "$PDFTOPPM" -png -r 60 "$pdf" "${pdf%.pdf}"
        pages=$(find "$dir" -name "$(basename "${pdf%.pdf}")-*.png" | wc -l)
        echo "$name: $(basename "$pdf") → $pages page(s) in ${dir#"$root"/}"
    done
done
