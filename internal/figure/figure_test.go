package figure

import "testing"

func TestShortenCountsCharactersNotBytes(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly10!", 10, "exactly10!"},
		{"café résumé story", 6, "café …"},
		{"abc", 0, "…"},
	} {
		if got := Shorten(tc.in, tc.n); got != tc.want {
			t.Errorf("Shorten(%q, %d) = %q; want %q", tc.in, tc.n, got, tc.want)
		}
	}
}
