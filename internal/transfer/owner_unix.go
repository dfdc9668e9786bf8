//go:build !windows

package transfer

import (
	"io/fs"
	"os"
	"syscall"
)

// keepOwner gives a replacement file the owner of the file it replaces,
// where that is allowed (root, or one's own group).
func keepOwner(f *os.File, info fs.FileInfo) {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		f.Chown(int(st.Uid), int(st.Gid))
	}
}
