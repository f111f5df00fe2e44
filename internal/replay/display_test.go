package replay

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/starcoach/starcoach/internal/star"
)

func displayTracks() []Track {
	return []Track{
		{Number: 2, Question: "Tell me about a deadline you rescued.", DurationS: 107, Spans: []Span{{0, 107}},
			Sections: []Section{{star.S, Span{1, 20}}, {star.A, Span{20, 90}}, {star.R, Span{90, 106}}},
			Lines:    []Line{{Span{1, 20}, "Our release was slipping by two weeks."}, {Span{20, 40}, "So I split the work into two streams."}}},
		{Number: 3, DurationS: 60, Spans: []Span{{30, 40}, {45, 60}}},
	}
}

func TestStatusLine(t *testing.T) {
	d := &Display{Tracks: displayTracks(), Total: 3, Width: 100}
	got := d.StatusLine(Status{Track: 0, PositionS: 32.4})
	want := "> 2 0:32/1:47 [======              ] Action  So I split the work into two streams."
	if got != want {
		t.Errorf("status line\n got %q\nwant %q", got, want)
	}
	if got := d.StatusLine(Status{Track: 0, PositionS: 0.5, Paused: true}); got != "|| 2 0:00/1:47 [                    ]" {
		t.Errorf("paused at the start: %q", got)
	}
	d.Width = 40
	if got := d.StatusLine(Status{Track: 0, PositionS: 32.4}); len([]rune(got)) != 39 || !strings.HasSuffix(got, "…") {
		t.Errorf("cut to 40 columns: %q", got)
	}
}

// Off a terminal each answer gets its line when it starts being heard and
// nothing else is written; on one the status line is redrawn in place and
// cleared before the next heading.
func TestDisplay(t *testing.T) {
	var out, errOut bytes.Buffer
	d := &Display{Out: &out, Err: &errOut, Tracks: displayTracks(), Total: 3}
	for _, st := range []Status{{0, 0, false}, {0, 50, false}, {1, 30, false}, {1, 60, false}} {
		d.Update(st)
	}
	d.Done()
	want := "answer 2 of 3  (1:47)  Tell me about a deadline you rescued.\nanswer 3 of 3  (0:30-1:00 of 1:00) 25 s played\n"
	if out.String() != want || errOut.Len() != 0 {
		t.Errorf("stdout %q, stderr %q; want stdout %q", out.String(), errOut.String(), want)
	}

	out.Reset()
	now := time.Unix(0, 0)
	d = &Display{Out: &out, Err: &errOut, Tracks: displayTracks(), Total: 3, Status: true, CRLF: true, Now: func() time.Time { return now }}
	d.Update(Status{Track: 0, PositionS: 1})
	d.Update(Status{Track: 0, PositionS: 2}) // too soon to redraw
	now = now.Add(time.Second)
	d.Update(Status{Track: 0, PositionS: 3})
	d.Update(Status{Track: 1, PositionS: 31})
	d.Done()
	if !strings.HasSuffix(out.String(), "\r\n") || strings.Count(out.String(), "answer") != 2 {
		t.Errorf("headings %q", out.String())
	}
	if n := strings.Count(errOut.String(), "\r\x1b[K> "); n != 3 {
		t.Errorf("%d status lines drawn, want 3: %q", n, errOut.String())
	}
	if !strings.HasSuffix(errOut.String(), "\r\x1b[K") {
		t.Errorf("status line not cleared at the end: %q", errOut.String())
	}
}
