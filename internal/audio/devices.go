package audio

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/starcoach/starcoach/internal/ui"
)

// WriteDevices prints the devices as a table, one a line with the
// defaults marked, or as a JSON array (empty, never null).
func WriteDevices(w io.Writer, devs []Device, asJSON bool) error {
	if asJSON {
		if devs == nil {
			devs = []Device{}
		}
		return ui.WriteJSON(w, devs)
	}
	if len(devs) == 0 {
		return nil
	}
	var table bytes.Buffer
	tw := tabwriter.NewWriter(&table, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "INDEX\tHOST API\tNAME\tIN\tOUT\tRATE\tDEFAULT")
	for _, d := range devs {
		var marks []string
		if d.DefaultInput {
			marks = append(marks, "input")
		}
		if d.DefaultOutput {
			marks = append(marks, "output")
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%d\t%s\t%s\n", d.Index, d.HostAPI, d.Name, d.MaxInputChannels, d.MaxOutputChannels,
			strconv.FormatFloat(d.DefaultSampleRate, 'f', -1, 64), strings.Join(marks, ", "))
	}
	tw.Flush()
	// tabwriter pads the empty last cells; lines end at their last word.
	for line := range strings.Lines(table.String()) {
		if _, err := fmt.Fprintln(w, strings.TrimRight(line, " \n")); err != nil {
			return err
		}
	}
	return nil
}

// ListDevices is the devices command: it opens the audio system, prints
// every device it offers (WriteDevices), and returns ErrNoDevices when
// there is none, after printing the empty list. verbose, when set,
// receives the audio libraries' own messages.
func ListDevices(open func(verbose io.Writer) (System, error), verbose, w io.Writer, asJSON bool) error {
	sys, err := open(verbose)
	if err != nil {
		return err
	}
	defer sys.Close()
	devs, err := sys.Devices()
	if err != nil {
		return err
	}
	if err := WriteDevices(w, devs, asJSON); err != nil {
		return err
	}
	if len(devs) == 0 {
		return ErrNoDevices
	}
	return nil
}
