-- 0003: the near-duplicate index moves from a B-tree table to an FTS5
-- index (internal: not for consumers). dedup_bands took one random B-tree
-- leaf per band per save; at a million articles those scattered page writes
-- made each save (and each WAL checkpoint) several times dearer. FTS5 writes
-- each transaction's terms as a new segment and merges segments in the
-- background of later writes, so a save dirties a few pages whatever the
-- size of the store.
--
-- One row per article long enough to be matched on fingerprints (rowid =
-- articles.id); its text is the article's MinHash band keys, one base-36
-- term each. Contentless: the terms are not stored twice; rows are deleted
-- by rowid. Filled from the stored articles by the program right after
-- this file runs, in the same transaction.
DROP TABLE dedup_bands;
CREATE VIRTUAL TABLE dedup_lsh USING fts5(
    bands,
    content = '', contentless_delete = 1, detail = none,
    tokenize = 'ascii'
);
