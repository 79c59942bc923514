-- newsgraph schema, version 6: the facts view reads a table kept up to
-- date as the database is written, so that a look-up by subject, object,
-- relation type or date is an index seek at any size. See docs/SCHEMA.md.

-- One row per fact between root entities (as the facts view always showed
-- them): relations of merged entities count together; a symmetric fact
-- has the lower root id as subject. weight, first_date and last_date
-- summarise its evidence; evidence_id names its most confident piece (a
-- dated one first among equals, then the oldest), whose date, precision
-- and confidence are copied here to be filtered by index.
CREATE TABLE fact_rows (
    id             INTEGER PRIMARY KEY, -- the lowest id of its relations
    subject_id     INTEGER NOT NULL,
    type           TEXT NOT NULL,
    object_id      INTEGER NOT NULL,
    symmetric      INTEGER NOT NULL,
    weight         INTEGER NOT NULL,
    first_date     TEXT,
    last_date      TEXT,
    evidence_id    INTEGER NOT NULL,
    date           TEXT,
    date_precision TEXT,
    confidence     REAL NOT NULL,
    UNIQUE (subject_id, type, object_id)
);
CREATE INDEX fact_rows_object ON fact_rows(object_id, type);
CREATE INDEX fact_rows_type ON fact_rows(type);
CREATE INDEX fact_rows_date ON fact_rows(date);
CREATE INDEX fact_rows_weight ON fact_rows(weight DESC, confidence DESC);

-- Roots whose facts a merge, split or undo changed: newsgraph recomputes
-- their rows before the transaction that changed them commits.
CREATE TABLE fact_stale (root INTEGER PRIMARY KEY);

-- A new piece of evidence updates its fact in place: one row, whatever the
-- archive's size.
CREATE TRIGGER fact_rows_evidence AFTER INSERT ON evidence
BEGIN
    INSERT INTO fact_rows (id, subject_id, type, object_id, symmetric, weight, first_date, last_date,
                           evidence_id, date, date_precision, confidence)
    SELECT k.id,
           CASE WHEN t.symmetric AND k.ro < k.rs THEN k.ro ELSE k.rs END,
           k.type,
           CASE WHEN t.symmetric AND k.ro < k.rs THEN k.rs ELSE k.ro END,
           t.symmetric, 1, NEW.date, NEW.date, NEW.id, NEW.date, NEW.date_precision, NEW.confidence
    FROM (SELECT r.id, r.type,
                 (SELECT COALESCE(merged_into, id) FROM entities WHERE id = r.subject_id) AS rs,
                 (SELECT COALESCE(merged_into, id) FROM entities WHERE id = r.object_id) AS ro
          FROM relations r WHERE r.id = NEW.relation_id) AS k
    JOIN relation_types t ON t.name = k.type
    WHERE k.rs <> k.ro
    ON CONFLICT (subject_id, type, object_id) DO UPDATE SET
        id = min(id, excluded.id),
        weight = weight + 1,
        first_date = CASE WHEN excluded.first_date IS NULL THEN first_date
                          WHEN first_date IS NULL THEN excluded.first_date
                          ELSE min(first_date, excluded.first_date) END,
        last_date = CASE WHEN excluded.last_date IS NULL THEN last_date
                         WHEN last_date IS NULL THEN excluded.last_date
                         ELSE max(last_date, excluded.last_date) END,
        evidence_id = CASE WHEN excluded.confidence > confidence
                             OR (excluded.confidence = confidence AND date IS NULL AND excluded.date IS NOT NULL)
                           THEN excluded.evidence_id ELSE evidence_id END,
        date = CASE WHEN excluded.confidence > confidence
                      OR (excluded.confidence = confidence AND date IS NULL AND excluded.date IS NOT NULL)
                    THEN excluded.date ELSE date END,
        date_precision = CASE WHEN excluded.confidence > confidence
                                OR (excluded.confidence = confidence AND date IS NULL AND excluded.date IS NOT NULL)
                              THEN excluded.date_precision ELSE date_precision END,
        confidence = max(confidence, excluded.confidence);
