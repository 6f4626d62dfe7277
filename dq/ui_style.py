"""Colours and symbols shared by charts and pages.

Okabe-Ito colours stay distinguishable with every common colour-vision deficiency, and each
red/amber/green carries a symbol too, so colour is never the only signal. Lines and bars use
the same hues darkened where needed to stand out 3:1 against the white page (WCAG 2.1
1.4.11); text on the red/amber/green fills is black, at least 4.5:1 (1.4.3).

>>> min(contrast_ratio(c, "#FFFFFF") for c in LINE_COLOURS.values()) >= 3
True
>>> min(contrast_ratio(TEXT_ON_FILL, COLOURS[c]) for c in ("red", "amber", "green")) >= 4.5
True
"""

COLOURS = {
    "green": "#009E73",
    "amber": "#E69F00",
    "red": "#D55E00",
    "blue": "#0072B2",
    "sky": "#56B4E9",
    "grey": "#999999",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
}
# for lines and bars on white: the Okabe-Ito hue, darkened when it is lighter than 3:1
LINE_COLOURS = {
    "blue": "#0072B2",
    "amber": "#B37A00",
    "green": "#009E73",
    "purple": "#B95F92",
    "sky": "#2B86BF",
    "red": "#D55E00",
    "yellow": "#8F8500",
    "grey": "#767676",
}
TEXT_ON_FILL = "#000000"
RAG_SYMBOL = {"green": "●", "amber": "▲", "red": "■", None: "–"}


def _luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str) -> float:
    """The WCAG 2.1 contrast ratio of two ``#RRGGBB`` colours (1 to 21).

    >>> round(contrast_ratio("#767676", "#FFFFFF"), 2)
    4.54
    """
    light, dark = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
