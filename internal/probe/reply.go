package probe

import (
	"strings"

	"github.com/starcoach/starcoach/internal/star"
	"github.com/starcoach/starcoach/internal/transcript"
)

// Reply is the judgement of a follow-up reply against the push it
// answers: not a STAR answer, so no sections and no score, only whether
// it gives what the push asked for.
type Reply struct {
	// Weakness is what the push was asked for ("no_number"), "" when the
	// push is not one of the set's probes.
	Weakness string `json:"weakness"`
	// Answered tells whether the reply gives what the push asks for.
	Answered bool `json:"answered"`
	// Gave says what in the reply answers it, or what is missing.
	Gave     string         `json:"gave"`
	Findings []star.Finding `json:"findings"`
}

// Text is the judgement as every view says it: "answers the push with a
// number", "does not answer the push (no number)".
func (r Reply) Text() string {
	if r.Answered {
		return "answers the push with " + r.Gave
	}
	return "does not answer the push (" + r.Gave + ")"
}

// minReplyWords is the least a reply says to answer anything: a sentence.
const minReplyWords = 8

// JudgeReply judges the reply t to the push prompt (its text as asked).
// What answers a push: a number for "What was the measurable impact?", a
// lesson for "What would you do differently?", "I" and a concrete step for
// "What did you personally do?" and for a walk through a decision; any
// other push wants a sentence or more with "I" in it.
func (s *Set) JudgeReply(prompt string, t *transcript.Transcript, lex *star.Lexicon) Reply {
	r := Reply{Findings: []star.Finding{}}
	for _, e := range s.probes {
		if strings.EqualFold(strings.TrimSpace(e.text), strings.TrimSpace(prompt)) {
			r.Weakness = e.weakness
			break
		}
	}
	says := star.Reply(t, lex)
	add := func(sev, code, msg string) {
		r.Findings = append(r.Findings, star.Finding{Severity: sev, Code: code, Message: msg})
	}
	text := ""
	if t != nil {
		text = t.PlainText()
	}
	switch {
	case says.Words == 0:
		r.Gave = "nothing"
		add(star.High, "reply_empty", "The reply has no words: answer the push in two or three sentences.")
		return r
	case r.Weakness == NoNumber:
		r.Answered = hasFigure(text, s.speech)
		if r.Answered {
			r.Gave = "a number"
		} else {
			r.Gave = "no number"
			add(star.High, "reply_no_number", "The push asked for the impact and the reply gives no number: say by how much (\"from 40 minutes to 7\").")
		}
	case r.Weakness == NoReflection:
		r.Answered = says.Lesson != ""
		if r.Answered {
			r.Gave = "a lesson (\"" + says.Lesson + "\")"
		} else {
			r.Gave = "no lesson"
			add(star.High, "reply_no_lesson", "The push asked what you would do differently and the reply names no lesson: start with \"Next time I would ...\" or \"I learned ...\".")
		}
	case r.Weakness == WeOverI || r.Weakness == ThinAction:
		r.Answered = says.IActs > 0 && says.I >= says.We
		switch {
		case r.Answered:
			r.Gave = "\"I\" and a step taken"
		case says.IActs == 0:
			r.Gave = "no step of your own"
			add(star.High, "reply_no_step", "The push asked what you did and the reply names no step of yours: say \"I <did>\" for each.")
		default:
			r.Gave = "more \"we\" than \"I\""
			add(star.Medium, "reply_we", "The reply says \"we\" more than \"I\": say what you did yourself.")
		}
	default:
		r.Answered = says.Words >= minReplyWords && says.I > 0
		if r.Answered {
			r.Gave = "an answer in your own words"
		} else {
			r.Gave = "too little"
			add(star.Medium, "reply_thin", "The reply says too little: answer in two or three sentences, with what you did.")
		}
	}
	return r
}
