package main

import (
	"archive/tar"
	"archive/zip"
	"compress/gzip"
	"os"
	"path"
	"sort"
	"time"
)

// tarFile is one file of an archive, by its slash-separated name.
type tarFile struct {
	name string
	mode int64
	data []byte
}

// epoch dates every archived file, so that two builds of one commit make
// the same archive apart from the binary itself.
var epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// writeTarGz writes files, with the folders above them, owned by root.
func writeTarGz(out string, files []tarFile) (err error) {
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	gz := gzip.NewWriter(f)
	tw := tar.NewWriter(gz)
	for _, d := range folders(files) {
		if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: d + "/", Mode: 0o755, ModTime: epoch, Format: tar.FormatPAX}); err != nil {
			return err
		}
	}
	for _, file := range files {
		h := &tar.Header{Typeflag: tar.TypeReg, Name: file.name, Mode: file.mode, Size: int64(len(file.data)), ModTime: epoch, Format: tar.FormatPAX}
		if err := tw.WriteHeader(h); err != nil {
			return err
		}
		if _, err := tw.Write(file.data); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return gz.Close()
}

// writeZip writes files with their folders; Windows needs no modes.
func writeZip(out string, files []tarFile) (err error) {
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	zw := zip.NewWriter(f)
	for _, d := range folders(files) {
		if _, err := zw.CreateHeader(&zip.FileHeader{Name: d + "/", Modified: epoch}); err != nil {
			return err
		}
	}
	for _, file := range files {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: file.name, Method: zip.Deflate, Modified: epoch})
		if err != nil {
			return err
		}
		if _, err := w.Write(file.data); err != nil {
			return err
		}
	}
	return zw.Close()
}

// folders lists every folder above the files, parents first.
func folders(files []tarFile) []string {
	seen := map[string]bool{}
	for _, f := range files {
		for d := path.Dir(f.name); d != "." && d != "/"; d = path.Dir(d) {
			seen[d] = true
		}
	}
	var list []string
	for d := range seen {
		list = append(list, d)
	}
	sort.Strings(list)
	return list
}
