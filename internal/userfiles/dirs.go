package userfiles

import "path/filepath"

// DataDir is where sessions and recordings are kept: flag (--data-dir)
// when given, else $STARCOACH_HOME, else $XDG_DATA_HOME/starcoach, else
// ~/.local/share/starcoach. As the XDG rules say, a relative
// XDG_DATA_HOME is ignored; with no absolute HOME either there is no data
// folder (""), and the session store says so (session.ErrNoDataDir)
// rather than use the current folder.
func DataDir(flag string, getenv func(string) string) string {
	if flag != "" {
		return flag
	}
	if d := getenv("STARCOACH_HOME"); d != "" {
		return d
	}
	if d := getenv("XDG_DATA_HOME"); filepath.IsAbs(d) {
		return filepath.Join(d, "starcoach")
	}
	if h := Home(getenv); h != "" {
		return filepath.Join(h, ".local", "share", "starcoach")
	}
	return ""
}

// ConfigDir is where the user's configuration and own question banks
// live: $STARCOACH_CONFIG_HOME, else $XDG_CONFIG_HOME/starcoach, else
// ~/.config/starcoach. A relative XDG_CONFIG_HOME is ignored; with no
// absolute HOME either there is none (""): no user files are read (see
// Files.File).
func ConfigDir(getenv func(string) string) string {
	if d := getenv("STARCOACH_CONFIG_HOME"); d != "" {
		return d
	}
	if d := getenv("XDG_CONFIG_HOME"); filepath.IsAbs(d) {
		return filepath.Join(d, "starcoach")
	}
	if h := Home(getenv); h != "" {
		return filepath.Join(h, ".config", "starcoach")
	}
	return ""
}

// Home is $HOME if it is an absolute path, else "": a relative one would
// put the user's files wherever the command happens to run.
func Home(getenv func(string) string) string {
	if h := getenv("HOME"); filepath.IsAbs(h) {
		return h
	}
	return ""
}
