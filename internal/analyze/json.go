package analyze

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
)

// writeJSON writes r as json.Encoder would, one object and a newline, but
// streams its two long lists (the gaps and the syllable times) instead of
// building the whole text in memory first: a four-hour answer's text is
// 650 kB, and the encoder's buffer, grown by doubling, would hold about
// twice that at the end of a run that keeps little else. The rest of the
// object is marshalled by encoding/json with each list left out (nil), and
// each list is written where the "null" it left stands.
func writeJSON(w io.Writer, r Result) error {
	gaps := r.Gaps
	r.Gaps = nil
	var syllables []float64
	if r.Voice != nil {
		v := *r.Voice
		syllables, v.SyllablesAtS = v.SyllablesAtS, nil
		r.Voice = &v
	}
	head, err := json.Marshal(r)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 32<<10)
	// A key as the encoder writes it is a quote, the name, a quote and a
	// colon; inside a string every quote is escaped, so this text can
	// only be the key itself.
	rest, err := writeUntil(bw, head, `"gaps":null`, func(b []byte) ([]byte, error) {
		return appendList(bw, b, gaps, appendGap)
	})
	if err != nil {
		return err
	}
	if r.Voice != nil {
		rest, err = writeUntil(bw, rest, `"syllables_at_s":null`, func(b []byte) ([]byte, error) {
			return appendList(bw, b, syllables, appendFloat)
		})
		if err != nil {
			return err
		}
	}
	bw.Write(rest)
	bw.WriteByte('\n')
	return bw.Flush()
}

// writeUntil writes text up to the key and the null after it, then the
// key and what list writes in place of the null, and returns the text
// after it.
func writeUntil(bw *bufio.Writer, text []byte, keyNull string, list func([]byte) ([]byte, error)) ([]byte, error) {
	i := bytes.Index(text, []byte(keyNull))
	if i < 0 {
		return nil, fmt.Errorf("json: no %s in the encoded result", keyNull)
	}
	key := len(keyNull) - len("null")
	bw.Write(text[:i+key])
	b, err := flushFull(bw, nil) // room for the first element
	if err != nil {
		return nil, err
	}
	b, err = list(b)
	if err != nil {
		return nil, err
	}
	bw.Write(b)
	return text[i+len(keyNull):], nil
}

// appendList appends a JSON array of xs (null when nil) to b, each
// element by elem, writing b out to bw as it fills bw's buffer.
func appendList[T any](bw *bufio.Writer, b []byte, xs []T, elem func([]byte, T) ([]byte, error)) ([]byte, error) {
	if xs == nil {
		return append(b, "null"...), nil
	}
	b = append(b, '[')
	for i, x := range xs {
		if i > 0 {
			b = append(b, ',')
		}
		var err error
		if b, err = elem(b, x); err != nil {
			return b, err
		}
		if b, err = flushFull(bw, b); err != nil {
			return b, err
		}
	}
	return append(b, ']'), nil
}

// appendGap appends g as encoding/json writes a Gap.
func appendGap(b []byte, g Gap) ([]byte, error) {
	var err error
	b = append(b, `{"start_s":`...)
	if b, err = appendFloat(b, g.StartS); err != nil {
		return b, err
	}
	b = append(b, `,"end_s":`...)
	if b, err = appendFloat(b, g.EndS); err != nil {
		return b, err
	}
	b = append(b, `,"duration_s":`...)
	if b, err = appendFloat(b, g.DurationS); err != nil {
		return b, err
	}
	return append(b, '}'), nil
}

// elementRoom is more than the text of any one element of the lists.
const elementRoom = 128

// flushFull hands b, text appended to bw's free space, to bw once that
// space has less than elementRoom left, and returns bw's free space to go
// on appending to: the lists are written in place, a buffer at a time.
func flushFull(bw *bufio.Writer, b []byte) ([]byte, error) {
	if cap(b)-len(b) >= elementRoom {
		return b, nil
	}
	bw.Write(b)
	if bw.Available() < elementRoom {
		if err := bw.Flush(); err != nil {
			return nil, err
		}
	}
	return bw.AvailableBuffer(), nil
}

// appendFloat appends f as encoding/json writes a float64: as an ES6
// number, shortest form, exponent from 1e21 and under 1e-6.
func appendFloat(b []byte, f float64) ([]byte, error) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return b, &json.UnsupportedValueError{Str: strconv.FormatFloat(f, 'g', -1, 64)}
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// e-09 to e-9, as encoding/json does
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b, nil
}
