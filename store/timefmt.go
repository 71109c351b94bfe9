package store

import (
	"database/sql"
	"time"
)

// timeLayout is how every timestamp is stored: RFC 3339 in UTC, whole
// seconds, fixed width — so text order is time order.
const timeLayout = "2006-01-02T15:04:05Z"

// formatTime renders t for a TEXT column; the zero time becomes NULL.
func formatTime(t time.Time) sql.NullString {
	if t.IsZero() {
		return sql.NullString{}
	}
	return sql.NullString{String: t.UTC().Format(timeLayout), Valid: true}
}

// parseTime reads a stored timestamp; NULL or unparsable text gives the zero time.
func parseTime(s sql.NullString) time.Time {
	if !s.Valid || s.String == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339, s.String)
	if err != nil {
		return time.Time{}
	}
	return t
}

func nullString(s string) sql.NullString {
	return sql.NullString{String: s, Valid: s != ""}
}

func nullInt(n int64) sql.NullInt64 {
	return sql.NullInt64{Int64: n, Valid: n != 0}
}
