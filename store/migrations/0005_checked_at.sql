-- 0005: articles.checked_at, when newscrawl last fetched the article, also
-- when the text was unchanged (public, informational). fetched_at still
-- moves only when the text changes, so consumers polling on it see no
-- spurious updates; the crawler's "stored and not changed since?" check
-- (LookupURL) uses the later of the two, so an unchanged article is not
-- re-fetched on every pass. NULL on rows stored before this version and
-- not fetched since. Adding a column rewrites no rows.
ALTER TABLE articles ADD COLUMN checked_at TEXT;
