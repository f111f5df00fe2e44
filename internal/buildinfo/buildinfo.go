// Package buildinfo says which starcoach this is: the version set when it
// was built, or else what the Go toolchain recorded in the binary.
package buildinfo

import "runtime/debug"

// Version is set when the build set one (the Makefile does, from git), else
// the one the toolchain recorded.
func Version(set string) string {
	if set != "" {
		return set
	}
	info, _ := debug.ReadBuildInfo()
	return From(info)
}

// From is the version the Go toolchain recorded in the binary:
// the module's version for go install module@version, a pseudo-version
// made from the commit for go build in a checkout; else the commit itself
// when only that was recorded; "dev" when nothing was.
func From(info *debug.BuildInfo) string {
	if info == nil {
		return "dev"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev == "" {
		return "dev"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if modified == "true" {
		rev += "+dirty"
	}
	return "dev-" + rev
}
