#!/usr/bin/env bash
# Reproduces QcpSans-Regular.ttf and QcpSans-Bold.ttf: DejaVu Sans 2.37 (Debian fonts-dejavu-core)
# cut down to the scripts qcp prints and renamed, as the Bitstream Vera licence requires of
# modified copies. Needs: apt-get install fonts-dejavu-core; pip install fonttools (tested 4.68.0).
# Usage: bash make-subset.sh   (writes beside this script)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
src="${DEJAVU_DIR:-/usr/share/fonts/truetype/dejavu}"

# Basic Latin, Latin-1, Latin Extended-A/B, spacing modifiers, combining diacritics (for names
# typed in decomposed form), Greek, Cyrillic, Latin Extended Additional (Vietnamese names),
# general punctuation, super/subscripts, currency, arrows, box drawing, block elements,
# geometric shapes, the replacement character; and from letterlike symbols, number forms and
# mathematical operators only the handful a report uses (No, TM, degrees, fractions, minus,
# <= >= != ~ infinity, square root). The whole math block alone would add ~14 KB per PDF.
unicodes="U+0020-007E,U+00A0-00FF,U+0100-024F,U+02B0-02FF,U+0300-036F,U+0370-03FF,U+0400-04FF,\
U+1E00-1EFF,U+2000-206F,U+2070-209F,U+20A0-20CF,U+2103,U+2109,U+2113,U+2116,U+2122,U+2126,\
U+212E,U+2153-215E,U+2190-21FF,U+2212,U+2215,U+2219,U+221A,U+221E,U+2248,U+2260,U+2264,U+2265,\
U+2500-257F,U+2580-259F,U+25A0-25FF,U+FFFD"

subset() { # $1 source file, $2 output file, $3 style name, $4 postscript suffix
  local tmp
  tmp="$(mktemp --suffix=.ttf)"
  # No hinting and no OpenType layout: printpdf (without text_layout) neither hints nor shapes,
  # so those tables would only add bytes to every PDF.
  pyftsubset "$src/$1" --output-file="$tmp" --unicodes="$unicodes" \
    --no-hinting --layout-features='' --drop-tables+=GSUB,GPOS,GDEF,kern,MATH,FFTM \
    --name-IDs='*' --name-languages='*' --notdef-outline --recalc-bounds
  python3 - "$tmp" "$here/$2" "$3" "$4" <<'PY'
import sys
from fontTools.ttLib import TTFont
src, dst, style, suffix = sys.argv[1:5]
f = TTFont(src)
name = f["name"]
family = "QcpSans"
full = family if style == "Book" else f"{family} {style}"
ps = family if style == "Book" else f"{family}-{suffix}"
for rec in list(name.names):
    i = rec.nameID
    if i in (1, 16):
        rec.string = family
    elif i == 3:
        rec.string = f"{ps}; subset of DejaVu Sans 2.37"
    elif i in (4,):
        rec.string = full
    elif i == 6:
        rec.string = ps
    elif i == 5:
        rec.string = "Version 2.37; qcp subset"
# Fixed timestamps so the script reproduces byte-identical files.
f["head"].created = f["head"].modified = 0
f.save(dst, reorderTables=True)
PY
  rm -f "$tmp"
}

export SOURCE_DATE_EPOCH=0
subset DejaVuSans.ttf QcpSans-Regular.ttf Book Regular
subset DejaVuSans-Bold.ttf QcpSans-Bold.ttf Bold Bold
ls -l "$here"/QcpSans-*.ttf
