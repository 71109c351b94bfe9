-- 0006: a narrower near-duplicate index (internal: not for consumers).
-- Every band row is a random B-tree leaf that a save reads and writes and
-- the next WAL checkpoint copies: at a million articles, 20 rows per save
-- made a save 1.9x dearer than in a store of a thousand. Now 10 bands of 2
-- minima (as many copies found near the Jaccard threshold), keys in the
-- 32-bit range (4 bytes instead of 8), and the article's simhash in the
-- row, so chance candidates are dropped without reading their text.
-- Filled from the stored articles by the program right after this file
-- runs, in the same transaction.
DROP TABLE dedup_bands;
CREATE TABLE dedup_bands (
    key        INTEGER NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles(id),
    simhash    INTEGER NOT NULL,
    PRIMARY KEY (key, article_id)
) WITHOUT ROWID;
