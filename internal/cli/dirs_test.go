package cli

import "testing"

// The XDG rules: a relative XDG_DATA_HOME or XDG_CONFIG_HOME is ignored;
// with no absolute HOME either there is no folder, never the current one.
func TestDataAndConfigDirs(t *testing.T) {
	for _, tc := range []struct {
		env          map[string]string
		data, config string
	}{
		{map[string]string{"HOME": "/h"}, "/h/.local/share/starcoach", "/h/.config/starcoach"},
		{map[string]string{"HOME": "/h", "XDG_DATA_HOME": "/d", "XDG_CONFIG_HOME": "/c"}, "/d/starcoach", "/c/starcoach"},
		{map[string]string{"HOME": "/h", "XDG_DATA_HOME": "d", "XDG_CONFIG_HOME": "./c"}, "/h/.local/share/starcoach", "/h/.config/starcoach"},
		{map[string]string{"XDG_DATA_HOME": "/d", "XDG_CONFIG_HOME": "/c"}, "/d/starcoach", "/c/starcoach"},
		{map[string]string{}, "", ""},
		{map[string]string{"HOME": "h", "XDG_DATA_HOME": "d"}, "", ""},
		{map[string]string{"STARCOACH_HOME": "s", "STARCOACH_CONFIG_HOME": "c"}, "s", "c"},
	} {
		env := &Env{Getenv: func(k string) string { return tc.env[k] }}
		if got := env.DataDir(); got != tc.data {
			t.Errorf("%v: data dir %q, want %q", tc.env, got, tc.data)
		}
		if got := env.ConfigDir(); got != tc.config {
			t.Errorf("%v: config dir %q, want %q", tc.env, got, tc.config)
		}
		if tc.config == "" && env.Files().File("config.toml") != "" {
			t.Errorf("%v: a config file with no config folder: %q", tc.env, env.Files().File("config.toml"))
		}
	}
}
