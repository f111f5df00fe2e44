package prompts

import (
	"fmt"
	"io"

	"github.com/starcoach/starcoach/internal/ui"
)

// List is what `prompts list` prints: every bank with how many questions
// f selects from it, or, with bank named, the questions f selects from
// that bank, as a table or JSON. A bank with none selected prints an
// empty list as JSON, and otherwise says so on warn.
func (l *Library) List(w, warn io.Writer, bank string, f Filter, asJSON bool) error {
	if bank == "" {
		return WriteBanks(w, l.Summaries(f), asJSON)
	}
	b, err := l.Bank(bank)
	if err != nil {
		return err
	}
	selected := *b
	selected.Questions = b.Select(f)
	if selected.Questions == nil {
		selected.Questions = []Question{}
	}
	if asJSON {
		return ui.WriteJSON(w, selected)
	}
	if len(selected.Questions) == 0 {
		fmt.Fprintf(warn, "starcoach: bank %q has no questions%s\n", b.Name, f)
		return nil
	}
	return WriteQuestions(w, selected.Questions)
}

// Show is what `prompts show` prints: the question with the id, in full
// or as JSON, with what an answer to it is listened for by signals (nil
// for nothing); an unknown id says how to list them.
func (l *Library) Show(w io.Writer, id string, signals *SignalSet, asJSON bool) error {
	q, err := l.Find(id)
	if err != nil {
		return fmt.Errorf("%v; list them with: starcoach prompts list --bank BANK", err)
	}
	var listens []Signal
	if signals != nil {
		listens = signals.ListensFor(q)
	}
	return WriteQuestion(w, q, listens, asJSON)
}
