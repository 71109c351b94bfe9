-- 0002: the near-duplicate index (internal: not for consumers) and the
-- duplicate count of a run.

-- One row per (MinHash band key, article): an article with at least the
-- store's minimum number of words has one row per band. Articles sharing a
-- key are near-duplicate candidates; the lookup is one index probe per band,
-- whatever the size of the store. Rows of an article are removed by
-- recomputing its old keys from its old text, so no index on article_id.
CREATE TABLE dedup_bands (
    key        INTEGER NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles(id),
    PRIMARY KEY (key, article_id)
) WITHOUT ROWID;

ALTER TABLE runs ADD COLUMN articles_duplicate INTEGER;
