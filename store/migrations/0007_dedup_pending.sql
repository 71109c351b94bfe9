-- 0007: a write buffer in front of the near-duplicate index (internal: not
-- for consumers). A band row lands at a random place of dedup_bands, so at a
-- million articles every save dirtied ten B-tree leaves that the next WAL
-- checkpoint wrote back one by one: a save cost 1.6x what it cost in a store
-- of a thousand. Now a save appends one row per article to dedup_pending
-- (always the table's last page), and the program looks its keys up in a
-- copy it keeps in memory. When the buffer holds 1/16 of the indexed
-- articles, one save merges it into dedup_bands in key order, so each leaf
-- is written once for many rows. See store/pending.go.
--
-- dedup_bands loses its foreign key: a merge inserted hundreds of thousands
-- of rows, and checking each one's article cost a random read of the
-- articles table per row, two thirds of the merge. Its rows come from
-- dedup_pending, which keeps the key, and a row whose article is gone is
-- dropped when candidates are read. The copy is in key order (appends).
CREATE TABLE dedup_bands_new (
    key        INTEGER NOT NULL,
    article_id INTEGER NOT NULL,
    simhash    INTEGER NOT NULL,
    PRIMARY KEY (key, article_id)
) WITHOUT ROWID;
INSERT INTO dedup_bands_new(key, article_id, simhash)
    SELECT key, article_id, simhash FROM dedup_bands ORDER BY key, article_id;
DROP TABLE dedup_bands;
ALTER TABLE dedup_bands_new RENAME TO dedup_bands;
-- seq is AUTOINCREMENT: a plain rowid would give the row written for an
-- article's new text the number of the row just deleted for its old text,
-- and a writer that had already copied that number would never see it.
CREATE TABLE dedup_pending (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id INTEGER NOT NULL REFERENCES articles(id),
    simhash    INTEGER NOT NULL,
    keys       BLOB NOT NULL -- the band keys, 4 bytes each, big-endian
);
CREATE INDEX dedup_pending_article_id ON dedup_pending(article_id);

-- One row. generation moves with every merge, so a process whose copy of
-- dedup_pending is older reloads it; indexed is the number of articles in
-- dedup_bands, which sizes the buffer.
CREATE TABLE dedup_state (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    generation INTEGER NOT NULL,
    indexed    INTEGER NOT NULL
);
INSERT INTO dedup_state(id, generation, indexed)
    SELECT 1, 0, count(DISTINCT article_id) FROM dedup_bands;
