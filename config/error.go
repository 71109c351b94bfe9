package config

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
)

// Sentinel errors callers can branch on with errors.Is. They are wrapped in an
// *Error that carries the line and the field.
var (
	ErrEmpty         = errors.New("empty config")
	ErrUnknownKey    = errors.New("unknown key")
	ErrDuplicateKey  = errors.New("duplicate key")
	ErrDuplicateName = errors.New("duplicate source name")
	ErrNoSources     = errors.New("no sources")
	ErrInvalid       = errors.New("invalid value")
)

// Error is a problem found in a config. Line is 1-based and 0 when the problem
// has no place in the file (a config built in code, an empty file). Field is a
// path such as "sources[2].delay" or "db".
type Error struct {
	File  string // set by Load
	Line  int
	Field string
	Err   error
}

// Error formats as `config: line 12: sources[0].delay: bad duration "1x"`,
// always on one line.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("config: ")
	if e.File != "" {
		b.WriteString(e.File)
		b.WriteString(": ")
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", e.Line)
	}
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	if e.Err != nil {
		// One line, whatever the values quoted in it hold: it ends up as
		// the one line on stderr.
		b.WriteString(strings.NewReplacer("\r", `\r`, "\n", `\n`).Replace(e.Err.Error()))
	} else {
		b.WriteString("invalid")
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// errorf builds an *Error whose Err wraps ErrInvalid unless format wraps
// another error with %w.
func errorf(line int, field, format string, args ...any) *Error {
	err := fmt.Errorf(format, args...)
	if errors.Unwrap(err) == nil {
		err = &invalidError{msg: err.Error()}
	}
	return &Error{Line: line, Field: field, Err: err}
}

// invalidError is a message that also matches ErrInvalid.
type invalidError struct{ msg string }

func (e *invalidError) Error() string        { return e.msg }
func (e *invalidError) Is(target error) bool { return target == ErrInvalid }

// fileError is a config file that could not be read: msg is the whole line
// shown to the user, err the *fs.PathError for errors.Is and errors.As.
type fileError struct {
	msg string
	err error
}

func (e *fileError) Error() string { return e.msg }
func (e *fileError) Unwrap() error { return e.err }

// newFileError words err, an error of opening or reading path, without
// repeating the operation or the path ("read open /x.yaml: ...").
func newFileError(path string, err error) error {
	reason := err.Error()
	var pe *fs.PathError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		reason = "no such file"
	case errors.Is(err, fs.ErrPermission):
		reason = "permission denied"
	case errors.As(err, &pe):
		reason = pe.Err.Error()
	}
	return &fileError{msg: "config: " + path + ": " + reason, err: err}
}
