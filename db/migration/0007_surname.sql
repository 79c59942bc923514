-- newsgraph schema, version 7: a person's surname looked up by index.
-- Resolution asks, for every new person, who else has that surname; it
-- used to match `norm LIKE '% name'`, a scan of every entity, so that an
-- article cost more the larger the archive. See docs/SCHEMA.md.

-- The last word of a name of two words or more, normalised ("sudani" for
-- "Mohammed Shia al-Sudani"); '' for a one-word name. rtrim(norm, every
-- character of norm but the space) keeps norm up to its last space.
ALTER TABLE entities ADD COLUMN surname TEXT NOT NULL DEFAULT '';
UPDATE entities SET surname = substr(norm, length(rtrim(norm, replace(norm, ' ', ''))) + 1)
WHERE instr(norm, ' ') > 0;
CREATE INDEX entities_surname ON entities(surname, type);

CREATE TRIGGER entities_surname_insert AFTER INSERT ON entities
WHEN instr(NEW.norm, ' ') > 0
BEGIN
    UPDATE entities SET surname = substr(NEW.norm, length(rtrim(NEW.norm, replace(NEW.norm, ' ', ''))) + 1)
    WHERE id = NEW.id;
END;

CREATE TRIGGER entities_surname_update AFTER UPDATE OF norm ON entities
BEGIN
    UPDATE entities SET surname = CASE WHEN instr(NEW.norm, ' ') > 0
        THEN substr(NEW.norm, length(rtrim(NEW.norm, replace(NEW.norm, ' ', ''))) + 1) ELSE '' END
    WHERE id = NEW.id;
END;
