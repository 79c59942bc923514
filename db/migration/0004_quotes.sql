-- newsgraph schema, version 4: quotes. See docs/SCHEMA.md.

-- What a speaker said in an article: in quotation marks (direct = 1) or
-- reported ("Romanowski said the work was not done").
CREATE TABLE quotes (
    id             INTEGER PRIMARY KEY,
    article_id     INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    speaker_id     INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    addressee_id   INTEGER REFERENCES entities(id) ON DELETE CASCADE, -- "told Reuters"
    text           TEXT NOT NULL,
    start          INTEGER NOT NULL,   -- code points of text in the article
    "end"          INTEGER NOT NULL,
    direct         INTEGER NOT NULL CHECK (direct IN (0, 1)),
    sentence_start INTEGER NOT NULL,   -- the sentence with the speech verb
    sentence_end   INTEGER NOT NULL,
    UNIQUE (article_id, speaker_id, start)
);
CREATE INDEX quotes_speaker ON quotes(speaker_id);
