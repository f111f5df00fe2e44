package main

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/starcoach/starcoach/internal/cli"
)

var update = flag.Bool("update", false, "rewrite cmp files in scripts that fail")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"starcoach": func() { os.Exit(cli.Main()) },
	})
}

// TestScripts runs the end-to-end command-line scripts in testdata/script.
// Each script gets its own home, data and config directories.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 filepath.Join("..", "..", "testdata", "script"),
		RequireExplicitExec: true,
		UpdateScripts:       *update,
		Setup: func(env *testscript.Env) error {
			home := filepath.Join(env.WorkDir, "home")
			env.Setenv("HOME", home)
			env.Setenv("XDG_DATA_HOME", filepath.Join(home, ".local", "share"))
			env.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
			env.Setenv("STARCOACH_HOME", "")
			env.Setenv("TESTDATA", testdataDir())
			return os.MkdirAll(home, 0o755)
		},
	})
}

func testdataDir() string {
	d, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		panic(err)
	}
	return d
}
