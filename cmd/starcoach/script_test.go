package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
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
		Cmds:                map[string]func(*testscript.TestScript, bool, []string){"samefigures": sameFigures},
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

// sameFigures is the script command "samefigures FILE...": each file is
// the JSON one command printed (sessions show, report, import, star,
// compare, practice). It finds every answer in them and checks that each
// answer's limit, verdict, pauses by class, filler count and score are the
// same in every file that shows it; then it prints one line per answer,
// "SESSION:N limit=… verdict=… pauses=long:3.5,pause:1.2 fillers=… score=…",
// for the script to check.
func sameFigures(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: samefigures FILE FILE...")
	}
	seen := map[string]string{}      // answer -> its figures
	wholeSeen := map[string]string{} // answer -> all its shared fields
	from := map[string]string{}      // answer -> the file they were first seen in
	for _, name := range args {
		var doc any
		if err := json.Unmarshal([]byte(ts.ReadFile(name)), &doc); err != nil {
			ts.Fatalf("%s: %v", name, err)
		}
		answers := answersIn(doc)
		if len(answers) == 0 {
			ts.Fatalf("%s: no answer in it", name)
		}
		for _, a := range answers {
			key := fmt.Sprintf("%v:%v", a["session"], a["n"])
			got := figuresOf(a)
			if want, ok := seen[key]; ok && want != got {
				ts.Fatalf("answer %s differs:\n  %s: %s\n  %s: %s", key, from[key], want, name, got)
			}
			// Beyond the figures above, every field the views share.
			whole := sharedFields(a)
			if want, ok := wholeSeen[key]; ok && want != whole {
				ts.Fatalf("answer %s differs between %s and %s:\n%s\n%s", key, from[key], name, want, whole)
			}
			seen[key], from[key], wholeSeen[key] = got, name, whole
		}
	}
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(ts.Stdout(), "%s %s\n", k, seen[k])
	}
}

// sharedFields is the answer as JSON without what only one view adds:
// compare's "ref", the stories it looks like ("same_story").
func sharedFields(a map[string]any) string {
	c := map[string]any{}
	for k, v := range a {
		if k != "ref" && k != "same_story" {
			c[k] = v
		}
	}
	b, _ := json.Marshal(c) // map keys come out sorted
	return string(b)
}

// answersIn finds the answer objects of a command's JSON: a document's
// "answers", compare's "a" and "b", star's "answer", or the answer itself.
func answersIn(doc any) []map[string]any {
	m, ok := doc.(map[string]any)
	if !ok {
		return nil
	}
	var out []map[string]any
	if list, ok := m["answers"].([]any); ok {
		for _, a := range list {
			if am, ok := a.(map[string]any); ok {
				out = append(out, am)
			}
		}
		return out
	}
	for _, k := range []string{"a", "b", "answer"} {
		if am, ok := m[k].(map[string]any); ok {
			out = append(out, am)
		}
	}
	if len(out) == 0 && m["schema"] != nil {
		out = append(out, m)
	}
	return out
}

// figuresOf writes the figures every view must agree on; a figure the
// JSON does not carry reads "missing".
func figuresOf(a map[string]any) string {
	get := func(path ...string) any {
		var v any = a
		for _, p := range path {
			m, ok := v.(map[string]any)
			if !ok {
				return "missing"
			}
			if v, ok = m[p]; !ok {
				return "missing"
			}
		}
		return v
	}
	pauses := "missing"
	if list, ok := get("timing", "pauses").([]any); ok {
		var ps []string
		for _, p := range list {
			pm, _ := p.(map[string]any)
			d, _ := pm["duration_s"].(float64)
			ps = append(ps, fmt.Sprintf("%v:%.1f", pm["class"], math.Round(d*10)/10))
		}
		pauses = strings.Join(ps, ",")
	}
	return fmt.Sprintf("limit=%v verdict=%v pauses=%s fillers=%v score=%v",
		get("limit_s"), get("timing", "verdict"), pauses, get("speech", "fillers"), get("star", "score"))
}
