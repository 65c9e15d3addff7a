-- stg_event_mentions: the event mentions that count towards events (neither negated nor
-- hypothetical), with the reporting article's outlet, URL, times and near-duplicate group.
-- mention_rowid is the event_mentions row id, valid within one query only (the events model uses it
-- to fetch the chosen mentions); first_seen_key orders mentions for "first report" (unique per mention).
-- grain: one row per mention_id
-- materialized: view
SELECT
    m.*, m.rowid AS mention_rowid,
    a.source_name,
    coalesce(a.url, a.canonical_url) AS article_url,
    a.published_at,
    a.ingested_at,
    coalesce(a.duplicate_of, m.article_id) AS article_group_id,
    struct_pack(
        t := coalesce(a.published_at, a.ingested_at, TIMESTAMPTZ '9999-12-31 00:00:00+00'),
        a := m.article_id,
        s := m.sentence_index,
        o := m.action_char_offset,
        m := m.mention_id
    ) AS first_seen_key
FROM event_mentions AS m
LEFT JOIN articles AS a ON a.article_id = m.article_id
WHERE NOT m.is_negated AND NOT m.is_hypothetical
