package main

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

func TestTableFitsTerminal(t *testing.T) {
	tests := []struct {
		terminal bool
		width    int
	}{{true, 60}, {true, 100}, {false, 0}}
	rows := [][]string{{"Mohammed Shia al-Sudani", "meets_with", strings.Repeat("a long evidence sentence ", 10)}}
	for _, tt := range tests {
		var buf bytes.Buffer
		a := &app{out: &buf, terminal: tt.terminal, width: tt.width}
		if err := a.table([]string{"SUBJECT", "RELATION", "EVIDENCE"}, rows); err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(strings.TrimRight(buf.String(), "\n"), "\n") {
			n := utf8.RuneCountInString(line)
			if tt.terminal && n > tt.width {
				t.Errorf("width %d: line of %d runes: %q", tt.width, n, line)
			}
		}
		if tt.terminal && !strings.Contains(buf.String(), "Mohammed Shia al-Sudani") {
			t.Errorf("width %d: the subject was cut before the evidence:\n%s", tt.width, buf.String())
		}
		if !tt.terminal && !strings.Contains(buf.String(), rows[0][2]) {
			t.Error("piped output was cut")
		}
	}
}

// Columns line up by display width: a name in Chinese characters takes two
// cells a character, an accent none.
func TestTableDisplayWidth(t *testing.T) {
	var buf bytes.Buffer
	a := &app{out: &buf, terminal: true, width: 80}
	rows := [][]string{{"习近平", "PERSON", "China"}, {"Zoë Ångström", "PERSON", "Sweden"}, {"Olaf Scholz", "PERSON", "Germany"}}
	if err := a.table([]string{"NAME", "TYPE", "COUNTRY"}, rows); err != nil {
		t.Fatal(err)
	}
	col := -1
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		i := strings.Index(line, "PERSON")
		if i < 0 {
			i = strings.Index(line, "TYPE")
		}
		if c := uniseg.StringWidth(line[:i]); col < 0 {
			col = c
		} else if c != col {
			t.Errorf("column starts at cell %d, not %d:\n%s", c, col, buf.String())
		}
	}
	var narrow bytes.Buffer
	b := &app{out: &narrow, terminal: true, width: 16}
	b.table([]string{"NAME", "TYPE"}, [][]string{{"习近平习近平习近平习近平", "PERSON"}})
	for _, line := range strings.Split(strings.TrimSpace(narrow.String()), "\n") {
		if w := uniseg.StringWidth(line); w > 16 {
			t.Errorf("line of %d cells at width 16: %q", w, line)
		}
	}
}
