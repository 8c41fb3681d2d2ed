"""The one-node explorers of chapters 2 and 3 (forward_propagation, backward_propagation) have a
phone's layout, as the network explorable has: a ``layout`` control (the page sets it from its
width) whose "narrow" template draws the node diagram stacked top to bottom, at most 340 units
wide with no text under 11 units, so that at 1:1 in a 390 px phone's column it is whole and
legible; the activation curve beside it fits that column too (text >= 9 units)."""

import re

import pytest

from backprop_lib import activations, explorers
from backprop_lib.draw import svg
from backprop_lib.explorers import static

IDS = ("forward_propagation", "backward_propagation")


def _svgs(html):
    return re.findall(r"<svg.*?</svg>", html, re.S)


def _width(svg_text):
    return float(re.search(r'<svg[^>]*\bwidth="([\d.]+)"', svg_text).group(1))


def _font_sizes(svg_text):
    return [float(v) for v in re.findall(r'font-size="([\d.]+)"', svg_text)]


@pytest.mark.parametrize("explorer_id", IDS)
def test_layout_is_a_structure_control_with_a_template_per_activation(explorer_id):
    ex = explorers.get(explorer_id)
    assert ex.structure == ("activation", "layout")
    assert ex.params["layout"] == "wide"
    keys = sorted(static.templates(ex))
    assert keys == sorted(f"{a}|{lay}" for a in activations.NAMES for lay in ("wide", "narrow"))


@pytest.mark.parametrize("explorer_id", IDS)
@pytest.mark.parametrize("activation", activations.NAMES)
def test_narrow_template_fits_a_phone_with_legible_text(explorer_id, activation):
    ex = explorers.get(explorer_id)
    templates = static.templates(ex)
    narrow, wide = templates[f"{activation}|narrow"], templates[f"{activation}|wide"]
    node, curve = _svgs(narrow)
    assert _width(node) <= 340, f"{explorer_id}, {activation}: node diagram {_width(node)} units wide"
    assert min(_font_sizes(node)) >= 11
    assert _width(curve) <= 340 and min(_font_sizes(curve)) >= 9
    assert _width(_svgs(wide)[0]) > 340          # the wide one is the one that needed a variant
    # every number the narrow one marks is a quantity (the page's twin fills it), the wide
    # one's numbers included
    marks = lambda t: set(re.findall("\ue000([^\ue001]*)\ue001", t))  # noqa: E731
    assert marks(wide) <= marks(narrow)
    q = ex.quantities(dict(ex.params, activation=activation, layout="narrow"))
    for name in marks(narrow):
        svg._lookup(q, name)


def test_bad_layout_is_rejected_with_its_name():
    with pytest.raises(ValueError, match="layout"):
        explorers.get("forward_propagation").update(layout="tall")
