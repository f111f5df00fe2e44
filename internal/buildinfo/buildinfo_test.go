package buildinfo

import (
	"runtime/debug"
	"testing"
)

// --version comes from the build when the Makefile did not set it.
func TestVersionFromBuildInfo(t *testing.T) {
	for _, c := range []struct {
		info *debug.BuildInfo
		want string
	}{
		{nil, "dev"},
		{&debug.BuildInfo{Main: debug.Module{Version: "v1.4.0"}}, "v1.4.0"},
		{&debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261204174019-963d9ba8999e"}}, "v0.0.0-20261204174019-963d9ba8999e"},
		{&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "963d9ba8999e01b5915e2804a0e9dca886891e47"}, {Key: "vcs.modified", Value: "true"}}}, "dev-963d9ba8999e+dirty"},
		{&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "dev"},
	} {
		if got := From(c.info); got != c.want {
			t.Errorf("%+v: %q, want %q", c.info, got, c.want)
		}
	}
}
