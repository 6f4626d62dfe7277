"""The demo store shows every rule of issue 12: inactive accounts, CLB accounts known only by
their group, one person with accounts in two schools, and a true conflict."""


def latest_accounts(store):
    return store.sql(
        "SELECT s.school_id, s.username, s.status, s.flags, s.number_source, a.account_type, "
        "a.groups, a.active FROM account_status s JOIN accounts a USING (as_of, school_id, username) "
        "WHERE s.as_of = (SELECT max(as_of) FROM snapshots)"
    )


def test_demo_has_inactive_accounts(demo_store):
    accounts = latest_accounts(demo_store)
    inactive = accounts[accounts["status"] == "inactive"]
    assert len(inactive) >= 10 and not inactive["active"].any()


def test_demo_has_clb_accounts_known_only_by_their_group(demo_store):
    accounts = latest_accounts(demo_store)
    by_group = accounts[
        accounts["account_type"].isna()
        & accounts["groups"].map(lambda g: "CLB-medewerkers" in g)
        & (accounts["status"] != "inactive")
    ]
    assert len(by_group) >= 10
    # external: judged on the linked contact's number, or unlinked
    assert set(by_group["status"]) <= {"ready", "external_unlinked", "invalid"}
    assert (by_group["number_source"] == "contact").any()
    assert (by_group["status"] == "external_unlinked").any()


def test_demo_has_a_same_person_pair_across_schools_and_a_true_conflict(demo_store):
    accounts = latest_accounts(demo_store)
    same = accounts[["same_person_multiple_accounts" in f for f in accounts["flags"]]]
    assert len(same) >= 2 and same["school_id"].nunique() >= 2
    assert set(same["status"]) <= {"ready", "ready_bis"}
    assert (accounts["status"] == "conflict").sum() >= 2
