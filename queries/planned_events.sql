-- What is coming up? Planned events (announced with "will", "plans to", "is scheduled for")
-- dated on or after `since`, soonest first.
-- Edit `since` below, then run:  newsetl sql --file queries/planned_events.sql
WITH params AS (SELECT DATE '2024-11-01' AS since)
SELECT t.event_date, t.date_precision, t.type, t.actor, t.target, t.place, t.sentence, t.reported_on
FROM event_timeline t, params
WHERE t.mode = 'planned' AND t.event_date >= params.since
ORDER BY t.event_date, t.type;
