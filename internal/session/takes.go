package session

// Counts reports whether answer i counts for its question: a question
// answered more than once (a retake, or a take after one in which no
// speech was heard) counts once, with its latest take in which speech was
// heard. Follow-ups and takes with no speech never count. Every count of
// answered questions, every average and every story check goes by this
// one rule.
func (s *Session) Counts(i int) bool {
	a := s.Answers[i]
	if a.Kind == KindFollowUp || a.NoSpeech {
		return false
	}
	for _, b := range s.Answers[i+1:] {
		if b.Kind != KindFollowUp && !b.NoSpeech && b.Question == a.Question {
			return false
		}
	}
	return true
}

// CountedTake is the answer that counts for question q (see Counts), or
// -1 when no take of it does.
func (s *Session) CountedTake(q int) int {
	for j := len(s.Answers) - 1; j >= 0; j-- {
		a := s.Answers[j]
		if a.Question == q && a.Kind != KindFollowUp && !a.NoSpeech {
			return j
		}
	}
	return -1
}

// Answered counts the questions that have an answer that counts.
func (s *Session) Answered() int {
	seen := map[int]bool{}
	for _, a := range s.Answers {
		if a.Kind != KindFollowUp && !a.NoSpeech {
			seen[a.Question] = true
		}
	}
	return len(seen)
}

// TakeRule says which take of a question counts, in the words every view
// uses.
const TakeRule = "the latest take of a question counts"
