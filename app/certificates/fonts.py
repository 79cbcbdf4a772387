"""Smaller copies of the Noto CJK faces the certificate uses, so that embedding them is cheap.

WeasyPrint embeds a subset of every face a PDF uses, made by HarfBuzz keeping the original
glyph ids; on a Noto CJK face (65,535 glyphs) that costs CPU and ~700 KB per face and PDF,
however few characters are printed. A copy of the face holding only its region's national
character set (Big5, GB 2312, JIS X 0208 with Windows' additions, KS X 1001 with every Hangul
syllable) plus Latin, kana and punctuation has 9,000 to 18,000 glyphs, the same outlines and
metrics, and costs a fraction of that. The style sheet lists the copy first and the full Noto
face after it, which draws any rarer character: the page looks the same.

A copy is made once with HarfBuzz's subsetter (``libharfbuzz-subset0``, which WeasyPrint needs
anyway; ~1.5 s a face) into ``<instance>/pdf-fonts``, named after the source file's path,
face, size and modification time, so a font package upgrade makes a new one. When it cannot
be made (no fontconfig, a read-only folder), the certificate uses the full faces as before.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import subprocess
from pathlib import Path

from flask import current_app

log = logging.getLogger(__name__)

# The faces the certificate prints with: Noto <kind> CJK, at this fontconfig weight.
FACES = {"Sans": "regular", "Serif": "bold"}
# Each region's national character set, as Python codecs
# (cp932: JIS X 0208 with the vendor kanji common in names, such as 髙 and 﨑; Python's euc_kr
# writes every Hangul syllable, not only KS X 1001's 2,350.)
CHARSETS = {"TC": ("big5",), "SC": ("gb2312",), "JP": ("cp932",), "KR": ("euc_kr",)}
RECIPE = "5"  # part of the file name: change it when the character sets change

# The layout features horizontal text applies (HarfBuzz's default list for subsetting also
# keeps vertical forms and fractions, whose glyphs the certificate never prints).
FEATURES = (
    "ccmp",
    "locl",
    "rvrn",
    "liga",
    "clig",
    "calt",
    "rlig",
    "kern",
    "dist",
    "mark",
    "mkmk",
    "curs",
)
LAYOUT_FEATURE_TAG = 6  # hb_subset_sets_t
DUPLICATE = 0  # hb_memory_mode_t: HarfBuzz copies the bytes
# The OpenType language whose layout rules each region's copy keeps.
LANGUAGES = {"TC": "ZHT", "SC": "ZHS", "JP": "JAN", "KR": "KOR"}
_HARFBUZZ = """
typedef ... hb_blob_t;
typedef ... hb_face_t;
typedef ... hb_set_t;
typedef ... hb_subset_input_t;
typedef uint32_t hb_codepoint_t;
typedef uint32_t hb_tag_t;
hb_tag_t hb_tag_from_string (const char *str, int len);
void hb_set_clear (hb_set_t *set);
void hb_set_add (hb_set_t *set, hb_codepoint_t codepoint);
hb_blob_t * hb_blob_create_or_fail (
    const char *data, unsigned int length, int mode, void *user_data, void *destroy);
void hb_blob_destroy (hb_blob_t *blob);
const char * hb_blob_get_data (hb_blob_t *blob, unsigned int *length);
hb_face_t * hb_face_create (hb_blob_t *blob, unsigned int index);
void hb_face_destroy (hb_face_t *face);
hb_blob_t * hb_face_reference_blob (hb_face_t *face);
void hb_set_add_sorted_array (
    hb_set_t *set, const hb_codepoint_t *sorted_codepoints, unsigned int num_codepoints);
