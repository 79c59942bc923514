package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestIngestRecordOverLimit: a record larger than --max-article-size is
// reported with its file and line, and the records after it are stored;
// extract takes the same flag.
func TestIngestRecordOverLimit(t *testing.T) {
	in := filepath.Join(t.TempDir(), "feed.jsonl")
	big := `{"id":"big","text":"` + strings.Repeat("Joe Biden met Olaf Scholz in Berlin. ", 100) + `"}`
	os.WriteFile(in, []byte(`{"id":"k1","text":"Kenyan President William Ruto visited Addis Ababa, Ethiopia on Saturday."}`+"\n"+
		big+"\n"+`{"id":"k2","text":"German Chancellor Olaf Scholz met Polish Prime Minister Donald Tusk in Warsaw on Monday."}`+"\n"), 0o644)
	dir := t.TempDir()
	code, out, errOut := runCLI(t, dir, "", "ingest", "--json", "--max-article-size", "1K", in)
	var sum ingestSummary
	if err := json.Unmarshal([]byte(out), &sum); err != nil || code != 1 || sum.New != 2 || sum.Failed != 1 || len(sum.Errors) != 1 ||
		sum.Errors[0] != in+":2: record of 3723 bytes, over the limit of 1 KiB on one article (--max-article-size): skipped" {
		t.Fatalf("code %d, %+v, %v, stderr %s", code, sum, err, errOut)
	}
	_, out, _ = runCLI(t, dir, "", "entity", "Donald Tusk")
	if !strings.Contains(out, "Donald Tusk") {
		t.Errorf("the record after the large one was not stored: %s", out)
	}
	// 0 is no limit.
	if code, out, errOut := runCLI(t, t.TempDir(), "", "ingest", "--max-article-size", "0", in); code != 0 || !strings.Contains(out, "3 new") {
		t.Errorf("no limit: %d %s %s", code, out, errOut)
	}
	code, out, errOut = runCLI(t, dir, "", "extract", "--max-article-size", "1024", in)
	if code != 1 || strings.Count(out, "\n") != 2 || !strings.Contains(errOut, "feed.jsonl:2: record of") {
		t.Errorf("extract: %d, %d records, stderr %s", code, strings.Count(out, "\n"), errOut)
	}
	if code, _, errOut := runCLI(t, dir, "", "ingest", "--max-article-size", "lots", in); code != 2 || !strings.Contains(errOut, "want a size such as 8MiB") {
		t.Errorf("bad size: %d %s", code, errOut)
	}
}

// TestIngestLongName: a "name" of 50,000 letters, which SQLite's LIKE
// refused, is not a name: the article is stored with the others.
func TestIngestLongName(t *testing.T) {
	in := filepath.Join(t.TempDir(), "feed.jsonl")
	os.WriteFile(in, []byte(`{"text":"German Chancellor Olaf Scholz met X`+strings.Repeat("y", 50000)+` and Polish Prime Minister Donald Tusk in Warsaw."}`+"\n"), 0o644)
	dir := t.TempDir()
	if code, out, errOut := runCLI(t, dir, "", "ingest", in); code != 0 || !strings.Contains(out, "1 new") || len(errOut) > 1000 {
		t.Fatalf("%d %s %.1000s", code, out, errOut)
	}
	if _, out, _ := runCLI(t, dir, "", "entity", "Donald Tusk"); !strings.Contains(out, "Donald Tusk") {
		t.Errorf("entity: %s", out)
	}
}

// TestIngestBinaryAndUTF16: a 400 MB file of zeros (sparse, made in the
// test's directory rather than read from /dev/zero) is refused as binary
// from its first bytes; UTF-16 with a byte-order mark is read.
func TestIngestBinaryAndUTF16(t *testing.T) {
	in := t.TempDir()
	zeros := filepath.Join(in, "zeros.bin")
	f, err := os.Create(zeros)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(400 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	text := "German Chancellor Olaf Scholz met Polish Prime Minister Donald Tusk in Warsaw on Monday."
	u16 := []byte{0xff, 0xfe}
	for _, r := range text {
		u16 = append(u16, byte(r), 0)
	}
	os.WriteFile(filepath.Join(in, "utf16.txt"), u16, 0o644)
	code, out, errOut := runCLI(t, t.TempDir(), "", "ingest", in)
	if code != 1 || !strings.Contains(errOut, "zeros.bin: binary file (contains NUL bytes)") || !strings.Contains(out, "1 new") ||
		!strings.Contains(errOut, "1 input(s) failed; the other 1 article(s) were stored (0 of them already)") {
		t.Errorf("%d %s %s", code, out, errOut)
	}
	// Nothing stored: the last line says so.
	code, out, errOut = runCLI(t, t.TempDir(), "", "ingest", zeros)
	if code != 1 || !strings.Contains(errOut, "1 input(s) failed; nothing was stored") || strings.Contains(errOut, "were stored") {
		t.Errorf("only a failing input: %d %s %s", code, out, errOut)
	}
}

// TestIngestSymlinks: a link to a directory given on the command line, and
// links to files and directories inside one, are followed; a link back
// into a directory being read (a loop) and a broken link are reported.
func TestIngestSymlinks(t *testing.T) {
	root := t.TempDir()
	articles := map[string]string{
		"real/a.txt":        "German Chancellor Olaf Scholz met Polish Prime Minister Donald Tusk in Warsaw on Monday.",
		"elsewhere/b.txt":   "Kenyan President William Ruto visited Addis Ababa, Ethiopia on Saturday for talks.",
		"other/sub/c.txt":   "French President Emmanuel Macron met King Abdullah of Jordan in Paris on Tuesday.",
		"other/sub/d.jsonl": `{"text":"US Secretary of State Antony Blinken met Iraqi Foreign Minister Fuad Hussein in Washington."}`,
	}
	for name, body := range articles {
		p := filepath.Join(root, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(body), 0o644)
	}
	links := map[string]string{
		"real/file-link.txt": "../elsewhere/b.txt", // a file
		"real/dir-link":      "../other",           // a directory
		"real/loop":          ".",                  // its own directory
		"real/up":            "..",                 // the directory above, which holds real/
		"real/broken.txt":    "missing.txt",
		"linkdir":            "real",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(root, name)); err != nil {
			t.Skipf("cannot make symbolic links here: %v", err)
		}
	}
	code, out, errOut := runCLI(t, t.TempDir(), "", "ingest", "--json", filepath.Join(root, "linkdir"))
	var sum ingestSummary
	if err := json.Unmarshal([]byte(out), &sum); err != nil || code != 1 {
		t.Fatalf("%d %s %s %v", code, out, errOut, err)
	}
	// a.txt, b.txt through its link, c.txt and d.jsonl through dir-link;
	// through up/, elsewhere/b.txt again (a duplicate) and other/ again
	// (read once).
	if sum.Files != 5 || sum.New != 4 || sum.Duplicate != 1 {
		t.Errorf("files %d, new %d, duplicates %d; want 5, 4, 1", sum.Files, sum.New, sum.Duplicate)
	}
	want := []string{"linkdir/broken.txt: broken symbolic link", "linkdir/loop: symbolic link loop", "linkdir/up/linkdir: symbolic link loop", "linkdir/up/real: symbolic link loop"}
	if len(sum.Errors) != len(want) {
		t.Errorf("errors %q, want %d", sum.Errors, len(want))
	}
	for _, w := range want {
		found := false
		for _, e := range sum.Errors {
			found = found || strings.Contains(e, filepath.Join(root, w))
		}
		if !found {
			t.Errorf("no error for %s among %q", w, sum.Errors)
		}
	}
}
