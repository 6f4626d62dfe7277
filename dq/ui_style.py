"""Colours and symbols shared by charts and pages.

Okabe-Ito colours stay distinguishable with every common colour-vision deficiency, and each
red/amber/green carries a symbol too, so colour is never the only signal.
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
RAG_SYMBOL = {"green": "●", "amber": "▲", "red": "■", None: "–"}
