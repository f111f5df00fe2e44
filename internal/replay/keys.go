package replay

import (
	"bufio"
	"io"
)

// ReadKeys turns keys read from r (a terminal in raw mode) into commands
// until r ends, Quit is sent or a read fails: space pauses and resumes,
// the left and right arrows seek, n and p skip between answers, q, Ctrl-C
// and Ctrl-D quit. Other keys are ignored.
func ReadKeys(r io.Reader, cmds chan<- Command) error {
	br := bufio.NewReader(r)
	for {
		b, err := br.ReadByte()
		if err != nil {
			if err == io.EOF {
				return nil
			}
			return err
		}
		var c Command
		switch b {
		case ' ':
			c = TogglePause
		case 'n', 'N':
			c = Next
		case 'p', 'P':
			c = Previous
		case 'q', 'Q', 0x03, 0x04: // Ctrl-C and Ctrl-D arrive as bytes in raw mode
			c = Quit
		case 0x1b:
			c = arrow(br)
		}
		if c != 0 {
			cmds <- c
			if c == Quit {
				return nil
			}
		}
	}
}

// arrow reads the rest of an escape sequence: ESC [ C (or ESC O C, as
// terminals in application mode send) is right, D left; anything else is
// dropped.
func arrow(br *bufio.Reader) Command {
	b, err := br.ReadByte()
	if err != nil || (b != '[' && b != 'O') {
		return 0
	}
	// Parameters (ESC [ 1 ; 5 C for Ctrl-right) come before the final byte.
	for {
		b, err = br.ReadByte()
		if err != nil {
			return 0
		}
		if b >= 0x40 && b <= 0x7e {
			break
		}
	}
	switch b {
	case 'C':
		return Forward
	case 'D':
		return Back
	}
	return 0
}
