package practice

import "io"

// Write prints a session's summary as JSON (WriteJSON) or as text
// (WriteText), as every command that shows a session does.
func Write(w io.Writer, sum *Summary, asJSON bool) error {
	if asJSON {
		return WriteJSON(w, sum)
	}
	return WriteText(w, sum)
}
