package main

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
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
