-- 0001: the schema of CONTRACT.md "Database". Never edit a shipped migration; add a new file.

CREATE TABLE articles (
    id            INTEGER PRIMARY KEY,
    url           TEXT NOT NULL UNIQUE,
    source        TEXT,
    title         TEXT,
    byline        TEXT,
    site_name     TEXT,
    lang          TEXT,
    published_at  TEXT,
    modified_at   TEXT,
    fetched_at    TEXT NOT NULL,
    excerpt       TEXT,
    image         TEXT,
    text          TEXT NOT NULL,
    html          TEXT,
    word_count    INTEGER,
    content_hash  TEXT NOT NULL,
    simhash       INTEGER,
    duplicate_of  INTEGER REFERENCES articles(id)
);
CREATE INDEX articles_content_hash ON articles(content_hash);
CREATE INDEX articles_source_id ON articles(source, id);
CREATE INDEX articles_duplicate_of ON articles(duplicate_of) WHERE duplicate_of IS NOT NULL;
CREATE INDEX articles_fetched_at ON articles(fetched_at);

CREATE TABLE article_urls (
    url        TEXT PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id)
);
CREATE INDEX article_urls_article_id ON article_urls(article_id);

CREATE TABLE feeds (
    url             TEXT PRIMARY KEY,
    source          TEXT,
    etag            TEXT,
    last_modified   TEXT,
    last_checked_at TEXT,
    last_status     INTEGER
);

CREATE TABLE runs (
    id               INTEGER PRIMARY KEY,
    source           TEXT,
    started_at       TEXT,
    finished_at      TEXT,
    pages            INTEGER,
    articles_new     INTEGER,
    articles_updated INTEGER,
    errors           INTEGER
);
CREATE INDEX runs_source_id ON runs(source, id);

CREATE TABLE failures (
    id      INTEGER PRIMARY KEY,
    run_id  INTEGER REFERENCES runs(id),
    url     TEXT,
    status  INTEGER,
    error   TEXT,
    at      TEXT
);
CREATE INDEX failures_run_id ON failures(run_id);

-- Full-text index over title and text, kept in sync by triggers in the same
-- transaction as the article row (external content: the text is stored once).
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text,
    content = 'articles', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;

CREATE VIEW unique_articles AS SELECT * FROM articles WHERE duplicate_of IS NULL;
