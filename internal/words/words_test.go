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

func TestListsChangeEveryReading(t *testing.T) {
	l := Default().Clone()
	l.Add(FirstSingular, []string{"Yours’truly"})
	l.Add(NumberWords, []string{"Umpteen"})
	l.Remove("we'd")
	if l.Actor("yours'truly") != I || l.Person("yours'truly") != I {
		t.Error("an added singular pronoun is not I")
	}
	if !l.Number("umpteen") {
		t.Error("an added number word is not a number")
	}
	if l.Actor("we'd") != None || l.Person("we'd") != None {
		t.Error("a removed pronoun still counts")
	}
	if Default().Number("umpteen") || Default().Actor("we'd") != We {
		t.Error("changing a clone changed the built-in lists")
	}
	if l.Person("me") != I || l.Actor("me") != None {
		t.Error("an object form must count for the share but not as the actor")
	}
}

func TestValuesAreTheNumberWords(t *testing.T) {
	ones, tens := Ones(), Tens()
	if ones["zero"] != 0 || ones["nineteen"] != 19 || tens["twenty"] != 20 || tens["ninety"] != 90 || len(ones) != 20 || len(tens) != 8 {
		t.Fatalf("ones %v, tens %v", ones, tens)
	}
	for _, m := range []map[string]int64{ones, tens} {
		for w := range m {
			if !Default().Number(w) {
				t.Errorf("%q has a value but is not a number word", w)
			}
		}
	}
}
