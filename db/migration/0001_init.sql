-- newsgraph schema, version 1. See docs/SCHEMA.md.

CREATE TABLE articles (
    id          INTEGER PRIMARY KEY,
    source      TEXT NOT NULL,             -- file path, '-' for stdin, or the record's source
    url         TEXT,
    external_id TEXT,                      -- the input's own id (JSON Lines "id")
    title       TEXT,
    published   TEXT,                      -- YYYY-MM-DD, NULL when unknown
    date_source TEXT,                      -- metadata | dateline | caption | flag
    text        TEXT NOT NULL,             -- cleaned text; all offsets point into it
    hash        TEXT NOT NULL UNIQUE,      -- sha256 of text: re-ingesting adds nothing
    ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE sections (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('title', 'caption', 'body')),
    start      INTEGER NOT NULL,           -- code points, as substr() counts (0-based)
    "end"      INTEGER NOT NULL,           -- exclusive
    credit     TEXT                        -- photo credit of a caption
);
CREATE INDEX sections_article ON sections(article_id);

CREATE TABLE entities (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('PERSON', 'ORG', 'GPE', 'LOC', 'NORP', 'EVENT', 'MISC'))
);
CREATE UNIQUE INDEX entities_name_type ON entities(name COLLATE NOCASE, type);

CREATE TABLE aliases (
    entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    alias     TEXT NOT NULL,
    PRIMARY KEY (entity_id, alias)
) WITHOUT ROWID;
CREATE INDEX aliases_alias ON aliases(alias COLLATE NOCASE);

CREATE TABLE mentions (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    entity_id  INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    text       TEXT NOT NULL,
    role       TEXT                        -- title before a person's name
);
CREATE INDEX mentions_entity ON mentions(entity_id);
CREATE INDEX mentions_article ON mentions(article_id);

CREATE TABLE relation_types (
    name          TEXT PRIMARY KEY,
    description   TEXT NOT NULL,
    subject_types TEXT NOT NULL,           -- comma-separated entity types
    object_types  TEXT NOT NULL,
    symmetric     INTEGER NOT NULL DEFAULT 0 CHECK (symmetric IN (0, 1))
);

-- One row per distinct fact; its evidence rows say where it was read.
CREATE TABLE relations (
    id         INTEGER PRIMARY KEY,
    subject_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    type       TEXT NOT NULL REFERENCES relation_types(name),
    object_id  INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    UNIQUE (subject_id, type, object_id)
);
CREATE INDEX relations_object ON relations(object_id);
CREATE INDEX relations_type ON relations(type);

CREATE TABLE evidence (
    id             INTEGER PRIMARY KEY,
    relation_id    INTEGER NOT NULL REFERENCES relations(id) ON DELETE CASCADE,
    article_id     INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    sentence_start INTEGER NOT NULL,
    sentence_end   INTEGER NOT NULL,
    sentence       TEXT NOT NULL,
    date           TEXT,                   -- YYYY-MM-DD the sentence gives, NULL if none
    confidence     REAL NOT NULL CHECK (confidence BETWEEN 0 AND 1),
    rule           TEXT NOT NULL,
    role           TEXT,                   -- role text ("Education Minister")
    modality       TEXT,                   -- NULL for asserted facts, 'planned'
    UNIQUE (relation_id, article_id, sentence_start)
);
CREATE INDEX evidence_article ON evidence(article_id);

-- One row per relation, with its most confident piece of evidence.
CREATE VIEW facts AS
SELECT r.id               AS id,
       s.name             AS subject,
       s.type             AS subject_type,
       r.type             AS relation,
       o.name             AS object,
       o.type             AS object_type,
       e.date             AS date,
       MAX(e.confidence)  AS confidence,
       e.sentence         AS evidence,
       a.title            AS article,
       COUNT(*)           AS weight,
       MIN(e.date)        AS first_date,
       MAX(e.date)        AS last_date,
       e.role             AS role,
       e.modality         AS modality,
       e.rule             AS rule,
       e.article_id       AS article_id,
       r.subject_id       AS subject_id,
       r.object_id        AS object_id,
       t.symmetric        AS symmetric
FROM relations r
JOIN entities s       ON s.id = r.subject_id
JOIN entities o       ON o.id = r.object_id
JOIN relation_types t ON t.name = r.type
JOIN evidence e       ON e.relation_id = r.id
JOIN articles a       ON a.id = e.article_id
GROUP BY r.id;

-- One row per piece of evidence.
CREATE VIEW fact_evidence AS
SELECT r.id AS relation_id, s.name AS subject, r.type AS relation, o.name AS object,
       e.date, e.confidence, e.sentence AS evidence, e.rule, e.role, e.modality,
       a.id AS article_id, a.title AS article, a.source, e.sentence_start, e.sentence_end
FROM evidence e
JOIN relations r ON r.id = e.relation_id
JOIN entities s  ON s.id = r.subject_id
JOIN entities o  ON o.id = r.object_id
JOIN articles a  ON a.id = e.article_id;
