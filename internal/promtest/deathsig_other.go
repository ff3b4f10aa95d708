//go:build !linux

package promtest

import "os/exec"

// stopWithParent: only Linux offers a parent-death signal; elsewhere Stop must be called.
func stopWithParent(*exec.Cmd) {}
