package main

import (
	"testing"

	"newscrawl/config"
)

// TestDefaultMaxBody: fetch's and extract's --max-body default is the
// config's max_body default, written as a size.
func TestDefaultMaxBody(t *testing.T) {
	n, err := parseMaxBody("fetch", defaultMaxBody)
	if err != nil || n != config.DefaultMaxBody {
		t.Errorf("--max-body default %q = %d, %v; want config.DefaultMaxBody %d", defaultMaxBody, n, err, config.DefaultMaxBody)
	}
}
