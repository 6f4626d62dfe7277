-- The facts the rules in dq/rules.toml are written against: one row per account of one
-- snapshot, with the number that counts for it (its own, or for an external account its
-- linked contact person's) and what the whole snapshot says about that number.
-- Needs temp table policy_modules(module_id, requires_2fa) and the store attached as `store`.

-- name: facts
CREATE OR REPLACE TEMP TABLE account_facts AS
WITH acc AS (
    SELECT * FROM store.accounts WHERE as_of = $as_of
), cont AS (
    SELECT * FROM store.contacts WHERE as_of = $as_of
), contact_links AS (
    -- linked by the contact id on the account, or by the username on the contact person
    SELECT a.school_id, a.username, c.contact_id
    FROM acc a, unnest(a.contact_ids) AS u(contact_id) JOIN cont c ON c.contact_id = u.contact_id
    UNION
    SELECT a.school_id, a.username, c.contact_id
    FROM (SELECT contact_id, unnest(usernames) AS linked FROM cont) c
    JOIN acc a ON lower(a.username) = c.linked
), linked AS (
    -- the best linked contact: a valid number first, then any number
    SELECT l.school_id, l.username,
        first({'valid': c.number_valid, 'present': c.number_present, 'kind': c.number_kind,
               'reason': c.number_reason, 'flags': c.number_flags, 'hash': c.number_hash,
               'last_name': c.last_name, 'first_name': c.first_name}
              ORDER BY c.number_valid DESC, c.number_present DESC, c.contact_id) AS c
    FROM contact_links l JOIN cont c USING (contact_id)
    GROUP BY l.school_id, l.username
), module_need AS (
    SELECT a.school_id, a.username,
        bool_or(coalesce(p.requires_2fa, true)) AS requires_2fa,
        bool_or(p.module_id IS NULL) AS has_unknown_module
    FROM acc a, unnest(a.modules) AS m(module_id)
    LEFT JOIN policy_modules p ON p.module_id = m.module_id
    GROUP BY a.school_id, a.username
), own AS (
    SELECT a.*,
        coalesce(a.account_type = 'external', false) OR len(a.contact_ids) > 0 OR l.c IS NOT NULL
            AS is_external,
        l.c AS contact,
        coalesce(mn.requires_2fa, true) AS requires_2fa,
        coalesce(mn.has_unknown_module, true) AS has_unknown_module
    FROM acc a
    LEFT JOIN linked l USING (school_id, username)
    LEFT JOIN module_need mn USING (school_id, username)
), chosen AS (
    SELECT *,
        CASE
            WHEN number_valid THEN 'own'
            WHEN is_external AND coalesce(contact.valid, false) THEN 'contact'
            WHEN number_present THEN 'own'
            WHEN is_external AND coalesce(contact.present, false) THEN 'contact'
            ELSE 'own'
        END AS number_source
    FROM own
), effective AS (
    SELECT * EXCLUDE (number_valid, number_present, number_kind, number_reason, number_flags,
                      number_hash),
        number_valid AS own_valid,
        CASE number_source WHEN 'contact' THEN contact.present ELSE number_present END AS number_present,
        CASE number_source WHEN 'contact' THEN contact.valid ELSE number_valid END AS number_valid,
        CASE number_source WHEN 'contact' THEN contact.kind ELSE number_kind END AS number_kind,
        CASE number_source WHEN 'contact' THEN contact.reason ELSE number_reason END AS number_reason,
        CASE number_source WHEN 'contact' THEN contact.flags ELSE number_flags END AS number_flags,
        CASE number_source WHEN 'contact' THEN contact.hash ELSE number_hash END AS number_hash,
        -- names compared folded: no case, accents, spaces, hyphens or apostrophes
        nullif(regexp_replace(lower(strip_accents(
            coalesce(last_name, contact.last_name, '') || coalesce(first_name, contact.first_name, ''))),
            '[\s\-''’`]', '', 'g'), '') AS name_key,
        starts_with(lower(username), lower($webservice_prefix)) AS is_webservice
    FROM chosen
), people AS (
    -- who else carries each valid number: service accounts named by the convention are no
    -- person and take no part; an account without any name counts as a person of its own
    SELECT number_hash, coalesce(name_key, '#' || school_id || '/' || username) AS person
    FROM effective
    WHERE number_valid AND NOT is_webservice
), per_number AS (
    SELECT number_hash, count(DISTINCT person) AS people FROM people GROUP BY number_hash
), per_person AS (
    SELECT number_hash, person, count(*) AS accounts FROM people GROUP BY number_hash, person
)
SELECT e.*,
    coalesce(e.account_type = 'webservice', false)
        OR regexp_matches(lower(e.username || ' ' || coalesce(e.last_name, '') || ' ' || coalesce(e.first_name, '')),
                          $service_words)
        OR (e.last_name IS NULL AND e.first_name IS NULL AND NOT e.is_external) AS looks_like_service,
    coalesce(e.number_valid AND NOT e.is_webservice AND n.people > 1, false) AS has_conflict,
    coalesce(e.number_valid AND NOT e.is_webservice AND e.name_key IS NOT NULL AND p.accounts > 1, false)
        AS same_person_elsewhere,
    e.has_login_column
        AND (e.last_login IS NULL OR e.last_login < $as_of::DATE - to_days($stale_days::INTEGER)) AS is_stale
FROM effective e
LEFT JOIN per_number n ON n.number_hash = e.number_hash
LEFT JOIN per_person p ON p.number_hash = e.number_hash AND p.person = e.name_key;

-- name: streaks
-- failing_since: the first snapshot of the account's current unbroken failing streak, carried
-- over from the previous snapshot of the store when the account was failing there too.
UPDATE store.account_status AS s
SET failing_since = CASE
        WHEN s.status NOT IN ('missing', 'invalid', 'conflict', 'external_unlinked') THEN NULL
        WHEN p.status IN ('missing', 'invalid', 'conflict', 'external_unlinked') THEN p.failing_since
        ELSE s.as_of
    END
FROM (SELECT s2.school_id, s2.username AS key_username, prev.status, prev.failing_since
      FROM store.account_status s2
      LEFT JOIN store.account_status prev
        ON prev.as_of = (SELECT max(as_of) FROM store.snapshots WHERE as_of < $as_of)
       AND prev.school_id = s2.school_id AND lower(prev.username) = lower(s2.username)
      WHERE s2.as_of = $as_of) AS p
WHERE s.as_of = $as_of AND s.school_id = p.school_id AND s.username = p.key_username;

-- name: metrics
-- Counts of every status per snapshot: in total and per school (each account once), per
-- module and per school x module (each account once in each of its modules).
INSERT INTO store.snapshot_metrics
WITH counted AS (
    SELECT as_of, school_id, status, metric_modules FROM store.account_status WHERE as_of = $as_of
), per_module AS (
    SELECT as_of, school_id, unnest(metric_modules) AS module, status FROM counted
)
SELECT as_of, dimension, school_id, module,
    count(*) AS accounts,
    count_if(status IN ('ready', 'ready_bis', 'missing', 'invalid', 'conflict', 'external_unlinked')) AS in_scope,
    count_if(status = 'ready') AS ready,
    count_if(status = 'ready_bis') AS ready_bis,
    count_if(status = 'exempt') AS exempt,
    count_if(status = 'missing') AS missing,
    count_if(status = 'invalid') AS invalid,
    count_if(status = 'conflict') AS conflict,
    count_if(status = 'external_unlinked') AS external_unlinked,
    count_if(status = 'not_required') AS not_required
FROM (
    SELECT as_of, 'total' AS dimension, NULL::VARCHAR AS school_id, NULL::VARCHAR AS module, status FROM counted
    UNION ALL
    SELECT as_of, 'school', school_id, NULL, status FROM counted
    UNION ALL
    SELECT as_of, 'module', NULL, module, status FROM per_module
    UNION ALL
    SELECT as_of, 'school_module', school_id, module, status FROM per_module
)
GROUP BY ALL;
