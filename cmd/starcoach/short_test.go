package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// systemPrograms are the programs scripts run that a fresh machine lacks
// until scripts/deps.sh installs them; `make test-fast` (-short) runs
// without them, and fast.
var systemPrograms = regexp.MustCompile(`(?m)^\s*!?\s*exec\s+(espeak-ng|flite|sox|pocketsphinx_continuous|ffmpeg)\b|--engine\s+pocketsphinx\b`)

// A script that runs a system program skips under -short: the fast tier
// has no system packages, and a synthesised or transcribed answer costs
// seconds. make test runs every script in full.
func TestScriptsNeedingSystemProgramsSkipUnderShort(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("..", "..", "testdata", "script", "*.txtar"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no scripts: %v", err)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		script, _, _ := strings.Cut(string(data), "\n-- ")
		if m := systemPrograms.FindString(script); m != "" && !strings.Contains(script, "\n[short] skip") {
			t.Errorf("%s runs %q but does not skip under -short; add [short] skip 'needs ...: runs in make test, not under -short'", filepath.Base(p), strings.TrimSpace(m))
		}
	}
}
