// Package words holds the word sets more than one measure of an answer
// needs, so that they count the same words: who acts in a clause ("I" or
// "we"), for the STAR check's ownership, the follow-up probes and the
// check of a follow-up reply.
package words

// Actor is who a subject pronoun puts in charge.
type Actor uint8

// Actors.
const (
	None Actor = iota
	I          // the speaker alone
	We         // the team
)

// ActorOf says who the lower-case word w, as a subject, puts in charge:
// "i", "i'm", "i've", "i'd", "i'll" and "myself" are I; "we", "we're",
// "we've", "we'd", "we'll" and "ourselves" are We. Object and possessive
// forms ("me", "our") say who was involved, not who acted, and count as
// None.
func ActorOf(w string) Actor {
	switch w {
	case "i", "i'd", "i'll", "i've", "i'm", "myself":
		return I
	case "we", "we'd", "we'll", "we've", "we're", "ourselves":
		return We
	}
	return None
}
