-- 0007: the near-duplicate index becomes a small log-structured merge tree
-- (internal: not for consumers). See store/pending.go.
--
-- A band row lands at a random place of dedup_bands, so at a million
-- articles every save dirtied ten B-tree leaves that the next WAL
-- checkpoint wrote back one by one: a save cost 1.6x what it cost in a
-- store of a thousand. Now a save appends one row per article to
-- dedup_pending (always the table's last page), and the program looks its
-- keys up in a copy it keeps in memory. When the buffer holds 1/16 of the
-- indexed articles, one save merges it into dedup_bands in key order, so
-- each leaf is written once for many rows.
--
-- dedup_bands is rebuilt: each row carries a 60-bit MinHash sketch of its
-- article instead of the simhash, which lets a quarter as many chance
-- candidates through to a reading of their text; and it has no foreign key, which
-- cost a merge a random read of the articles table per row. A row whose
-- article is gone is dropped when candidates are read. The program fills
-- it from the stored texts right after this file runs, in the same
-- transaction.
DROP TABLE dedup_bands;
CREATE TABLE dedup_bands (
    key        INTEGER NOT NULL,
    article_id INTEGER NOT NULL,
    sketch     INTEGER NOT NULL,
    PRIMARY KEY (key, article_id DESC) -- a key's newest rows first
) WITHOUT ROWID;

-- seq is AUTOINCREMENT: a plain rowid would give the row written for an
-- article's new text the number of the row just deleted for its old text,
-- and a writer that had already copied that number would never see it.
CREATE TABLE dedup_pending (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id INTEGER NOT NULL REFERENCES articles(id),
    sketch     INTEGER NOT NULL,
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
INSERT INTO dedup_state(id, generation, indexed) VALUES (1, 0, 0);
