package session

import "testing"

func TestCountsTheLatestTakeWithSpeech(t *testing.T) {
	s := &Session{Questions: []Question{{ID: "a"}, {ID: "b"}, {ID: "c"}}, Answers: []Answer{
		{Question: 0, Kind: KindAnswer},                            // 1: taken again by 4
		{Question: 0, Kind: KindFollowUp, Parent: 1},               // 2: a follow-up never counts
		{Question: 1, Kind: KindAnswer},                            // 3: counts
		{Question: 0, Kind: KindAnswer, Retake: 1},                 // 4: the latest take of a with speech
		{Question: 0, Kind: KindAnswer, Retake: 4, NoSpeech: true}, // 5: heard nothing
		{Question: 2, Kind: KindAnswer, NoSpeech: true},            // 6: heard nothing: c unanswered
		{Question: 1, Kind: ""},                                    // 7: an old file's kind: an answer, replaces 3
	}}
	want := []bool{false, false, false, true, false, false, true}
	for i, w := range want {
		if got := s.Counts(i); got != w {
			t.Errorf("answer %d counts %v, want %v", i+1, got, w)
		}
	}
	if got := s.Answered(); got != 2 {
		t.Errorf("%d questions answered, want 2", got)
	}
	for q, w := range []int{3, 6, -1} {
		if got := s.CountedTake(q); got != w {
			t.Errorf("question %d: counted take %d, want %d", q, got, w)
		}
	}
}
