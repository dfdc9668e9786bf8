//go:build !linux

package main

import "syscall"

// xvfbAttr: only Linux can have a child signalled when its parent dies.
func xvfbAttr() *syscall.SysProcAttr { return nil }
