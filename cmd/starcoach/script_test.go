package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/starcoach/starcoach/internal/cli"
	"github.com/starcoach/starcoach/internal/timefmt"
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
		Cmds:                map[string]func(*testscript.TestScript, bool, []string){"samefigures": sameFigures, "samehtml": sameHTML, "tone": tone},
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
// compare's "ref", the stories it looks like ("same_story"), the summary's
// line of what changed from the take it retakes ("change").
func sharedFields(a map[string]any) string {
	c := map[string]any{}
	for k, v := range a {
		if k != "ref" && k != "same_story" && k != "change" {
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

var (
	htmlAnswer  = regexp.MustCompile(`(?s)<section class="answer" id="answer-[^"]*" data-answer="([^"]+)"[^>]*>(.*?)</section>`)
	htmlVerdict = regexp.MustCompile(`<span class="verdict verdict-(\w+)">([^<]*)</span>`)
	htmlScore   = regexp.MustCompile(`STAR score (\d+)/100`)
	htmlPause   = regexp.MustCompile(`<text class="pause-label"[^>]*><title>[^<]*</title>([^<]*)</text>`)
	htmlFiller  = regexp.MustCompile(`<mark class="filler">`)
)

// sameHTML is the script command "samehtml PAGE.html FILE.json": the HTML
// report of a session against the JSON another command printed of it. For
// every answer of the JSON the page must show the same verdict, the same
// long pauses, the same STAR score and as many fillers marked as counted;
// it prints one line per answer, "N verdict=… long=3.5 s fillers=… score=…".
// Where the JSON withholds the filler count (too few words for a rate),
// the page still marks fillers in the text, and only the rest is compared.
func sameHTML(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: samehtml PAGE.html FILE.json")
	}
	page := ts.ReadFile(args[0])
	shown := map[string]string{}
	for _, m := range htmlAnswer.FindAllStringSubmatch(page, -1) {
		n, body := m[1], m[2]
		verdict := "missing"
		if v := htmlVerdict.FindStringSubmatch(body); v != nil {
			verdict = v[1]
		}
		var long []string
		for _, p := range htmlPause.FindAllStringSubmatch(body, -1) {
			long = append(long, p[1])
		}
		score := "<nil>"
		if s := htmlScore.FindStringSubmatch(body); s != nil {
			score = s[1]
		}
		fillers := strconv.Itoa(len(htmlFiller.FindAllString(body, -1)))
		shown[n] = fmt.Sprintf("verdict=%s long=%s fillers=%s score=%s", verdict, strings.Join(long, ","), fillers, score)
	}
	var doc any
	if err := json.Unmarshal([]byte(ts.ReadFile(args[1])), &doc); err != nil {
		ts.Fatalf("%s: %v", args[1], err)
	}
	answers := answersIn(doc)
	if len(answers) == 0 {
		ts.Fatalf("%s: no answer in it", args[1])
	}
	for _, a := range answers {
		n := fmt.Sprint(a["n"])
		want := fmt.Sprintf("verdict=%s long=%s fillers=%s score=%s", jsonVerdict(a), jsonLongPauses(a), jsonFillers(a), jsonScore(a))
		got, ok := shown[n]
		if !ok {
			ts.Fatalf("answer %s of %s is not on %s", n, args[1], args[0])
		}
		if jsonFillers(a) == "withheld" {
			got = regexp.MustCompile(`fillers=\d+`).ReplaceAllString(got, "fillers=withheld")
		}
		if got != want {
			ts.Fatalf("answer %s differs:\n  %s: %s\n  %s: %s", n, args[1], want, args[0], got)
		}
		fmt.Fprintf(ts.Stdout(), "%s %s\n", n, got)
	}
}

func jsonField(a map[string]any, path ...string) any {
	var v any = a
	for _, p := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[p]
	}
	return v
}

func jsonVerdict(a map[string]any) string {
	if v, ok := jsonField(a, "timing", "verdict").(string); ok {
		return v
	}
	return "missing"
}

// jsonLongPauses are the long pauses as the page labels them.
func jsonLongPauses(a map[string]any) string {
	list, _ := jsonField(a, "timing", "pauses").([]any)
	var out []string
	for _, p := range list {
		pm, _ := p.(map[string]any)
		if pm["class"] == "long" {
			d, _ := pm["duration_s"].(float64)
			out = append(out, timefmt.Seconds(d))
		}
	}
	return strings.Join(out, ",")
}

func jsonFillers(a map[string]any) string {
	if f, ok := jsonField(a, "speech", "fillers").(float64); ok {
		return strconv.Itoa(int(f))
	}
	return "withheld"
}

func jsonScore(a map[string]any) string {
	if s, ok := jsonField(a, "star", "score").(float64); ok {
		return strconv.Itoa(int(s))
	}
	return "<nil>"
}
