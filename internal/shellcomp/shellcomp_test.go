package shellcomp

import (
	"errors"
	"io"
	"strings"
	"testing"
)

func TestWriteBashPutsTheStandInsFirst(t *testing.T) {
	var b strings.Builder
	err := WriteBash(&b, func(w io.Writer) error { _, err := io.WriteString(w, "complete -F __start_x x\n"); return err })
	if err != nil {
		t.Fatal(err)
	}
	got := b.String()
	for _, fn := range []string{"_get_comp_words_by_ref()", "_filedir()"} {
		i := strings.Index(got, fn)
		if i < 0 || i > strings.Index(got, "complete -F") {
			t.Errorf("%s is not defined before the script", fn)
		}
		// Only where the package has not defined its own.
		if !strings.Contains(got, "if ! declare -F "+strings.TrimSuffix(fn, "()")+" ") {
			t.Errorf("%s would replace the package's own", fn)
		}
	}
}

func TestWriteBashWritesNothingWhenTheScriptFails(t *testing.T) {
	var b strings.Builder
	want := errors.New("no script")
	if err := WriteBash(&b, func(io.Writer) error { return want }); !errors.Is(err, want) || b.Len() != 0 {
		t.Errorf("err %v, wrote %q", err, b.String())
	}
}
