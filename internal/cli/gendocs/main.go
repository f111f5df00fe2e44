// Command gendocs writes starcoach's command reference from its command
// tree, so that the reference and --help are one text: a man page per
// command under docs/man and a Markdown page per command under
// docs/commands. With -check it writes nothing and fails when the files
// under docs/ are not what it would write (make lint runs it).
//
//	go run ./internal/cli/gendocs          # make docs
//	go run ./internal/cli/gendocs -check   # make lint
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"

	"github.com/spf13/cobra/doc"

	"github.com/starcoach/starcoach/internal/cli"
	"github.com/starcoach/starcoach/internal/ui"
)

func main() {
	dir := flag.String("dir", "docs", "the folder that holds man/ and commands/")
	check := flag.Bool("check", false, "write nothing; fail if the files differ from what would be written")
	flag.Parse()
	if err := run(*dir, *check); err != nil {
		fmt.Fprintf(os.Stderr, "gendocs: %v\n", err)
		os.Exit(1)
	}
}

func run(dir string, check bool) error {
	out := dir
	if check {
		tmp, err := os.MkdirTemp("", "gendocs")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		out = tmp
	}
	if err := generate(out); err != nil {
		return err
	}
	if !check {
		return nil
	}
	var stale []string
	for _, sub := range []string{"man", "commands"} {
		d, err := differences(filepath.Join(out, sub), filepath.Join(dir, sub))
		if err != nil {
			return err
		}
		stale = append(stale, d...)
	}
	if len(stale) > 0 {
		for _, s := range stale {
			fmt.Fprintf(os.Stderr, "gendocs: %s is not what the commands say\n", s)
		}
		return fmt.Errorf("%d files out of date: run make docs", len(stale))
	}
	return nil
}

// manDate is the date field of a man page's header, which cobra fills
// with today's date: left empty, so that the pages change only when the
// commands do.
var manDate = regexp.MustCompile(`(?m)^(\.TH "[^"]*" "[^"]*" )"[^"]*"`)

func generate(dir string) error {
	env := &cli.Env{Streams: ui.System(), Getenv: func(string) string { return "" }}
	root := cli.NewRootCmd(env)
	root.DisableAutoGenTag = true
	root.InitDefaultCompletionCmd()
	manDir, mdDir := filepath.Join(dir, "man"), filepath.Join(dir, "commands")
	for _, d := range []string{manDir, mdDir} {
		if err := os.RemoveAll(d); err != nil {
			return err
		}
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	header := &doc.GenManHeader{Title: "STARCOACH", Section: "1", Source: "starcoach", Manual: "starcoach manual"}
	if err := doc.GenManTree(root, header, manDir); err != nil {
		return err
	}
	if err := doc.GenMarkdownTree(root, mdDir); err != nil {
		return err
	}
	pages, err := filepath.Glob(filepath.Join(manDir, "*.1"))
	if err != nil {
		return err
	}
	for _, p := range pages {
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.WriteFile(p, manDate.ReplaceAll(b, []byte(`$1""`)), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// differences lists the files that differ between the folders want and
// have, either way.
func differences(want, have string) ([]string, error) {
	names := map[string]bool{}
	for _, d := range []string{want, have} {
		entries, err := os.ReadDir(d)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		for _, e := range entries {
			names[e.Name()] = true
		}
	}
	var out []string
	for n := range names {
		a, errA := os.ReadFile(filepath.Join(want, n))
		b, errB := os.ReadFile(filepath.Join(have, n))
		for _, err := range []error{errA, errB} {
			if err != nil && !errors.Is(err, fs.ErrNotExist) {
				return nil, err
			}
		}
		if errA != nil || errB != nil || !bytes.Equal(a, b) {
			out = append(out, filepath.Join(have, n))
		}
	}
	sort.Strings(out)
	return out, nil
}
