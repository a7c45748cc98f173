-- Who and what are the news about? The most mentioned entities of each type.
-- Edit `top_n` below, then run:  newsetl sql --file queries/top_entities_by_type.sql
WITH params AS (SELECT 5 AS top_n)
SELECT s.type, s.name, s.country_code, s.mentions, s.documents, s.events, s.quotes, s.first_seen, s.last_seen
FROM entity_summary s, params
WHERE s.mentions > 0
QUALIFY row_number() OVER (PARTITION BY s.type ORDER BY s.mentions DESC, s.documents DESC, s.name) <= params.top_n
ORDER BY s.type, s.mentions DESC, s.name;
