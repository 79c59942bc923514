-- newsgraph schema, version 8: full-text search over articles and evidence,
-- and every name of an entity in one view. See docs/SCHEMA.md.

-- Article titles and texts, and evidence sentences, indexed by FTS5 as
-- external-content tables: the text stays where it is, the index follows
-- it through the triggers below. Query with MATCH:
--   SELECT rowid FROM evidence_fts WHERE evidence_fts MATCH 'ambassador'
-- (rowid is the evidence's or the article's id).
CREATE VIRTUAL TABLE article_fts USING fts5(title, text, content='articles', content_rowid='id');
CREATE VIRTUAL TABLE evidence_fts USING fts5(sentence, content='evidence', content_rowid='id');

CREATE TRIGGER article_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO article_fts (rowid, title, text) VALUES (NEW.id, NEW.title, NEW.text);
END;
CREATE TRIGGER article_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO article_fts (article_fts, rowid, title, text) VALUES ('delete', OLD.id, OLD.title, OLD.text);
END;
CREATE TRIGGER evidence_fts_insert AFTER INSERT ON evidence BEGIN
    INSERT INTO evidence_fts (rowid, sentence) VALUES (NEW.id, NEW.sentence);
END;
CREATE TRIGGER evidence_fts_delete AFTER DELETE ON evidence BEGIN
    INSERT INTO evidence_fts (evidence_fts, rowid, sentence) VALUES ('delete', OLD.id, OLD.sentence);
END;

-- What is stored already.
INSERT INTO article_fts (article_fts) VALUES ('rebuild');
INSERT INTO evidence_fts (evidence_fts) VALUES ('rebuild');

-- Aliases by exact name, as names is filtered.
CREATE INDEX aliases_exact ON aliases(alias);

-- Every name of every root entity: its own, the names of the entities
-- merged into it, and the aliases of all of them. Find an entity by any
-- name it was written as: SELECT entity_id FROM names WHERE name = 'Merkel'.
CREATE VIEW names AS
SELECT e.name AS name, r.id AS entity_id, r.name AS entity, r.type AS type,
       CASE WHEN e.id = r.id THEN 'name' ELSE 'merged' END AS kind
FROM entities e JOIN entities r ON r.id = COALESCE(e.merged_into, e.id)
UNION ALL
SELECT a.alias, r.id, r.name, r.type, 'alias'
FROM aliases a JOIN entities e ON e.id = a.entity_id JOIN entities r ON r.id = COALESCE(e.merged_into, e.id);
