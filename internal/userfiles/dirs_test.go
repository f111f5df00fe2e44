package userfiles

import "testing"

// envDirs are the folders as the command line and environment give them.
type envDirs struct {
	flag   string
	getenv func(string) string
}

func (d envDirs) DataDir() string   { return DataDir(d.flag, d.getenv) }
func (d envDirs) ConfigDir() string { return ConfigDir(d.getenv) }

// The XDG rules: a relative XDG_DATA_HOME or XDG_CONFIG_HOME is ignored;
// with no absolute HOME either there is no folder, never the current one.
func TestDataAndConfigDirs(t *testing.T) {
	for _, tc := range []struct {
		flag         string
		env          map[string]string
		data, config string
	}{
		{"", map[string]string{"HOME": "/h"}, "/h/.local/share/starcoach", "/h/.config/starcoach"},
		{"", map[string]string{"HOME": "/h", "XDG_DATA_HOME": "/d", "XDG_CONFIG_HOME": "/c"}, "/d/starcoach", "/c/starcoach"},
		{"", map[string]string{"HOME": "/h", "XDG_DATA_HOME": "d", "XDG_CONFIG_HOME": "./c"}, "/h/.local/share/starcoach", "/h/.config/starcoach"},
		{"", map[string]string{"XDG_DATA_HOME": "/d", "XDG_CONFIG_HOME": "/c"}, "/d/starcoach", "/c/starcoach"},
		{"", map[string]string{}, "", ""},
		{"", map[string]string{"HOME": "h", "XDG_DATA_HOME": "d"}, "", ""},
		{"", map[string]string{"STARCOACH_HOME": "s", "STARCOACH_CONFIG_HOME": "c"}, "s", "c"},
		{"here", map[string]string{"STARCOACH_HOME": "s", "HOME": "/h"}, "here", "/h/.config/starcoach"},
	} {
		d := envDirs{tc.flag, func(k string) string { return tc.env[k] }}
		if got := d.DataDir(); got != tc.data {
			t.Errorf("%q %v: data dir %q, want %q", tc.flag, tc.env, got, tc.data)
		}
		if got := d.ConfigDir(); got != tc.config {
			t.Errorf("%v: config dir %q, want %q", tc.env, got, tc.config)
		}
		if f := New(d, d.getenv).File("config.toml"); tc.config == "" && f != "" {
			t.Errorf("%v: a config file with no config folder: %q", tc.env, f)
		}
	}
}
