package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/rivo/uniseg"
	"golang.org/x/term"
)

// terminal reports whether w is a terminal and its width.
func terminal(w io.Writer) (bool, int) {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return false, 0
	}
	width, _, err := term.GetSize(int(f.Fd()))
	if err != nil || width <= 0 {
		width = 100
	}
	return true, width
}

// jsonLines writes one JSON object per line.
func jsonLines[T any](w io.Writer, items []T) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, it := range items {
		if err := enc.Encode(it); err != nil {
			return err
		}
	}
	return nil
}

// table prints rows: aligned and cut to the terminal's width on a terminal,
// tab-separated in full otherwise. The last column gives way first.
func (a *app) table(header []string, rows [][]string) error {
	if !a.terminal {
		for _, r := range append([][]string{header}, rows...) {
			if _, err := fmt.Fprintln(a.out, strings.Join(r, "\t")); err != nil {
				return err
			}
		}
		return nil
	}
	all := append([][]string{header}, rows...)
	widths := make([]int, len(header))
	for _, r := range all {
		for i, c := range r {
			widths[i] = max(widths[i], uniseg.StringWidth(c))
		}
	}
	// Shrink the widest columns until the row fits.
	const gap = 2
	total := func() int {
		t := 0
		for _, w := range widths {
			t += w + gap
		}
		return t
	}
	last := len(widths) - 1
	for total() > a.width {
		// The last column (evidence, titles) gives way first.
		widest := last
		if widths[last] <= 20 {
			for i := range widths {
				if widths[i] > widths[widest] {
					widest = i
				}
			}
		}
		if widths[widest] <= 8 {
			break
		}
		widths[widest]--
	}
	// Columns are padded by display width (uniseg: a CJK character takes
	// two cells, a combining accent none), which tabwriter, counting
	// runes, does not do.
	bw := bufio.NewWriter(a.out)
	for _, r := range all {
		var line strings.Builder
		for i, c := range r {
			c = cut(c, widths[i])
			line.WriteString(c)
			if i < len(r)-1 {
				line.WriteString(strings.Repeat(" ", widths[i]-uniseg.StringWidth(c)+gap))
			}
		}
		fmt.Fprintln(bw, strings.TrimRight(line.String(), " "))
	}
	return bw.Flush()
}

// cut shortens s to n cells of display width, whole graphemes, marking
// the cut with an ellipsis.
func cut(s string, n int) string {
	if uniseg.StringWidth(s) <= n {
		return s
	}
	var b strings.Builder
	w := 0
	g := uniseg.NewGraphemes(s)
	for g.Next() {
		if w+g.Width() > n-1 {
			break
		}
		w += g.Width()
		b.WriteString(g.Str())
	}
	return b.String() + "…"
}
