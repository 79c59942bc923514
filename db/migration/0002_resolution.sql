-- newsgraph schema, version 2: one entity per real-world thing, with every
-- merge recorded and undoable, and graph measures. See docs/SCHEMA.md.

-- An entity merged into another keeps its row (its name, mentions and
-- relations stay as extracted); merged_into names the entity it now belongs
-- to, always a root (an entity with merged_into NULL). Undoing a merge is
-- setting merged_into back.
ALTER TABLE entities ADD COLUMN merged_into INTEGER REFERENCES entities(id);
-- The name normalised for matching: lower case, no diacritics or
-- punctuation, no "al-"/"the" particles ("Mohammed Shia al-Sudani" ->
-- "mohammed shia sudani").
ALTER TABLE entities ADD COLUMN norm TEXT NOT NULL DEFAULT '';
CREATE INDEX entities_merged ON entities(merged_into);
CREATE INDEX entities_norm ON entities(norm, type);

-- Where an alias came from: 'text' (written so in an article) or 'user'
-- (newsgraph alias add).
ALTER TABLE aliases ADD COLUMN source TEXT NOT NULL DEFAULT 'text';

-- Every merge, split and alias, automatic or by a user, in order.
CREATE TABLE merges (
    id         INTEGER PRIMARY KEY,
    action     TEXT NOT NULL CHECK (action IN ('merge', 'split', 'alias')),
    origin     TEXT NOT NULL CHECK (origin IN ('auto', 'user')),
    rule       TEXT NOT NULL,              -- normalised-name, surname, alias, user
    target_id  INTEGER REFERENCES entities(id) ON DELETE CASCADE, -- the entity kept
    source_id  INTEGER REFERENCES entities(id) ON DELETE CASCADE, -- the entity merged in or split out
    alias      TEXT,                       -- the alias added
    evidence   TEXT NOT NULL,              -- why, in words
    moved      TEXT NOT NULL DEFAULT '[]', -- JSON [[entity id, merged_into before]]: what undo restores
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    undone_at  TEXT
);

-- Entities a user split apart: automatic rules never merge them again.
CREATE TABLE kept_apart (
    a        INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    b        INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    merge_id INTEGER REFERENCES merges(id),
    PRIMARY KEY (a, b)
) WITHOUT ROWID;

-- Each entity with the root entity it belongs to.
CREATE VIEW entity_roots AS
SELECT id, COALESCE(merged_into, id) AS root FROM entities;

-- One row per fact between root entities: relations of merged entities
-- count together; the date, evidence and article are those of the most
-- confident piece of evidence.
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

-- One row per piece of evidence, named by root entities.
DROP VIEW fact_evidence;
CREATE VIEW fact_evidence AS
SELECT r.id AS relation_id, s.name AS subject, r.type AS relation, o.name AS object,
       e.date, e.confidence, e.sentence AS evidence, e.rule, e.role, e.modality,
       a.id AS article_id, a.title AS article, a.source, e.sentence_start, e.sentence_end
FROM evidence e
JOIN relations r     ON r.id = e.relation_id
JOIN entity_roots rs ON rs.id = r.subject_id
JOIN entity_roots ro ON ro.id = r.object_id
JOIN entities s      ON s.id = rs.root
JOIN entities o      ON o.id = ro.root
JOIN articles a      ON a.id = e.article_id;

-- Graph measures of root entities, written by newsgraph analyze.
CREATE TABLE entity_metrics (
    entity_id       INTEGER PRIMARY KEY REFERENCES entities(id) ON DELETE CASCADE,
    in_degree       INTEGER NOT NULL,
    out_degree      INTEGER NOT NULL,
    degree          INTEGER NOT NULL,
    weighted_degree REAL NOT NULL,
    pagerank        REAL NOT NULL,
    betweenness     REAL NOT NULL,
    closeness       REAL NOT NULL,
    component       INTEGER NOT NULL,  -- 0 is the largest
    core            INTEGER NOT NULL,  -- k-core number
    community       INTEGER NOT NULL   -- Louvain, 0 is the largest
);

-- Communities within one relation layer (diplomacy, conflict, ...).
CREATE TABLE entity_layers (
    entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    layer     TEXT NOT NULL,
    community INTEGER NOT NULL,
    PRIMARY KEY (entity_id, layer)
) WITHOUT ROWID;

-- When the measures were computed, over what.
CREATE TABLE analyses (
    id          INTEGER PRIMARY KEY,
    computed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    entities    INTEGER NOT NULL,
    relations   INTEGER NOT NULL,
    modularity  REAL NOT NULL,
    communities INTEGER NOT NULL,
    components  INTEGER NOT NULL,
    exact       INTEGER NOT NULL,      -- 1: betweenness and closeness exact; 0: sampled
    filter      TEXT NOT NULL          -- the filter the graph was built with, as given
);
