-- events_one_a_day: Phoenix's "one-a-day" de-duplication as a view (nothing is deleted): events that
-- share day, actors and event code but differ in place collapse into one row; the event with the most
-- mentions (then the smallest global_event_id) represents the group.
-- grain: one row per day × actor1_code × actor2_code × event_code
-- materialized: view
SELECT
    arg_min(global_event_id, struct_pack(n := -num_mentions, id := global_event_id)) AS global_event_id,
    day,
    actor1_code,
    actor2_code,
    event_code,
    min(event_root_code) AS event_root_code,
    min(quad_class) AS quad_class,
    min(goldstein_scale) AS goldstein_scale,
    count(*)::INTEGER AS merged_events,
    sum(num_mentions)::BIGINT AS num_mentions
FROM events
GROUP BY day, actor1_code, actor2_code, event_code
