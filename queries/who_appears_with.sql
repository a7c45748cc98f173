-- Who appears alongside Aleksandr Lukashenko?
-- Entities named in the same sentences (then the same documents) as `entity`, strongest first.
-- Edit `entity` below (exact entity name), then run:  newsetl sql --file queries/who_appears_with.sql
WITH params AS (SELECT 'Aleksandr Lukashenko' AS entity),
pairs AS (  -- entity_cooccurrence lists each pair once; look at it from both ends
    SELECT name_a AS name, name_b AS other, type_b AS other_type, sentences, documents FROM entity_cooccurrence
    UNION ALL
    SELECT name_b, name_a, type_a, sentences, documents FROM entity_cooccurrence
)
SELECT p.other, p.other_type, p.sentences, p.documents
FROM pairs p, params
WHERE p.name = params.entity
ORDER BY p.sentences DESC, p.documents DESC, p.other;
