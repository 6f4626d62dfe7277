-- The national-number engine in SQL: the steps of dq.identifiers.check, for whole columns.
--
-- dq.identifiers.sql.install() runs this file on a connection after setting its variables:
--   dq_id_map_from / dq_id_map_to  python-stdnum's table of look-alike characters (full-width
--                                  digits, exotic dashes, dots and spaces) and their ASCII twins;
--   dq_id_year, dq_id_month,       the reference date (the export date at ingest, today in
--   dq_id_day, dq_id_today_key     `dq check`; key = yyyymmdd): nobody is born after it;
--   dq_id_redact_*                 the patterns dq.identifiers.redact uses.
-- WS below is every character Python's str.isspace() accepts (a test keeps the two equal).

-- Step 1: trim surrounding white space.
CREATE OR REPLACE TEMP MACRO dq_id_trim(s) AS
    regexp_replace(s,
        '^[\x{9}-\x{D}\x{1C}-\x{20}\x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}]+|[\x{9}-\x{D}\x{1C}-\x{20}\x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}]+$',
        '', 'g');

-- Step 2: Excel's text markers '... and ="..." around the value.
CREATE OR REPLACE TEMP MACRO dq_id_has_marker(t) AS
    starts_with(t, '''') OR (starts_with(t, '="') AND ends_with(t, '"') AND length(t) >= 3);

CREATE OR REPLACE TEMP MACRO dq_id_unmark(t) AS
    CASE WHEN starts_with(t, '''') THEN t[2:]
         WHEN dq_id_has_marker(t) THEN t[3:-2]
         ELSE t END;

-- Step 3: a long number in scientific notation: whole digits, decimals, exponent ('' = none).
-- The exponent has one to three digits, as spreadsheets and other programs write it (E+10,
-- E+010 from older Windows tools): in 850730E03328 an E was typed for a digit ('format').
-- Lossless (expanded) when there are at least as many decimals as the exponent says and any
-- past it are zeros; expanded, leading zeros of the whole part go (0,85073003328E+11).
CREATE OR REPLACE TEMP MACRO dq_id_scientific_parts(t) AS
    regexp_extract(t, '^([0-9]+)(?:[.,]([0-9]+))?[eE]\+?([0-9]{1,3})$',
                   ['whole', 'fraction', 'exponent']);

CREATE OR REPLACE TEMP MACRO dq_id_scientific_lossless(p) AS
    length(p.fraction) >= TRY_CAST(p.exponent AS BIGINT)
    AND ltrim(p.fraction[TRY_CAST(p.exponent AS BIGINT) + 1:], '0') = '';

CREATE OR REPLACE TEMP MACRO dq_id_scientific_expanded(p) AS
    ltrim(p.whole, '0') || left(p.fraction, TRY_CAST(p.exponent AS BIGINT));

-- Step 4: a float suffix: '.0', ',00' after plain digits, or exactly ',00'/'.00' after thousands
-- groups whose separator is not the decimal one (85.073.003.328,00, 85,073,003,328.00).
CREATE OR REPLACE TEMP MACRO dq_id_has_suffix(t) AS
    regexp_full_match(t,
        '[0-9]+[.,]0+|[0-9]{1,3}(?:\.[0-9]{3})+,00|[0-9]{1,3}(?:,[0-9]{3})+\.00|[0-9]{1,3}(?:[ \x{A0}\x{202F}][0-9]{3})+[.,]00');

CREATE OR REPLACE TEMP MACRO dq_id_unsuffixed(t) AS
    regexp_replace(regexp_replace(t, '[.,]0+$', ''), '[^0-9]', '', 'g');

-- Step 5: separators people type: white space, dots, hyphens and dashes, minus sign, slashes.
CREATE OR REPLACE TEMP MACRO dq_id_strip_separators(t) AS
    regexp_replace(t,
        '[\x{9}-\x{D}\x{1C}-\x{20}\x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}./\-\x{2010}-\x{2015}\x{2212}]+',
        '', 'g');

-- python-stdnum's compact(): map look-alikes to ASCII, then drop spaces, hyphens and dots.
-- The map only changes ASCII characters into other non-digits, which cannot change a
-- verdict, so it runs on non-ASCII values only (strlen counts bytes, length characters).
CREATE OR REPLACE TEMP MACRO dq_id_compact(v) AS
    replace(replace(replace(
        CASE WHEN strlen(v) <> length(v)
             THEN translate(v, getvariable('dq_id_map_from'), getvariable('dq_id_map_to'))
             ELSE v END,
        ' ', ''), '-', ''), '.', '');

-- From here a value is 11 ASCII digits, held as one BIGINT n: YYMMDD = n // 100000,
-- the nine digits before the check digits = n // 100, the check digits = n % 100.

-- The check digits hold for the 1900s or for the 2000s (never both: 2e9 mod 97 = 68); a 2000s
-- year after the reference date is then refused as a birth after it ('date').
CREATE OR REPLACE TEMP MACRO dq_id_is_1900(n) AS 97 - (n // 100) % 97 = n % 100;

CREATE OR REPLACE TEMP MACRO dq_id_checksum_ok(n) AS
    dq_id_is_1900(n) OR 97 - (2000000000 + n // 100) % 97 = n % 100;

-- Days in month m of the year ending in yy; the only century year met, 1900 or 2000, is a
-- leap year only as 2000.
CREATE OR REPLACE TEMP MACRO dq_id_days_in_month(yy, m, is_1900) AS
    CASE WHEN m = 2 THEN 28 + CAST(yy % 4 = 0 AND (yy <> 0 OR NOT is_1900) AS INTEGER)
         ELSE 30 + (m + m // 8) % 2 END;

-- A birth after the reference date; an unknown month (0) or day (0) compares the known part.
CREATE OR REPLACE TEMP MACRO dq_id_born_later(y, m, d) AS
    CASE WHEN m = 0 THEN y > getvariable('dq_id_year')
         WHEN d = 0 THEN y * 100 + m > getvariable('dq_id_year') * 100 + getvariable('dq_id_month')
         ELSE y * 10000 + m * 100 + d > getvariable('dq_id_today_key') END;

-- Step 7 for 11 digits: python-stdnum's stdnum.be.ssn.validate, plus the official rules where
-- they are stricter (README): a known month's real days, no birth after the reference date,
-- no national register serial 000 or 999. A reason code; NULL = valid.
CREATE OR REPLACE TEMP MACRO dq_id_number_reason(n) AS
    CASE
        WHEN NOT dq_id_checksum_ok(n) THEN 'checksum'
        -- months 0-12 (0 = unknown or serials exhausted); BIS: + 20 or + 40
        WHEN NOT ((n // 10000000) % 100 BETWEEN 0 AND 12
               OR (n // 10000000) % 100 BETWEEN 20 AND 32
               OR (n // 10000000) % 100 BETWEEN 40 AND 52) THEN 'date'
        -- the fictitious dates 1900/00/01 and 2000/00/01 (as BIS: month 20 or 40) have no date
        WHEN n // 100000 NOT IN (1, 2001, 4001)
             AND ((n // 10000000) % 20 <> 0
                  AND (n // 100000) % 100 > dq_id_days_in_month(
                      n // 1000000000, (n // 10000000) % 20, dq_id_is_1900(n))
                  OR dq_id_born_later(
                      n // 1000000000 + CASE WHEN dq_id_is_1900(n) THEN 1900 ELSE 2000 END,
                      (n // 10000000) % 20, (n // 100000) % 100)) THEN 'date'
        WHEN (n // 10000000) % 100 < 20 AND (n // 100) % 1000 IN (0, 999) THEN 'serial'
    END;

-- A valid number whose holder is younger than 15 or older than 100 on the reference date
-- (unknown birth years are not judged; an unknown month or day counts as the first).
CREATE OR REPLACE TEMP MACRO dq_id_implausible_age(n) AS
    n // 100000 NOT IN (1, 2001, 4001)
    AND NOT getvariable('dq_id_year') - n // 1000000000
            - CASE WHEN dq_id_is_1900(n) THEN 1900 ELSE 2000 END
            - CAST((n // 10000000) % 20 * 100 + (n // 100000) % 100
                   > getvariable('dq_id_month') * 100 + getvariable('dq_id_day') AS INTEGER)
        BETWEEN 15 AND 100;

-- Step 7 for any compacted text, in stdnum's order: format (not digits, or only zeros),
-- length, then the 11-digit checks.
CREATE OR REPLACE TEMP MACRO dq_id_reason(c) AS
    CASE
        WHEN NOT regexp_full_match(c, '0*[1-9][0-9]*') THEN 'format'
        WHEN length(c) <> 11 THEN 'length'
        ELSE dq_id_number_reason(TRY_CAST(c AS BIGINT))
    END;

-- The kind of a valid number n: BIS numbers carry month + 20 or + 40.
CREATE OR REPLACE TEMP MACRO dq_id_kind(n) AS
    CASE WHEN (n // 10000000) % 100 >= 20 THEN 'bis' ELSE 'nn' END;

-- Step 6: 8 to 10 digits that are valid once padded to 11 (padding does not change n), and
-- then of the 2000s: only people born 2000-2009 lose leading zeros (no KBO number passes).
-- The first digit is no 0: Excel drops every leading zero, so a value with one left was not
-- stored by Excel as a number (a phone number such as 0403078975).
CREATE OR REPLACE TEMP MACRO dq_id_pads_to_valid(v) AS
    CASE WHEN regexp_full_match(v, '[1-9][0-9]{7,9}')
         THEN dq_id_number_reason(TRY_CAST(v AS BIGINT)) IS NULL
              AND NOT dq_id_is_1900(TRY_CAST(v AS BIGINT))
         ELSE false END;

-- Steps 1-7 on one value: a struct with the reason (NULL = valid), the compacted text (the
-- number when valid) and which repairs were made. Each list_transform names the previous
-- step's struct once (a macro argument would be copied wherever it is used). Leading zeros
-- go back only on what Excel stored as a number: plain digits, maybe with a float suffix,
-- never a text-marked value or one with separators.
CREATE OR REPLACE TEMP MACRO dq_id_repair(s) AS
    list_transform(list_transform(list_transform(list_transform(list_transform(list_transform(
        [dq_id_trim(s)],
        lambda t: {'marker': coalesce(dq_id_has_marker(t), false), 'text': dq_id_unmark(t)}),
        lambda a: struct_insert(a, missing := coalesce(a.text = '', true),
                                sci := dq_id_scientific_parts(a.text))),
        lambda b: struct_insert(b,
            scientific := b.sci.whole <> '' AND NOT dq_id_scientific_lossless(b.sci),
            expanded := b.sci.whole <> '' AND dq_id_scientific_lossless(b.sci))),
        lambda c: list_transform(
            [CASE WHEN c.expanded THEN dq_id_scientific_expanded(c.sci) ELSE c.text END],
            lambda base: struct_insert(c,
                suffix := coalesce(dq_id_has_suffix(base), false),
                excel_number := NOT c.marker
                    AND (NOT coalesce(dq_id_has_suffix(base), false)
                         OR regexp_full_match(base, '[0-9]+[.,]0+')),
                unsuffixed := CASE WHEN dq_id_has_suffix(base) THEN dq_id_unsuffixed(base)
                                   ELSE base END))[1]),
        lambda d: struct_insert(d,
            padded := NOT d.missing AND NOT d.scientific AND d.excel_number
                      AND dq_id_pads_to_valid(d.unsuffixed))),
        lambda e: struct_insert(e, compact := dq_id_compact(dq_id_strip_separators(
            CASE WHEN e.padded THEN lpad(e.unsuffixed, 11, '0') ELSE e.unsuffixed END))))
    [1];

-- The repaired value's verdict: reason NULL means valid, and then compact is the number.
CREATE OR REPLACE TEMP MACRO dq_id_judge(r) AS
    CASE WHEN r.missing THEN 'missing'
         WHEN r.scientific THEN 'excel_scientific'
         ELSE dq_id_reason(r.compact) END;

-- The whole engine over a table or view with a VARCHAR column `raw`: its columns plus
-- number, valid, kind, reason, flags (VARCHAR[] in the order the steps ran). Rows come out in
-- no particular order; join or sort on a key of the input.
CREATE OR REPLACE TEMP MACRO dq_id_verdicts(input_table) AS TABLE
WITH source AS MATERIALIZED (
    -- 1: exactly 11 digits (most values): nothing to trim, strip or repair; 2: digit groups
    -- joined by ASCII separators (85.07.30-033.28) without a float suffix: only the separators
    -- go (no repair applies: leading zeros need plain digits); 3: everything else.
    -- 0: nothing at all (NULL or ''): missing, without the repair chain.
    SELECT *,
        CASE WHEN raw IS NULL OR raw = '' THEN 0
             WHEN regexp_full_match(raw, '[0-9]{11}') THEN 1
             WHEN regexp_full_match(raw, '[0-9]+(?:[ ./-][0-9]+)+')
                  AND NOT dq_id_has_suffix(raw) THEN 2
             ELSE 3 END AS id_shape
    FROM query_table(input_table)
), empty AS (
    SELECT * EXCLUDE (id_shape),
        'missing' AS reason, NULL::VARCHAR AS id_compact, NULL::BIGINT AS id_n,
        false AS id_marker, false AS id_expanded, false AS id_suffix, false AS id_padded
    FROM source WHERE id_shape = 0
), plain AS (
    SELECT * EXCLUDE (id_shape),
        CASE WHEN id_n = 0 THEN 'format' ELSE dq_id_number_reason(id_n) END AS reason,
        raw AS id_compact,
        false AS id_marker, false AS id_expanded, false AS id_suffix, false AS id_padded
    FROM (SELECT *, CAST(raw AS BIGINT) AS id_n FROM source WHERE id_shape = 1)
), separated AS (
    -- digits only once the separators go: dq_id_reason without its pattern (only zeros is
    -- 'format', then the length)
    SELECT * EXCLUDE (id_shape),
        CASE WHEN ltrim(id_compact, '0') = '' THEN 'format'
             WHEN length(id_compact) <> 11 THEN 'length'
             ELSE dq_id_number_reason(id_n) END AS reason,
        false AS id_marker, false AS id_expanded, false AS id_suffix, false AS id_padded
    FROM (SELECT *, CASE WHEN length(id_compact) = 11 THEN CAST(id_compact AS BIGINT) END AS id_n
          FROM (SELECT *, translate(raw, ' ./-', '') AS id_compact
                FROM source WHERE id_shape = 2))
), repaired AS (
    SELECT * EXCLUDE (id_shape, id_repair),
        dq_id_judge(id_repair) AS reason,
        id_repair.compact AS id_compact,
        TRY_CAST(id_repair.compact AS BIGINT) AS id_n,
        id_repair.marker AS id_marker,
        id_repair.expanded AS id_expanded,
        id_repair.suffix AS id_suffix,
        id_repair.padded AS id_padded
    FROM (SELECT *, dq_id_repair(raw) AS id_repair FROM source WHERE id_shape = 3)
), judged AS (
    SELECT * FROM empty
    UNION ALL BY NAME
    SELECT * FROM plain
    UNION ALL BY NAME
    SELECT * FROM separated
    UNION ALL BY NAME
    SELECT * FROM repaired
)
-- (id_n: the valid number as a BIGINT)
SELECT * EXCLUDE (id_compact, id_n, id_marker, id_expanded, id_suffix, id_padded),
    CASE WHEN reason IS NULL THEN id_compact END AS number,
    reason IS NULL AS valid,
    CASE WHEN reason IS NULL THEN dq_id_kind(id_n) END AS kind,
    -- most values needed no repair: only the age flag is possible
    CASE WHEN NOT (id_marker OR id_expanded OR id_suffix OR id_padded)
         THEN CASE WHEN reason IS NULL AND dq_id_implausible_age(id_n)
                   THEN ['implausible_age'] ELSE []::VARCHAR[] END
         ELSE list_filter(
            [CASE WHEN id_marker THEN 'excel_text_marker_removed' END,
             CASE WHEN id_expanded THEN 'scientific_notation_expanded' END,
             CASE WHEN id_suffix THEN 'decimal_suffix_removed' END,
             CASE WHEN id_padded THEN 'leading_zero_restored' END,
             CASE WHEN reason IS NULL AND dq_id_implausible_age(id_n) THEN 'implausible_age' END],
            lambda f: f IS NOT NULL) END AS flags
FROM judged;

-- The birth date a valid number n (a BIGINT) encodes, as python-stdnum's get_birth_year/
-- _month/_date read it: NULL for the parts that are unknown (month 00, day 00 or past the
-- month's end, the fictitious dates). The century is the one whose check digits hold.
CREATE OR REPLACE TEMP MACRO dq_id_birth_year(n) AS
    CASE WHEN n // 100000 NOT IN (1, 2001, 4001)
         THEN n // 1000000000 + CASE WHEN dq_id_is_1900(n) THEN 1900 ELSE 2000 END END;

CREATE OR REPLACE TEMP MACRO dq_id_birth_month(n) AS
    CASE WHEN n // 100000 NOT IN (1, 2001, 4001) THEN nullif((n // 10000000) % 20, 0) END;

CREATE OR REPLACE TEMP MACRO dq_id_birth_day(n) AS
    CASE WHEN dq_id_birth_month(n) IS NOT NULL
          AND (n // 100000) % 100 BETWEEN 1 AND dq_id_days_in_month(
              n // 1000000000, dq_id_birth_month(n), dq_id_is_1900(n))
         THEN (n // 100000) % 100 END;

CREATE OR REPLACE TEMP MACRO dq_id_birth_date(n) AS
    make_date(dq_id_birth_year(n), dq_id_birth_month(n), dq_id_birth_day(n));

-- Whether a birth date contradicts the one a valid number n encodes, on the parts the number
-- knows: the year, the month when it is known, the day when the whole date is. A date written
-- with two year digits (30/07/85) has no century (century_known false): the year is
-- compared on its last two digits, as the number writes it.
CREATE OR REPLACE TEMP MACRO dq_id_birth_mismatch(n, born, century_known := true) AS
    dq_id_birth_year(n) IS NOT NULL
    AND (CASE WHEN century_known THEN year(born) <> dq_id_birth_year(n)
              ELSE year(born) % 100 <> dq_id_birth_year(n) % 100 END
         OR coalesce(month(born) <> dq_id_birth_month(n), false)
         OR coalesce(day(born) <> dq_id_birth_day(n), false));

-- Redaction: dq.identifiers.redact itself, as the Python function dq_id_redact_text (install
-- registers it), called only where it can find something. 11 plain digits and the standard
-- layout 85.07.30-033.28 (most number columns) are judged here; otherwise a text needs a
-- run of at least eight digit-like characters with short gaps (dq_id_redact_prefilter), or
-- no ASCII letter and eight characters (a whole value the engine repairs into a number).
-- Anything else has no number.
CREATE OR REPLACE TEMP MACRO dq_id_mask_number(number) AS '••.••.••-•••.' || right(number, 2);

CREATE OR REPLACE TEMP MACRO dq_id_redact_candidate(s) AS
    regexp_matches(s, getvariable('dq_id_redact_prefilter'))
    OR (length(s) >= getvariable('dq_id_redact_min_digits')
        AND NOT regexp_matches(s, '[A-Za-z]'));

CREATE OR REPLACE TEMP MACRO dq_id_redact(s) AS
    CASE WHEN regexp_full_match(s, '[0-9]{11}')
         THEN CASE WHEN dq_id_number_reason(CAST(s AS BIGINT)) IS NULL
                   THEN dq_id_mask_number(s) ELSE s END
         -- the standard layout 85.07.30-033.28: its 11 digits are the only number in it
         WHEN regexp_full_match(s, '[0-9]{2}\.[0-9]{2}\.[0-9]{2}-[0-9]{3}\.[0-9]{2}')
         THEN CASE WHEN dq_id_number_reason(CAST(translate(s, '.-', '') AS BIGINT)) IS NULL
                   THEN dq_id_mask_number(s) ELSE s END
         WHEN dq_id_redact_candidate(s)
         THEN dq_id_redact_text(s, getvariable('dq_id_today_key'))
         ELSE s END;
