-- event_type_trends: weekly volume of each CAMEO root event type and its share of the week.
-- Weeks start on Monday (ISO weeks).
-- grain: one row per week × event_root_code
-- materialized: table
-- period: week week
WITH weekly AS (
    SELECT
        date_trunc('week', day)::DATE AS week,
        event_root_code,
        count(*)::INTEGER AS events,
        sum(num_mentions)::BIGINT AS mentions
    FROM events
    GROUP BY 1, 2
)
SELECT
    w.week,
    w.event_root_code,
    c.name AS event_root_name,
    c.quad_class,
    w.events,
    w.mentions,
    w.events / sum(w.events) OVER (PARTITION BY w.week) AS share_of_week_events
FROM weekly AS w
LEFT JOIN cameo_event_codes AS c ON c.code = w.event_root_code
ORDER BY w.week, w.event_root_code