END;

-- Merges, splits and undos move entities between roots: mark both roots.
CREATE TRIGGER fact_rows_merge AFTER UPDATE OF merged_into ON entities
WHEN OLD.merged_into IS NOT NEW.merged_into
BEGIN
    INSERT OR IGNORE INTO fact_stale (root) VALUES (COALESCE(OLD.merged_into, OLD.id));
    INSERT OR IGNORE INTO fact_stale (root) VALUES (COALESCE(NEW.merged_into, NEW.id));
END;

-- Evidence removed (an article or entity deleted): mark its fact's roots.
CREATE TRIGGER fact_rows_evidence_gone AFTER DELETE ON evidence
BEGIN
    INSERT OR IGNORE INTO fact_stale (root)
    SELECT COALESCE(e.merged_into, e.id) FROM relations r JOIN entities e ON e.id IN (r.subject_id, r.object_id)
    WHERE r.id = OLD.relation_id;
END;

-- Fill it from what is stored: every root is stale, and newsgraph
-- recomputes the stale roots' facts as it opens the database, right after
-- this migration (db/facts.go), with the code every merge uses.
INSERT INTO fact_stale (root) SELECT id FROM entities WHERE merged_into IS NULL;

-- The facts view, as in version 3, read from fact_rows.
DROP VIEW facts;
CREATE VIEW facts AS
SELECT f.id             AS id,
       s.name           AS subject,
       s.type           AS subject_type,
       f.type           AS relation,
       o.name           AS object,
       o.type           AS object_type,
       f.date           AS date,
       f.date_precision AS date_precision,
       f.confidence     AS confidence,
       e.sentence       AS evidence,
       a.title          AS article,
       f.weight         AS weight,
       f.first_date     AS first_date,
       f.last_date      AS last_date,
       e.role           AS role,
       e.modality       AS modality,
       e.rule           AS rule,
       e.article_id     AS article_id,
       f.subject_id     AS subject_id,
       f.object_id      AS object_id,
       f.symmetric      AS symmetric,
       f.evidence_id    AS evidence_id
FROM fact_rows f
JOIN entities s ON s.id = f.subject_id
JOIN entities o ON o.id = f.object_id
JOIN evidence e ON e.id = f.evidence_id
JOIN articles a ON a.id = e.article_id;

-- Entities by exact name: what a query that names one starts from.
CREATE INDEX entities_name ON entities(name);

-- One row per piece of evidence, named by root entities, with its own id
-- and the id of the fact it supports. A root is joined to its members
-- both ways (a member's root is COALESCE(merged_into, id); a root's
-- members have merged_into = its id, or are it), so that a filter on a
-- name, a relation or an article starts from an index.
DROP VIEW fact_evidence;
CREATE VIEW fact_evidence AS
SELECT r.id AS relation_id, s.name AS subject, r.type AS relation, o.name AS object,
       e.date, e.confidence, e.sentence AS evidence, e.rule, e.role, e.modality,
       a.id AS article_id, a.title AS article, a.source, e.sentence_start, e.sentence_end,
       e.id AS evidence_id, e.date_precision AS date_precision,
       (SELECT f.id FROM fact_rows f
        WHERE f.type = r.type
          AND ((f.subject_id = s.id AND f.object_id = o.id)
            OR (f.symmetric AND f.subject_id = o.id AND f.object_id = s.id))) AS fact_id
FROM evidence e
JOIN relations r ON r.id = e.relation_id
JOIN entities sm ON sm.id = r.subject_id
JOIN entities s  ON s.id = COALESCE(sm.merged_into, sm.id) AND (sm.merged_into = s.id OR sm.id = s.id)
JOIN entities om ON om.id = r.object_id
JOIN entities o  ON o.id = COALESCE(om.merged_into, om.id) AND (om.merged_into = o.id OR om.id = o.id)
JOIN articles a  ON a.id = e.article_id;
