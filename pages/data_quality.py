"""Datakwaliteit: why numbers fail, Excel damage, unknown modules and groups, files, clashes,
inactive accounts to clean up."""

import json

import streamlit as st

from dq import charts, ingest, rules, ui
from dq import formatting as fmt
from dq.i18n import t

lang, store = ui.start("page.quality")
ui.require_snapshots(store, lang)

quality = ui.cached("data_quality", store)

left, right = st.columns(2)
with left:
    st.subheader(t("quality.reasons", lang))
    reasons = quality["reasons"].assign(
        label=lambda f: [t(f"reason.{r}", lang) for r in f["reason"]]
    )
    ui.chart(charts.status_bars(reasons, "label", lang), "quality_reasons", lang)
with right:
    st.subheader(t("quality.flags", lang))
    flags = quality["flags"].assign(label=lambda f: [rules.label(x, lang) for x in f["flag"]])
    ui.chart(charts.status_bars(flags, "label", lang), "quality_flags", lang)

st.subheader(t("quality.excel", lang))
excel = quality["excel"].assign(
    damage=lambda f: [t(f"quality.damage.{d}", lang) for d in f["damage"]],
    restored=lambda f: [
        t("quality.restored", lang) if r else t("quality.not_restored", lang) for r in f["restored"]
    ],
    accounts=lambda f: f["accounts"].astype(int),
)
st.dataframe(fmt.people_table(excel, lang), hide_index=True, width="stretch")

st.subheader(t("quality.unknown", lang))
if quality["unknown"].empty:
    st.success(t("quality.none_unknown", lang))
else:
    unknown = quality["unknown"].assign(
        kind=lambda f: [t(f"col.unknown_kind.{k}", lang) for k in f["kind"]]
    )
    st.dataframe(fmt.people_table(unknown, lang), hide_index=True, width="stretch")

st.subheader(t("quality.files", lang))
for row in quality["files"].itertuples():
    detected = row.sheet and f"xlsx, {row.sheet}" or f"{row.encoding}, '{row.delimiter}'"
    with st.expander(
        f"{ui.plain(row.file_name)} · {t(f'kind_file.{row.kind}', lang)} · {ui.plain(detected)} · "
        f"{t('ingest.rows', lang, rows=fmt.number(row.rows_read, lang))}"
    ):
        st.table(
            {
                t("quality.header", lang): [ui.plain(h) for h in json.loads(row.mapping)],
                t("quality.column", lang): [
                    fmt.column_label(c, lang) for c in json.loads(row.mapping).values()
                ],
            }
        )
        for warning in json.loads(row.warnings):
            st.warning(ui.plain(ingest.warning_text(warning, lang)))
        st.caption(f"HMAC-SHA-256 {row.sha256_prefix}…")

st.subheader(t("quality.clashes", lang))
if not ui.details_allowed(lang):
    st.stop()
if quality["clashes"].empty:
    st.success(t("quality.no_clashes", lang))
else:
    st.dataframe(
        fmt.people_table(quality["clashes"], lang, policy=ui.cached("policy", store)),
        hide_index=True,
        width="stretch",
    )

# accounts the export marks as not active or blocked: outside readiness, to clean up
st.subheader(t("quality.inactive", lang))
inactive = ui.cached(
    "fixlist", store, None, lang=lang, limit=1000, status=["inactive"], needs_action=None
)
if inactive.empty:
    st.success(t("quality.no_inactive", lang))
else:
    st.caption(t("quality.inactive_help", lang, count=fmt.number(len(inactive), lang)))
    st.dataframe(
        fmt.people_table(
            inactive,
            lang,
            ["last_name", "first_name", "username", "school_id", "action", "groups"],
            ui.cached("policy", store),
        ),
        hide_index=True,
        width="stretch",
        key="quality_inactive",
    )
