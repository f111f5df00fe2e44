package words

import "testing"

func TestActorOf(t *testing.T) {
	for w, want := range map[string]Actor{
		"i": I, "i'm": I, "myself": I, "we": We, "we've": We, "ourselves": We,
		"me": None, "my": None, "our": None, "us": None, "it": None, "": None,
	} {
		if got := ActorOf(w); got != want {
			t.Errorf("ActorOf(%q) = %d, want %d", w, got, want)
		}
	}
}
