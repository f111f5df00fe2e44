//go:build !unix

package wav

const nonBlock = 0
