package promtest

import (
	"os/exec"
	"syscall"
)

// stopWithParent asks the kernel to kill the child when this process dies.
func stopWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
