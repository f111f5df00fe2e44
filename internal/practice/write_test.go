package practice

import (
	"bytes"
	"encoding/json"
	"testing"
)

func TestWriteIsTheJSONOrTheText(t *testing.T) {
	sum := &Summary{}
	var j, txt, want bytes.Buffer
	if err := Write(&j, sum, true); err != nil {
		t.Fatal(err)
	}
	if !json.Valid(j.Bytes()) {
		t.Errorf("not JSON: %s", j.String())
	}
	if err := Write(&txt, sum, false); err != nil {
		t.Fatal(err)
	}
	if err := WriteText(&want, sum); err != nil {
		t.Fatal(err)
	}
	if txt.String() != want.String() || json.Valid(txt.Bytes()) {
		t.Errorf("text: %q; want WriteText's %q", txt.String(), want.String())
	}
}
