// Package proc tells whether a process still runs, so that what a
// starcoach killed with SIGKILL left behind (a scratch folder, a half-written
// temporary file, both named after its process id) can be told from what
// a running one still uses.
package proc
