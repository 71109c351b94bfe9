-- 0004: the near-duplicate index goes back to a B-tree table (internal: not
-- for consumers). Measured after 0003: the FTS5 lookup of 20 OR-ed band
-- terms cost 4-5x more than 20 B-tree probes (0.3 ms on an empty store,
-- 0.9 ms at a million articles), and the scattered band pages 0003 meant to
-- avoid were not what made saves into a large store dearer (that was
-- articles_fts merging). So: one row per (band key, article), probed by key.
--
-- An article of at least the store's minimum number of words has one row
-- per MinHash band; articles sharing a key are near-duplicate candidates,
-- each confirmed by comparing texts. Rows of an article are removed by
-- recomputing its old keys from its old text, so no index on article_id.
-- Filled from the stored articles by the program right after this file
-- runs, in the same transaction.
DROP TABLE dedup_lsh;
CREATE TABLE dedup_bands (
    key        INTEGER NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles(id),
    PRIMARY KEY (key, article_id)
) WITHOUT ROWID;
