//go:build !unix

package whispermodel

// noFollow is not there to ask for; the file is still checked to be a
// regular one after it is opened.
const noFollow = 0
