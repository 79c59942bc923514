-- newsgraph schema, version 9: the full-text indexes are written once per
-- transaction instead of once per statement. See docs/SCHEMA.md.
--
-- FTS5 holds the words of a transaction in memory, and writes them to its
-- index each time a statement that may have to be undone alone (one with
-- a trigger, such as inserting an entity or a piece of evidence) begins
-- in that transaction, then copies the pages it wrote to that statement's
-- journal. With triggers writing article_fts and evidence_fts as rows
-- were inserted, the index was written some twenty times for one article,
-- a third of the time of storing it (docs/PERFORMANCE.md, "Ingest").
-- Now the triggers list the new rows in fts_pending, and newsgraph indexes
-- them together just before the transaction that stored them commits
-- (db/search.go), and, as it opens a database, those another program's
-- inserts left listed.
CREATE TABLE fts_pending (
    kind TEXT NOT NULL, -- 'article' or 'evidence'
    id   INTEGER NOT NULL,
    PRIMARY KEY (kind, id)
) WITHOUT ROWID;

DROP TRIGGER article_fts_insert;
CREATE TRIGGER article_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO fts_pending (kind, id) VALUES ('article', NEW.id);
END;
DROP TRIGGER evidence_fts_insert;
CREATE TRIGGER evidence_fts_insert AFTER INSERT ON evidence BEGIN
    INSERT INTO fts_pending (kind, id) VALUES ('evidence', NEW.id);
END;

-- A row deleted before it was indexed only leaves the list.
DROP TRIGGER article_fts_delete;
CREATE TRIGGER article_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO article_fts (article_fts, rowid, title, text)
    SELECT 'delete', OLD.id, OLD.title, OLD.text
    WHERE NOT EXISTS (SELECT 1 FROM fts_pending WHERE kind = 'article' AND id = OLD.id);
    DELETE FROM fts_pending WHERE kind = 'article' AND id = OLD.id;
END;
DROP TRIGGER evidence_fts_delete;
CREATE TRIGGER evidence_fts_delete AFTER DELETE ON evidence BEGIN
    INSERT INTO evidence_fts (evidence_fts, rowid, sentence)
    SELECT 'delete', OLD.id, OLD.sentence
    WHERE NOT EXISTS (SELECT 1 FROM fts_pending WHERE kind = 'evidence' AND id = OLD.id);
    DELETE FROM fts_pending WHERE kind = 'evidence' AND id = OLD.id;
END;
