"""Opvolging: nudge schools or account holders; the count and one message first, then send."""

import streamlit as st

from dq import formatting as fmt
from dq import notify, ui
from dq.errors import DqError
from dq.i18n import t
from dq.rules import FLAGS, STATUSES

lang, store = ui.start("page.follow_up", admin_only=True)
ui.require_snapshots(store, lang)

audience = st.radio(
    t("follow.audience", lang),
    ["schools", "people"],
    format_func=lambda a: t(f"follow.{a}", lang),
    horizontal=True,
    key="follow_audience",
)
matrix = ui.cached("metrics", store, None, "school")
left, middle, right = st.columns(3)
policy = ui.cached("policy", store)
school = left.multiselect(
    t("filter.school", lang),
    sorted(matrix["school_id"].unique()),
    key="follow_school",
    format_func=lambda s: fmt.school_label(s, policy),
    **ui.many(lang),
)
status, flag = [], []
if audience == "people":
    status = middle.multiselect(
        t("filter.status", lang),
        [r.id for r in STATUSES if r.failing],
        key="follow_status",
        **ui.many(lang),
        format_func=lambda s: t(f"status.{s}", lang),
    )
    flag = right.multiselect(
        t("filter.flag", lang),
        [r.id for r in FLAGS if r.needs_action],
        key="follow_flag",
        **ui.many(lang),
        format_func=lambda f: t(f"flag_label.{f}", lang),
    )

skipped = []
try:
    if audience == "schools":
        messages = notify.school_messages(store, lang, school or None, skipped)
    else:
        messages = notify.people_messages(
            store, status=status or None, flag=flag or None, school=school or None, skipped=skipped
        )
except (notify.NotifyError, DqError) as error:  # no contact in the policy; the store busy
    st.warning(ui.plain(error.message(lang)))
    st.stop()
for skip in skipped:
    st.warning(skip.message(lang))
st.metric(
    t("follow.count", lang, count=len(messages), days=policy.renotify_days),
    fmt.number(len(messages), lang),
)
if not messages:
    st.info(t("notify.none", lang))
    st.stop()

with st.container(border=True):
    st.caption(t("follow.preview", lang))
    first = messages[0]
    st.markdown(f"**{first.subject}**  \n→ {first.to}")
    st.text(first.body)
    if first.attachment:
        st.caption(t("follow.attachment", lang, name=first.attachment[0]))

try:
    settings = notify.smtp_settings(notify.DEFAULT_SECRETS)
except notify.NotifyError:
    settings = None
left, right = st.columns(2)
left.download_button(
    t("follow.download", lang),
    lambda: notify.eml_zip(messages, settings.sender if settings else notify.DEFAULT_SENDER),
    "berichten.zip",
    "application/zip",
    key="follow_download",
    icon=":material/download:",
)
if settings is None:
    right.info(t("follow.no_smtp", lang))
else:
    confirmed = right.checkbox(t("follow.confirm", lang), key="follow_confirm")
    if right.button(
        t("follow.send", lang, count=len(messages)),
        key="follow_send",
        disabled=not confirmed,
        type="primary",
    ):
        by = ui.current_user()["email"] if ui.auth_configured() else None
        try:
            bar = st.progress(0.0)
            delivery = notify.send(
                messages, settings, store, by=by, progress=lambda n, total: bar.progress(n / total)
            )
        except notify.NotifyError as error:
            st.error(error.message(lang))
        else:
            st.success(t("notify.sent", lang, count=delivery.sent, host=settings.host))
            for failure in delivery.failed:
                st.error(failure.message(lang))
