-- Who met whom in November 2024?
-- Meetings, talks and visits (PLOVER CONSULT events) with both sides named, in one month.
-- Edit `month` below, then run:  newsetl sql --file queries/who_met_whom.sql
WITH params AS (SELECT DATE '2024-11-01' AS month)
SELECT t.event_date, t.actor, t.target, t.mode, t.trigger, t.place, t.sentence
FROM event_timeline t, params
WHERE t.type = 'CONSULT'
  AND t.actor IS NOT NULL AND t.target IS NOT NULL
  AND date_trunc('month', t.event_date) = params.month
ORDER BY t.event_date, t.actor, t.target;
