-- Which organisations does Armenia interact with, by event type?
-- Events between an organisation and the country, or anyone or anything of that country
-- (its people, cities and its own bodies, by country code), counted per organisation and event type.
-- Edit `country` below (an entity name, e.g. 'Belarus'), then run:
--   newsetl sql --file queries/organisations_by_country.sql
WITH params AS (SELECT 'Armenia' AS country),
country AS (
    SELECT e.entity_id, e.country_code
    FROM entities e, params
    WHERE e.name = params.country AND e.type = 'GPE'
),
sides AS (  -- each event seen from both sides: (side, other side, direction)
    SELECT type, event_id, event_date, sentence, actor_entity_id AS side, target_entity_id AS other, 'to' AS direction
    FROM event_timeline
    UNION ALL
    SELECT type, event_id, event_date, sentence, target_entity_id, actor_entity_id, 'from'
    FROM event_timeline
)
SELECT o.name AS organisation, s.type AS event_type, s.direction, count(DISTINCT s.event_id) AS events,
       min(s.event_date) AS first_date, max(s.event_date) AS last_date, any_value(s.sentence) AS example
FROM sides s
JOIN entities me ON me.entity_id = s.side
JOIN entities o ON o.entity_id = s.other AND o.type = 'ORG'
JOIN country c ON me.entity_id = c.entity_id OR me.country_code = c.country_code
GROUP BY ALL
ORDER BY events DESC, organisation, event_type;
