"""Beleid: which modules need 2FA and from when, thresholds, webservice convention, groups."""

import pandas as pd
import streamlit as st

from dq import policy as policy_module
from dq import ui
from dq.errors import DqError
from dq.i18n import t

lang, store = ui.start("page.policy", admin_only=True)
st.markdown(t("policy.intro", lang))
current = ui.cached("policy", store)

st.subheader(t("policy.modules", lang))
modules = st.data_editor(
    pd.DataFrame(
        [
            {"id": m.id, "label": m.label, "requires_2fa": m.requires_2fa, "enforced": m.enforced}
            for m in current.modules.values()
        ]
    ),
    column_config={
        "id": st.column_config.TextColumn(t("policy.col.id", lang), required=True),
        "label": st.column_config.TextColumn(t("policy.col.label", lang)),
        "requires_2fa": st.column_config.CheckboxColumn(t("policy.col.requires", lang)),
        "enforced": st.column_config.DateColumn(
            t("policy.col.enforced", lang), format="DD/MM/YYYY"
        ),
    },
    num_rows="dynamic",
    hide_index=True,
    key="policy_modules",
    width="stretch",
)

st.subheader(t("policy.thresholds", lang))
left, middle, right = st.columns(3)
red = left.number_input(t("policy.red", lang), 0.0, 100.0, current.red * 100, 1.0, key="policy_red")
amber = middle.number_input(
    t("policy.amber", lang), 0.0, 100.0, current.amber * 100, 1.0, key="policy_amber"
)
stale = right.number_input(
    t("policy.stale", lang), 1, 3650, current.stale_days, 1, key="policy_stale"
)

st.subheader(t("policy.webservice", lang))
prefix = st.text_input(t("policy.prefix", lang), current.webservice_prefix, key="policy_prefix")
hints = st.text_input(
    t("policy.hints", lang), ", ".join(current.webservice_hints), key="policy_hints"
)

st.subheader(t("policy.groups", lang))
groups = st.data_editor(
    pd.DataFrame([{"pattern": p, "modules": ", ".join(ms)} for p, ms in current.groups.items()]),
    column_config={
        "pattern": st.column_config.TextColumn(t("policy.col.pattern", lang), required=True),
        "modules": st.column_config.TextColumn(t("policy.col.modules", lang)),
    },
    num_rows="dynamic",
    hide_index=True,
    key="policy_groups",
    width="stretch",
)


if st.button(t("policy.save", lang), type="primary", key="policy_save"):
    edited = policy_module.edited(
        current,
        modules.to_dict("records"),
        groups.to_dict("records"),
        prefix,
        hints,
        red,
        amber,
        stale,
    )
    try:
        count = store.set_policy(policy_module.to_toml(edited)) if store.exists() else None
        if count is None:
            policy_module.load_text(policy_module.to_toml(edited))
            st.info(t("policy.no_store", lang))
        else:
            st.cache_data.clear()
            st.success(t("policy.saved", lang, count=count))
    except DqError as error:  # a policy that does not hold, or the store busy too long
        st.error(ui.plain(error.message(lang)))

with st.expander(t("policy.toml", lang)):
    st.code(policy_module.to_toml(current), language="toml")
