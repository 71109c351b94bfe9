package crawler

import (
	"database/sql"
	"errors"

	"github.com/mattn/go-sqlite3"
)

// databaseError reports whether err (from the store) is about the database
// itself rather than about the one article or failure being written: the disk
// or quota is full, an I/O error, a read-only or corrupt file, one that is not
// a database or cannot be opened. The pass cannot go on after such an error:
// every next write would fail the same way and nothing would be recorded.
// Errors of one page (no text, a constraint) are not database errors; nor
// is a busy database, which the store's busy timeout already waited out.
func databaseError(err error) bool {
	if err == nil {
		return false
	}
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch se.Code {
		case sqlite3.ErrFull, sqlite3.ErrIoErr, sqlite3.ErrReadonly, sqlite3.ErrCorrupt,
			sqlite3.ErrNotADB, sqlite3.ErrCantOpen, sqlite3.ErrNomem, sqlite3.ErrPerm:
			return true
		}
		return false
	}
	return errors.Is(err, sql.ErrConnDone)
}
