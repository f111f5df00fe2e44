package ui

import (
	"encoding/json"
	"io"
)

// WriteJSON writes v as indented JSON, as the commands that print a
// document for people to read as well as programs (prompts, devices,
// import) do.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
