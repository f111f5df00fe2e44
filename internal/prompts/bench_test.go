package prompts

import (
	"testing"

	builtin "github.com/starcoach/starcoach/prompts"
)

// BenchmarkLoad is the start-up cost every prompts or practice command
// pays: reading and checking all the built-in banks.
func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(builtin.Builtin(), ""); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPick(b *testing.B) {
	lib, err := Load(builtin.Builtin(), "")
	if err != nil {
		b.Fatal(err)
	}
	rng := seeded(1)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := lib.Pick("amazon-lp", 5, Filter{}, rng); err != nil {
			b.Fatal(err)
		}
	}
}
