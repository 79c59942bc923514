-- newsgraph schema, version 3: how precise a relation's date is. See
-- docs/SCHEMA.md.

-- day, week, month or year: how much of the date the sentence gave
-- ("Friday", "last week", "in January", "in 2011"); the date is the first
-- day of that period. NULL without a date, and for evidence stored before
-- version 3 (whose dates came from full dates or "April 15": day).
ALTER TABLE evidence ADD COLUMN date_precision TEXT
    CHECK (date_precision IN ('day', 'week', 'month', 'year'));
UPDATE evidence SET date_precision = 'day' WHERE date IS NOT NULL;

-- The facts view, as in version 2, with the date's precision.
DROP VIEW facts;
CREATE VIEW facts AS
WITH k AS (
    SELECT r.id, r.type, t.symmetric,
           CASE WHEN t.symmetric AND ro.root < rs.root THEN ro.root ELSE rs.root END AS subject_id,
           CASE WHEN t.symmetric AND ro.root < rs.root THEN rs.root ELSE ro.root END AS object_id
    FROM relations r
    JOIN entity_roots rs  ON rs.id = r.subject_id
    JOIN entity_roots ro  ON ro.id = r.object_id
    JOIN relation_types t ON t.name = r.type
    WHERE rs.root <> ro.root
), ev AS (
    SELECT k.subject_id, k.type, k.object_id, k.symmetric, e.*,
           ROW_NUMBER() OVER (PARTITION BY k.subject_id, k.type, k.object_id
                              ORDER BY e.confidence DESC, e.date IS NULL, e.id) AS rank,
           COUNT(*)    OVER w AS weight,
           MIN(e.date) OVER w AS first_date,
           MAX(e.date) OVER w AS last_date,
           MIN(k.id)   OVER w AS fact_id
    FROM k JOIN evidence e ON e.relation_id = k.id
    WINDOW w AS (PARTITION BY k.subject_id, k.type, k.object_id)
)
SELECT ev.fact_id    AS id,
       s.name        AS subject,
       s.type        AS subject_type,
       ev.type       AS relation,
       o.name        AS object,
       o.type        AS object_type,
       ev.date       AS date,
       ev.date_precision AS date_precision,
       ev.confidence AS confidence,
       ev.sentence   AS evidence,
       a.title       AS article,
       ev.weight     AS weight,
       ev.first_date AS first_date,
       ev.last_date  AS last_date,
       ev.role       AS role,
       ev.modality   AS modality,
       ev.rule       AS rule,
       ev.article_id AS article_id,
       ev.subject_id AS subject_id,
       ev.object_id  AS object_id,
       ev.symmetric  AS symmetric
FROM ev
JOIN entities s ON s.id = ev.subject_id
JOIN entities o ON o.id = ev.object_id
JOIN articles a ON a.id = ev.article_id
WHERE ev.rank = 1;

