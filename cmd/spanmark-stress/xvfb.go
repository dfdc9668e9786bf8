package main

import (
	"fmt"
	"os/exec"
	"strconv"
	"strings"

	"app.spanmark.org/spanmark/internal/xvfb"
)

// startXvfb starts a virtual 1280x800 screen on display (":57"), or on
// the first number from 200 up that is free, and returns it with a
// function that ends it.
func startXvfb(display string) (string, func(), error) {
	for _, tool := range []string{"Xvfb", "xdotool"} {
		if _, err := exec.LookPath(tool); err != nil {
			return "", nil, fmt.Errorf("the window figures need %s: %w", tool, err)
		}
	}
	var numbers []int
	if display != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(display, ":"))
		if err != nil {
			return "", nil, fmt.Errorf("display %q: want :N", display)
		}
		numbers = []int{n}
	} else {
		for n := 200; n < 300; n++ {
			numbers = append(numbers, n)
		}
	}
	d, err := xvfb.Start(numbers, "1280x800x24")
	if err != nil {
		return "", nil, err
	}
	return d.Name, d.Stop, nil
}
