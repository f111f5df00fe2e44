package prompts

import (
	"strings"
	"testing"

	builtin "github.com/starcoach/starcoach/prompts"
)

// FuzzDecodeBank feeds arbitrary files to the bank reader: whatever the
// input, the answer is a bank or one error line, never a panic.
func FuzzDecodeBank(f *testing.F) {
	names := []string{"amazon-lp.toml", "openers.toml", "bar-raiser.toml", "behavioral.toml"}
	for _, n := range names {
		data, err := builtin.Builtin().(interface{ ReadFile(string) ([]byte, error) }).ReadFile(n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		"",
		"[[question]]\nid = \"a\"\ntext = '''\n[[question]]\n'''\nprinciples = [\"x\"]\n",
		"question = [{id = \"a\", text = \"b\"}, 3]\n",
		"[[question]]\n\"id\" = \"a\"\n'text' = \"b\\\"\"\nlimit = 1e400\n",
		"[[question]]\nid = \"a\"\ntext = \"b\"\nlimit = nan\n",
		"[question]\nid = 1\n",
		"\"\"\"\n[[question]]\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		bf, err := decodeBank("fuzz", "fuzz.toml", "fuzz.toml", data)
		if err != nil {
			if strings.Contains(err.Error(), "\n") && !strings.Contains(string(data), "\n") {
				t.Errorf("error of more than one line: %q", err)
			}
			return
		}
		for _, q := range bf.bank.Questions {
			if q.ID == "" || q.Text == "" || q.LimitS < minLimitS || q.LimitS > maxLimitS {
				t.Errorf("bad question accepted: %+v", q)
			}
		}
	})
}
