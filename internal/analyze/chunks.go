package analyze

// chunkLen values are stored per chunk so that a record grows without ever
// copying itself: append grows a long slice by a quarter at a time, and
// over four hours the copies it leaves behind add up to about five times
// what is kept, and the last copy briefly needs twice its memory.
const chunkLen = 1 << 14

// chunks is an append-only sequence kept in blocks of chunkLen.
type chunks[T any] struct {
	blocks [][]T
	n      int
}

func (c *chunks[T]) add(v T) {
	if c.n%chunkLen == 0 {
		c.blocks = append(c.blocks, make([]T, 0, chunkLen))
	}
	b := &c.blocks[len(c.blocks)-1]
	*b = append(*b, v)
	c.n++
}

// len is the number of values added.
func (c *chunks[T]) len() int { return c.n }

func (c *chunks[T]) at(i int) T { return c.blocks[i/chunkLen][i%chunkLen] }

// ref is the place of value i, to change it.
func (c *chunks[T]) ref(i int) *T { return &c.blocks[i/chunkLen][i%chunkLen] }
