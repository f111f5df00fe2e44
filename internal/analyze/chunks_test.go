package analyze

import "testing"

func TestChunksKeepEveryValueAcrossBlocks(t *testing.T) {
	var c chunks[uint16]
	n := 2*chunkLen + 5
	for i := range n {
		c.add(uint16(i * 7))
	}
	if c.len() != n || len(c.blocks) != 3 {
		t.Fatalf("len %d in %d blocks, want %d in 3", c.len(), len(c.blocks), n)
	}
	*c.ref(chunkLen) = 1
	for i := range n {
		want := uint16(i * 7)
		if i == chunkLen {
			want = 1
		}
		if got := c.at(i); got != want {
			t.Fatalf("value %d is %d, want %d", i, got, want)
		}
	}
	for i, b := range c.blocks {
		if cap(b) != chunkLen {
			t.Fatalf("block %d has room for %d, want %d: a block was grown by copying", i, cap(b), chunkLen)
		}
	}
}
