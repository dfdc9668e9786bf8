package main

import (
	"unsafe"

	"golang.org/x/sys/windows"
)

// spanmark.exe is a console program, so that cmd.exe and PowerShell wait
// for a subcommand, pass its exit status on and redirect its output
// (`spanmark.exe export --format native > out.jsonl`). A program marked
// for the GUI subsystem would return the prompt at once and lose both.
//
// Started from Explorer, a console program gets a console window of its
// own. The manifest linked into the .exe (see cmd/spanmark-package) asks
// Windows 11 24H2 and later not to open one (consoleAllocationPolicy
// "detached"). Older Windows opens it anyway; releaseOwnConsole then
// closes it as the window starts, so it shows for a moment only. A console
// shared with other processes (cmd.exe, a terminal) is left alone: the
// window's messages go there.
func releaseOwnConsole() {
	kernel32 := windows.NewLazySystemDLL("kernel32.dll")
	list := kernel32.NewProc("GetConsoleProcessList")
	free := kernel32.NewProc("FreeConsole")
	if list.Find() != nil || free.Find() != nil {
		return
	}
	var pids [2]uint32
	n, _, _ := list.Call(uintptr(unsafe.Pointer(&pids[0])), uintptr(len(pids)))
	if n == 1 { // only this process: the console was made for it
		free.Call()
	}
}
