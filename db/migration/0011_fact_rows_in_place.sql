-- newsgraph schema, version 11: a new piece of evidence updates its fact
-- row without rewriting the row's index entries. See docs/SCHEMA.md.
--
-- The trigger of version 6 set the row's id (min(id, excluded.id)) in
-- every update. The id is the row's rowid, and an UPDATE that sets the
-- rowid deletes and re-inserts the row in every index of the table (five),
-- whether or not the value changes: most of the cost of storing a piece of
-- evidence for a known fact (docs/PERFORMANCE.md, "Ingest"). The update
-- now leaves the id alone, and a second statement lowers it in the one
-- case it can be lower: the first piece of evidence of a relation whose
-- fact already has a row from other relations (merged entities) with a
-- higher id. A fact's id is the lowest id of its relations that have
-- evidence, so a relation with evidence already cannot lower it, nor can
-- one whose id is above every fact's.
DROP TRIGGER fact_rows_evidence;
CREATE TRIGGER fact_rows_evidence AFTER INSERT ON evidence
BEGIN
    INSERT INTO fact_rows (id, subject_id, type, object_id, symmetric, weight, first_date, last_date,
                           evidence_id, date, date_precision, confidence)
    SELECT r.id,
           CASE WHEN t.symmetric AND coalesce(o.merged_into, o.id) < coalesce(s.merged_into, s.id)
                THEN coalesce(o.merged_into, o.id) ELSE coalesce(s.merged_into, s.id) END,
           r.type,
           CASE WHEN t.symmetric AND coalesce(o.merged_into, o.id) < coalesce(s.merged_into, s.id)
                THEN coalesce(s.merged_into, s.id) ELSE coalesce(o.merged_into, o.id) END,
           t.symmetric, 1, NEW.date, NEW.date, NEW.id, NEW.date, NEW.date_precision, NEW.confidence
    FROM relations r
    JOIN entities s ON s.id = r.subject_id
    JOIN entities o ON o.id = r.object_id
    JOIN relation_types t ON t.name = r.type
    WHERE r.id = NEW.relation_id AND coalesce(s.merged_into, s.id) <> coalesce(o.merged_into, o.id)
    ON CONFLICT (subject_id, type, object_id) DO UPDATE SET
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

-- The rare case, in a trigger of its own so that its guard skips the
-- statement (whose UPDATE of the rowid opens every index) for almost every
-- piece of evidence: a fact's id can only be lowered by a relation whose
-- id is below the highest fact id (not a new relation, which has the
-- highest id), and which has no other evidence yet.
CREATE TRIGGER fact_rows_evidence_id AFTER INSERT ON evidence
WHEN NEW.relation_id < (SELECT max(id) FROM fact_rows)
 AND NOT EXISTS (SELECT 1 FROM evidence WHERE relation_id = NEW.relation_id AND id <> NEW.id)
BEGIN
    UPDATE fact_rows SET id = NEW.relation_id
    WHERE id > NEW.relation_id
      AND (subject_id, type, object_id) = (
          SELECT CASE WHEN t.symmetric AND coalesce(o.merged_into, o.id) < coalesce(s.merged_into, s.id)
                      THEN coalesce(o.merged_into, o.id) ELSE coalesce(s.merged_into, s.id) END,
                 r.type,
                 CASE WHEN t.symmetric AND coalesce(o.merged_into, o.id) < coalesce(s.merged_into, s.id)
                      THEN coalesce(s.merged_into, s.id) ELSE coalesce(o.merged_into, o.id) END
          FROM relations r
          JOIN entities s ON s.id = r.subject_id
          JOIN entities o ON o.id = r.object_id
          JOIN relation_types t ON t.name = r.type
          WHERE r.id = NEW.relation_id);
END;
