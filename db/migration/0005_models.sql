-- newsgraph schema, version 5: which models extracted each article. See
-- docs/SCHEMA.md.

-- "tagger=embedded relations=embedded confidences=embedded models=1a2b3c4d5e6f"
-- for the binary's own models, a file's name and the start of its SHA-256
-- for models given with --model, --relation-model and --confidences, and
-- NULL for articles stored before this column existed.
ALTER TABLE articles ADD COLUMN models TEXT;
