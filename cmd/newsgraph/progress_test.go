package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// lastDrawn is the last progress line in what was written to a terminal
// (each drawing starts with a carriage return; erasing escapes removed),
// and whether the line was cleared after it.
func lastDrawn(s string) (line string, cleared bool) {
	cleared = strings.HasSuffix(s, "\x1b[2K\r")
	s = strings.NewReplacer("\x1b[0K", "", "\x1b[2K", "").Replace(s)
	parts := strings.Split(s, "\r")
	for i := len(parts) - 1; i >= 0; i-- {
		if strings.TrimSpace(parts[i]) != "" {
			return parts[i], cleared
		}
	}
	return "", cleared
}

// The bar counts the bytes read of the inputs' sizes, as far as their
// sum, and an input read in part counts whole once it is done.
func TestProgressCountsBytes(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	a := write("a.jsonl", strings.Repeat(`{"text":"Talks in Paris."}`+"\n", 20)) // 540 bytes
	b := write("b.txt", strings.Repeat("x", 300))
	empty := write("empty.txt", "")
	tests := []struct {
		name   string
		inputs []string
		stdin  string
		part   int64  // bytes read of each input; 0: all of it
		total  int64  // -1: unknown
		shows  string // in the last line drawn
	}{
		{name: "one file", inputs: []string{a}, total: 540, shows: "(540/540 B"},
		{name: "two files", inputs: []string{a, b}, total: 840, shows: "(840/840 B"},
		{name: "read in part", inputs: []string{a, b}, part: 10, total: 840, shows: "(840/840 B"},
		{name: "stdin", inputs: []string{a, "-"}, stdin: "some more text", total: -1, shows: "(554 B"},
		{name: "empty file", inputs: []string{empty}, total: 0, shows: "( 0 B"},
		{name: "no such file", inputs: []string{filepath.Join(dir, "gone.txt")}, total: -1, shows: "( 0 B"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			p := newProgress(&app{errOut: &buf, progress: true}, "ingesting", tt.inputs)
			if p == nil {
				t.Fatal("no progress on a terminal")
			}
			if p.total != tt.total {
				t.Errorf("total %d, want %d", p.total, tt.total)
			}
			var want int64
			for _, in := range tt.inputs {
				var r io.Reader = strings.NewReader(tt.stdin)
				if in != "-" {
					f, err := os.Open(in)
					if err != nil {
						p.doneInput()
						continue
					}
					defer f.Close()
					r = f
				}
				if tt.part > 0 {
					r = io.LimitReader(r, tt.part)
				}
				n, err := io.Copy(io.Discard, p.reader(r))
				if err != nil {
					t.Fatal(err)
				}
				want += n
				if p.read != want {
					t.Errorf("%s: %d bytes counted, %d read", in, p.read, want)
				}
				p.doneInput()
				want = max(want, p.read) // the rest of the input, counted once done
			}
			if tt.total >= 0 && p.read != tt.total {
				t.Errorf("%d bytes counted, want the inputs' %d", p.read, tt.total)
			}
			p.articles(3, 1, 0)
			p.finish()
			line, cleared := lastDrawn(buf.String())
			if !strings.Contains(line, "ingesting 3 articles, 1 skipped") || !strings.Contains(line, tt.shows) {
				t.Errorf("last line drawn %q, want the articles and %q", line, tt.shows)
			}
			if !cleared {
				t.Errorf("line not cleared: %q", buf.String())
			}
			p.finish() // a second time: nothing more
			if l, _ := lastDrawn(buf.String()); l != line {
				t.Errorf("drawn again: %q", l)
			}
		})
	}
}

func TestProgressDescribesArticles(t *testing.T) {
	tests := []struct {
		n, skipped, failed int
		want               string
	}{
		{0, 0, 0, "extracting "},
		{1, 0, 0, "extracting 1 article "},
		{12, 0, 0, "extracting 12 articles "},
		{15900, 1203, 0, "extracting 15900 articles, 1203 skipped "},
		{7, 0, 2, "extracting 7 articles, 2 failed "},
		{7, 3, 2, "extracting 7 articles, 3 skipped, 2 failed "},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		p := newProgress(&app{errOut: &buf, progress: true}, "extracting", []string{"-"})
		if tt.n > 0 {
			p.articles(tt.n, tt.skipped, tt.failed)
		}
		p.finish()
		if line, _ := lastDrawn(buf.String()); !strings.Contains(line, tt.want) {
			t.Errorf("%d, %d, %d: %q, want %q", tt.n, tt.skipped, tt.failed, line, tt.want)
		}
	}
}

