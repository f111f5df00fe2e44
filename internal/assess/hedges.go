package assess

import (
	"fmt"
	"strings"
)

// HedgeLine says the answer's hedges and weak words, with "I" against
// "we", by the same rule as the fillers.
func HedgeLine(sp *Speech) string {
	we := fmt.Sprintf("\"I\" %d, \"we\" %d", sp.I, sp.We)
	if sp.We > sp.I {
		we += ": more \"we\" than \"I\"; say what you did"
	}
	if sp.Hedges == nil {
		return "hedges: not judged · " + we
	}
	line := fmt.Sprintf("hedges: %d", *sp.Hedges)
	if len(sp.HedgesTop) > 0 {
		parts := make([]string, 0, 3)
		for _, c := range sp.HedgesTop[:min(3, len(sp.HedgesTop))] {
			parts = append(parts, fmt.Sprintf("%q %d", c.Text, c.Count))
		}
		line += " (" + strings.Join(parts, ", ") + ")"
	}
	return line + " · " + we
}
