package main

import (
	"bufio"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
)

// TestMain lets a test run this test binary as the real newscrawl (main, with its signal
// handling and exit codes): NEWSCRAWL_RUN_MAIN=1 makes it call main instead of the tests.
func TestMain(m *testing.M) {
	if os.Getenv("NEWSCRAWL_RUN_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

func TestRunExitsZeroOnSIGTERM(t *testing.T) {
	srv := newNewsSite(t, nil)
	cfg := writeConfig(t, map[string]string{"world": srv.URL + "/feeds/world.rss"})

	cmd := exec.CommandContext(t.Context(), os.Args[0], "--log-format", "json", "run", "--config", cfg)
	cmd.Env = append(os.Environ(), "NEWSCRAWL_RUN_MAIN=1")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait for the first pass to end, then stop the process as systemd or Ctrl-C would.
	sc := bufio.NewScanner(stderr)
	var log []string
	for sc.Scan() {
		log = append(log, sc.Text())
		if strings.Contains(sc.Text(), `"msg":"pass finished"`) {
			break
		}
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	for sc.Scan() {
		log = append(log, sc.Text())
	}
	err = cmd.Wait()
	if err != nil {
		t.Errorf("run after SIGTERM: %v, want exit 0; stderr:\n%s", err, strings.Join(log, "\n"))
	}
	if len(log) == 0 || !strings.Contains(log[len(log)-1], `"msg":"stopped"`) {
		t.Errorf("the log does not end with the stop:\n%s", strings.Join(log, "\n"))
	}
}
