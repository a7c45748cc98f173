-- What did Imangali Tasmagambetov say about Armenia?
-- Quotes whose speaker's name contains `speaker` and whose words mention `topic`
-- (as a recognised entity or as plain text). Both are case-insensitive.
-- Edit `speaker` and `topic` below, then run:  newsetl sql --file queries/what_did_x_say_about_y.sql
WITH params AS (SELECT 'Tasmagambetov' AS speaker, 'Armenia' AS topic)
SELECT q.speaker, q.quote, q.about, q.published_at, q.title
FROM quotes_by_speaker q, params
WHERE q.speaker ILIKE '%' || params.speaker || '%'
  AND (list_contains(list_transform(q.about, lambda x: lower(x)), lower(params.topic))
       OR q.quote ILIKE '%' || params.topic || '%')
ORDER BY q.published_at DESC NULLS LAST;
