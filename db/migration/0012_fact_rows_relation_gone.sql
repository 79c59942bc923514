-- newsgraph schema, version 12: a deleted relation marks its fact stale.
-- See docs/SCHEMA.md.
--
-- A relation deleted by another program (or with its entity, through ON
-- DELETE CASCADE) takes its evidence with it, but SQLite deletes the
-- evidence after the relation row, so fact_rows_evidence_gone, which
-- finds the fact's roots through the relation, found nothing: the fact
-- kept its row, weight and evidence id, and a new relation that reused
-- the deleted one's id (SQLite reuses the highest rowid once deleted)
-- failed on that row's id. Now the relation's own deletion marks the
-- roots of its subject and object, and those entities themselves (a
-- deleted entity has no row left to find its root by), for newsgraph to
-- recompute (refreshStale: before its own write commits, or as it next
-- opens the file for writing).
CREATE TRIGGER fact_rows_relation_gone AFTER DELETE ON relations
BEGIN
    INSERT OR IGNORE INTO fact_stale (root) VALUES (OLD.subject_id), (OLD.object_id);
    INSERT OR IGNORE INTO fact_stale (root)
    SELECT COALESCE(merged_into, id) FROM entities WHERE id IN (OLD.subject_id, OLD.object_id);
END;