"""
_HARFBUZZ_SUBSET = """
hb_subset_input_t * hb_subset_input_create_or_fail (void);
void hb_subset_input_destroy (hb_subset_input_t *input);
hb_set_t * hb_subset_input_unicode_set (hb_subset_input_t *input);
hb_set_t * hb_subset_input_set (hb_subset_input_t *input, int set_type);
hb_face_t * hb_subset_or_fail (hb_face_t *source, const hb_subset_input_t *input);
"""


def family(kind: str, region: str) -> str:
    """The CSS family name of a reduced copy (not Noto's: the full face keeps that name)."""
    return f"KCC {kind} {region}"


def register(font_config, region: str) -> tuple[str, ...]:
    """Make the region's reduced copies if missing and add them to WeasyPrint's fontconfig;
    their family names, or none when a copy cannot be had (the full faces are used then).

    Added as application fonts straight from ``<instance>/pdf-fonts``: an ``@font-face`` rule
    would do the same but copy each file into a temporary folder that WeasyPrint deletes only
    when its font configuration is garbage-collected, which a job's work horse (it leaves
    through ``os._exit``) never does."""
    try:
        paths = [_reduced_copy(kind, region, weight) for kind, weight in FACES.items()]
        if None in paths:
            return ()
        # WeasyPrint takes ~0.5 s to import: loaded with the first PDF, not with the app
        from weasyprint.text.ffi import ffi, fontconfig, pangoft2

        for path in paths:
            if not fontconfig.FcConfigAppFontAddFile(font_config._config, str(path).encode()):
                raise OSError(f"fontconfig cannot load {path}")
        pangoft2.pango_fc_font_map_config_changed(
            ffi.cast("PangoFcFontMap *", font_config.font_map)
        )
    except Exception:  # no font or tool, a read-only folder, another WeasyPrint: full faces
        log.warning("No reduced %s fonts for certificates", region, exc_info=True)
        return ()
    return tuple(family(kind, region) for kind in FACES)


def _source(kind: str, region: str, weight: str) -> tuple[Path, int] | None:
    """The file and face index fontconfig gives for the Noto face (what Pango would draw)."""
    name = f"Noto {kind} CJK {region}"
    result = subprocess.run(  # noqa: S603 (fixed arguments)
        ["fc-match", "--format", "%{file}\n%{index}\n%{family}", f"{name}:weight={weight}"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    file, index, families = result.stdout.split("\n", 2)
    if name not in families.split(","):
        return None  # fontconfig offered another family: fonts-noto-cjk is not installed
    return Path(file), int(index)


def _reduced_copy(kind: str, region: str, weight: str) -> Path | None:
    found = _source(kind, region, weight)
    if found is None:
        return None
    source, index = found
    stat = source.stat()
    identity = f"{RECIPE}|{source}|{index}|{stat.st_size}|{stat.st_mtime_ns}"
    digest = hashlib.sha256(identity.encode()).hexdigest()[:16]
    folder = Path(current_app.instance_path) / "pdf-fonts"
    target = folder / f"kcc-{kind.lower()}-{region.lower()}-{digest}.otf"
    if not target.exists():
        folder.mkdir(parents=True, exist_ok=True)
        own_language = _own_language(source, index, LANGUAGES[region])
        data = _rename(_subset(own_language, _codepoints(region)), family(kind, region), weight)
        partial = folder / f".{target.name}.{os.getpid()}"
        partial.write_bytes(data)
        os.replace(partial, target)  # whole or absent, also when two processes make it at once
        log.info("Made %s from %s (face %d)", target.name, source, index)
    return target


def _codepoints(region: str) -> list[int]:
    """Latin, Greek, Cyrillic, symbols, punctuation, kana and full-width forms for every
    region, and the region's national character set (every Hangul syllable for Korean)."""
    keep = set(range(0x20, 0x2E80)) | set(range(0x3000, 0x3100)) | set(range(0xFF00, 0xFFF0))
    if region == "KR":
        keep |= set(range(0xAC00, 0xD7A4)) | set(range(0x3130, 0x3190))
    for codec in CHARSETS[region]:
        for code in range(0x2E80, 0x10000):
            if 0xD800 <= code < 0xE000:
                continue
            try:
                chr(code).encode(codec)
            except UnicodeEncodeError:
                continue
            keep.add(code)
    return sorted(keep)


def _own_language(source: Path, index: int, language: str) -> bytes:
    """The face with the layout rules of every other language removed ("locl": the regional
    forms the other faces of the collection draw by default), so that subsetting keeps only
    the glyphs its own language reaches. Its own rules stay: Korean spaces are wider, say."""
    # fontTools and cffi are needed only when a copy is made, once per machine
    from fontTools.ttLib import TTFont

    out = io.BytesIO()
    with TTFont(
        source, fontNumber=index, lazy=True, recalcBBoxes=False, recalcTimestamp=False
    ) as font:
        for table in ("GSUB", "GPOS"):
            if table in font:
                for record in font[table].table.ScriptList.ScriptRecord:
                    script = record.Script
                    script.LangSysRecord = [
                        r for r in script.LangSysRecord if r.LangSysTag.strip() == language
                    ]
                    script.LangSysCount = len(script.LangSysRecord)
        font.save(out)  # the tables not touched are copied as they are
    return out.getvalue()


def _subset(data: bytes, codepoints: list[int]) -> bytes:
    """The face with only these characters' glyphs, numbered anew."""
    # needed only when a copy is made, once per machine
    from cffi import FFI

    ffi = FFI()
    ffi.cdef(_HARFBUZZ + _HARFBUZZ_SUBSET)
    harfbuzz = ffi.dlopen("libharfbuzz.so.0")
    harfbuzz_subset = ffi.dlopen("libharfbuzz-subset.so.0")
    blob = harfbuzz.hb_blob_create_or_fail(data, len(data), DUPLICATE, ffi.NULL, ffi.NULL)
    if blob == ffi.NULL:
        raise OSError("HarfBuzz cannot read the font")
    face = harfbuzz.hb_face_create(blob, 0)
    plan = harfbuzz_subset.hb_subset_input_create_or_fail()
    reduced = result = ffi.NULL
    try:
        wanted = ffi.new("hb_codepoint_t[]", codepoints)
        unicodes = harfbuzz_subset.hb_subset_input_unicode_set(plan)
        harfbuzz.hb_set_add_sorted_array(unicodes, wanted, len(codepoints))
        # The glyphs that layout rules reach from these characters are kept too: only the
        # features of FEATURES, and (_own_language) only for the face's own language.
        features = harfbuzz_subset.hb_subset_input_set(plan, LAYOUT_FEATURE_TAG)
        harfbuzz.hb_set_clear(features)
        for tag in FEATURES:
            harfbuzz.hb_set_add(features, harfbuzz.hb_tag_from_string(tag.encode(), 4))
        reduced = harfbuzz_subset.hb_subset_or_fail(face, plan)
        if reduced == ffi.NULL:
            raise OSError("HarfBuzz cannot subset the font")
        result = harfbuzz.hb_face_reference_blob(reduced)
        length = ffi.new("unsigned int *")
        data = harfbuzz.hb_blob_get_data(result, length)
        return ffi.unpack(data, length[0])
    finally:
        if result != ffi.NULL:
            harfbuzz.hb_blob_destroy(result)
        if reduced != ffi.NULL:
            harfbuzz.hb_face_destroy(reduced)
        harfbuzz_subset.hb_subset_input_destroy(plan)
        harfbuzz.hb_face_destroy(face)
        harfbuzz.hb_blob_destroy(blob)


def _rename(data: bytes, name: str, weight: str) -> bytes:
    """Give the copy its own family name, so that fontconfig never offers it for Noto's
    (whose full face must stay the fallback); only the name table is rewritten."""
    # needed only when a copy is made, once per machine
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(data), lazy=True, recalcBBoxes=False, recalcTimestamp=False)
    table = font["name"]
    style = weight.title()
    postscript = f"{name.replace(' ', '')}-{style}"
    table.names = [r for r in table.names if r.nameID not in (1, 2, 3, 4, 6, 16, 17, 21, 22)]
    for name_id, value in (
        (1, name),
        (2, style),
        (3, f"{postscript};{RECIPE}"),
        (4, f"{name} {style}"),
        (6, postscript),
    ):
        table.setName(value, name_id, 3, 1, 0x409)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
