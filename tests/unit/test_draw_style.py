"""backprop_lib.draw.style: the one palette (Okabe-Ito), its line styles and labels, the matplotlib style."""

import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from backprop_lib.draw import style

KINDS = ["forward", "input", "error", "weight", "cost", "target"]


def test_palette_is_okabe_ito_with_the_agreed_colours():
    assert style.COLORS == {
        "forward": "#0072B2",
        "input": "#56B4E9",
        "error": "#D55E00",
        "weight": "#009E73",
        "cost": "#E69F00",
        "target": "#CC79A7",
    }
    assert set(style.COLORS.values()) <= set(style.OKABE_ITO.values())
    assert len(set(style.COLORS.values())) == len(style.COLORS)  # each kind its own colour
    assert len(style.OKABE_ITO) == 8


def test_every_kind_has_a_line_style_and_labels_so_colour_is_never_the_only_cue():
    assert list(style.LINESTYLES) == KINDS and list(style.LABELS) == KINDS
    assert style.LINESTYLES["error"] != style.LINESTYLES["forward"]
    assert style.LINESTYLES["target"] != style.LINESTYLES["forward"]
    for latex, text in style.LABELS.values():
        assert latex.startswith("$") and latex.endswith("$") and text


def test_color_lookup_and_unknown_kind():
    assert style.color("error") == "#D55E00"
    with pytest.raises(ValueError, match="kind must be one of") as err:
        style.color("gradient")
    for k in KINDS:
        assert k in str(err.value)


def test_importing_style_does_not_import_matplotlib():
    code = "import sys, backprop_lib.draw.style; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_use_sets_the_course_style():
    import matplotlib as mpl

    with mpl.rc_context():
        style.use()
        colors = [c["color"] for c in mpl.rcParams["axes.prop_cycle"]]
        assert colors[:5] == [style.COLORS[k] for k in ("forward", "error", "weight", "cost", "target")]
        assert mpl.rcParams["figure.facecolor"] in ("white", (1.0, 1.0, 1.0, 1.0))
        assert mpl.rcParams["savefig.facecolor"] in ("white", (1.0, 1.0, 1.0, 1.0))


def test_legend_svg_is_valid_svg_with_a_text_alternative():
    svg = style.legend_svg()
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == ns + "svg" and root.get("role") == "img"
    title = root.find(ns + "title")
    assert title is not None and "errors" in title.text
    fills = [r.get("fill") for r in root.iter(ns + "rect")]
    assert fills == [style.COLORS[k] for k in KINDS]
    texts = "".join(root.itertext())
    for k in KINDS:
        assert k in texts
    # dashed strokes for the kinds whose line style is not solid
    dashed = [ln.get("stroke-dasharray") is not None for ln in root.iter(ns + "line")]
    assert dashed == [style.LINESTYLES[k] != "-" for k in KINDS]


def test_legend_svg_subset_and_bad_kind():
    root = ET.fromstring(style.legend_svg(["error", "weight"]))
    assert len(list(root.iter("{http://www.w3.org/2000/svg}rect"))) == 2
    with pytest.raises(ValueError, match="kind must be one of"):
        style.legend_svg(["errors"])