// Where stderr is not a terminal, or the output is JSON, there is no
// progress: nothing is written and the input is read as it is.
func TestProgressOffTerminal(t *testing.T) {
	var buf bytes.Buffer
	notTerminal, _ := terminal(&buf)
	tests := []struct {
		name string
		a    *app
	}{
		{"a buffer", &app{errOut: &buf, progress: notTerminal}},
		{"--json", &app{errOut: &buf, progress: true, jsonOut: true}},
	}
	for _, tt := range tests {
		buf.Reset()
		p := newProgress(tt.a, "ingesting", []string{"-"})
		if p != nil {
			t.Errorf("%s: progress %+v", tt.name, p)
		}
		r := strings.NewReader("text")
		if got := p.reader(r); got != io.Reader(r) {
			t.Errorf("%s: the input is wrapped", tt.name)
		}
		p.articles(3, 1, 0)
		p.doneInput()
		p.finish()
		if buf.Len() != 0 {
			t.Errorf("%s: wrote %q", tt.name, buf.String())
		}
	}
}

// runTerminal is runCLI as on a terminal: stderr one (progress shown)
// where progress, stdout one where terminal.
func runTerminal(t *testing.T, dir, stdin string, progress, terminal bool, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	a := &app{in: strings.NewReader(stdin), out: &out, errOut: &errOut, width: 100, progress: progress, terminal: terminal}
	code := a.run(append([]string{"--db", filepath.Join(dir, "test.db")}, args...))
	return code, out.String(), errOut.String()
}

// One JSON Lines file of several articles moves the line: its final state
// counts the articles and the file's bytes, and it is cleared before the
// summary; without a terminal the output is what it always was.
func TestIngestProgress(t *testing.T) {
	in := t.TempDir()
	records := `{"id":"p1","text":"Kenyan President William Ruto visited Addis Ababa, Ethiopia on Saturday."}
{"id":"p2","text":"German Chancellor Olaf Scholz met Polish Prime Minister Donald Tusk in Berlin."}
{"id":"p3","text":"Hamas claimed responsibility for a rocket attack on Tel Aviv."}
`
	file := filepath.Join(in, "feed.jsonl")
	if err := os.WriteFile(file, []byte(records), 0o644); err != nil {
		t.Fatal(err)
	}
	size := len(records) // under 1000: shown in bytes, "240/240 B"
	withBar, plain := t.TempDir(), t.TempDir()
	tests := []struct {
		name  string
		args  []string
		stdin string
		line  []string // in the last line drawn
	}{
		{"file", []string{"ingest", file}, "", []string{"ingesting 3 articles ", fmt.Sprintf("(%d/%d B", size, size), "100%"}},
		{"again: skipped", []string{"ingest", file}, "", []string{"ingesting 3 articles, 3 skipped ", fmt.Sprintf("(%d/%d B", size, size)}},
		{"stdin: a spinner", []string{"ingest", "--format", "jsonl", "-"}, records, []string{"ingesting 3 articles, 3 skipped ", fmt.Sprintf("(%d B", size)}},
		{"--json", []string{"ingest", "--json", file}, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runTerminal(t, withBar, tt.stdin, true, false, tt.args...)
			pcode, pout, perrOut := runTerminal(t, plain, tt.stdin, false, false, tt.args...)
			if code != 0 || pcode != 0 {
				t.Fatalf("exit %d, %d without progress: %s %s", code, pcode, errOut, perrOut)
			}
			if strings.ReplaceAll(out, withBar, plain) != pout {
				t.Errorf("stdout with progress %q, without %q", out, pout)
			}
			if perrOut != "" {
				t.Errorf("stderr without a terminal: %q", perrOut)
			}
			if tt.line == nil {
				if errOut != "" {
					t.Errorf("progress with --json: %q", errOut)
				}
				return
			}
			line, cleared := lastDrawn(errOut)
			for _, want := range tt.line {
				if !strings.Contains(line, want) {
					t.Errorf("last line drawn %q lacks %q", line, want)
				}
			}
			if !cleared {
				t.Errorf("line not cleared: %q", errOut)
			}
		})
	}
}

// extract draws the same line on stderr while its records go to a file
// or a pipe, and none when they go to the terminal.
func TestExtractProgress(t *testing.T) {
	records := `{"id":"p1","text":"Kenyan President William Ruto visited Addis Ababa, Ethiopia on Saturday."}
{"id":"p2","text":"German Chancellor Olaf Scholz met Polish Prime Minister Donald Tusk in Berlin."}
`
	file := filepath.Join(t.TempDir(), "feed.jsonl")
	if err := os.WriteFile(file, []byte(records), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	_, plain, plainErr := runTerminal(t, dir, "", false, false, "extract", file)
	if plainErr != "" || strings.Count(plain, "\n") != 2 {
		t.Fatalf("without progress: %q %q", plain, plainErr)
	}
	code, out, errOut := runTerminal(t, dir, "", true, false, "extract", file)
	line, cleared := lastDrawn(errOut)
	if code != 0 || out != plain || !cleared || !strings.Contains(line, "extracting 2 articles ") || !strings.Contains(line, fmt.Sprintf("(%d/%d B", len(records), len(records))) {
		t.Errorf("stdout a file: exit %d, same output %v, line %q, cleared %v", code, out == plain, line, cleared)
	}
	code, out, errOut = runTerminal(t, dir, "", true, true, "extract", file)
	if code != 0 || out != plain || errOut != "" {
		t.Errorf("stdout the terminal: exit %d, same output %v, stderr %q", code, out == plain, errOut)
	}
}
