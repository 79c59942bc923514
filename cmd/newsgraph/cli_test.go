package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/db"
	"github.com/newsgraph/newsgraph/extract"
)

// runCLI runs the command line with a database in dir and returns its
// exit status and output.
func runCLI(t *testing.T, dir string, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(append([]string{"--db", filepath.Join(dir, "test.db")}, args...), strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func ingestSeed(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	// Every fact the rules find, below the precision bar too: the graph
	// tests need the seed's whole network (docs/QUALITY.md on the bar).
	if code, out, errOut := runCLI(t, dir, "", "ingest", "--min-confidence", "0", "../../testdata/seed.txt"); code != 0 {
		t.Fatalf("ingest: %d %s %s", code, out, errOut)
	}
	return dir
}

func TestIngestBadInputDirectory(t *testing.T) {
	in := t.TempDir()
	seed, _ := os.ReadFile("../../testdata/seed.txt")
	files := map[string]string{
		"good/seed.txt":      string(seed),
		"good/feed.jsonl":    "{\"id\":\"k1\",\"text\":\"Kenyan President William Ruto visited Addis Ababa, Ethiopia on Saturday for talks.\"}\n{broken\n",
		"bad/photo.jpg":      "\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x00",
		"bad/empty.txt":      "",
		"bad/mixed.txt":      "caf\xc3\xa9 \xff\xfe",
		"good/.hidden/x.txt": "\x00\x00",
	}
	for name, body := range files {
		p := filepath.Join(in, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(body), 0o644)
	}
	dir := t.TempDir()
	code, out, errOut := runCLI(t, dir, "", "ingest", in)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{"photo.jpg: binary file", "empty.txt: empty file", "mixed.txt:1: invalid UTF-8", "feed.jsonl:2: malformed JSON"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if strings.Contains(errOut, "x.txt") {
		t.Error("hidden directory was read")
	}
	if !strings.Contains(out, "3 articles read: 3 new, 0 duplicates, 4 failed") {
		t.Errorf("summary: %s", out)
	}
	// The good articles are there, and a second run adds nothing.
	code, out, _ = runCLI(t, dir, "", "ingest", "--json", in)
	var sum ingestSummary
	if err := json.Unmarshal([]byte(out), &sum); err != nil || code != 1 || sum.New != 0 || sum.Duplicate != 3 || sum.Failed != 4 || len(sum.Errors) != 4 {
		t.Errorf("second ingest: code %d %+v %v", code, sum, err)
	}
	_, out, _ = runCLI(t, dir, "", "relations", "--entity", "william ruto", "--json")
	if !strings.Contains(out, `"relation":"visited","object_id"`) {
		t.Errorf("JSON Lines record stored: %s", out)
	}
}

func TestIngestStdin(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := runCLI(t, dir, "German Chancellor Olaf Scholz met Polish Prime Minister Donald Tusk in Berlin on Monday.", "ingest", "--date", "2024-02-12", "-")
	if code != 0 || !strings.Contains(out, "1 new") {
		t.Fatalf("%d %s %s", code, out, errOut)
	}
	_, out, _ = runCLI(t, dir, "", "relations", "--type", "meets_with")
	if !strings.Contains(out, "Olaf Scholz") || !strings.Contains(out, "Donald Tusk") {
		t.Errorf("relations: %s", out)
	}
}

func TestQueries(t *testing.T) {
	dir := ingestSeed(t)
	tests := []struct {
		args    []string
		code    int
		has     []string
		stderr  string
		jsonKey []string
	}{
		{args: []string{"entities", "--type", "person"}, has: []string{"Alina Romanowski\tPERSON", "Najib Mikati"}},
		{args: []string{"entities", "--match", "sudani", "--json"}, jsonKey: []string{"id", "name", "type", "aliases", "mentions"}, has: []string{"Mohammed Shia al-Sudani"}},
		{args: []string{"entity", "romanowski"}, has: []string{"Alina Romanowski (PERSON", "ambassador_of", "Articles:"}},
		{args: []string{"relations", "--subject", "Joe Biden", "--json"}, jsonKey: []string{"subject", "subject_type", "relation", "object", "object_type", "date", "confidence", "evidence", "article"}, has: []string{"meets_with"}},
		{args: []string{"relations", "--object", "Iraq", "--type", "ambassador_to"}, has: []string{"Alina Romanowski\tambassador_to\tIraq"}},
		{args: []string{"relations", "--entity", "Romanowsky"}, code: 1, stderr: `no entity named "Romanowsky"; did you mean: Alina Romanowski`},
		{args: []string{"entities", "--type", "PLANET"}, code: 1, stderr: "unknown entity type"},
		{args: []string{"relations", "--type", "married_to"}, code: 1, stderr: "unknown relation type"},
		{args: []string{"path", "Romanowski", "Joe Biden"}, has: []string{"Alina Romanowski -> Joe Biden:", "ambassador_of", ", 2 sentences)",
			`"US Ambassador to Iraq Alina Romanowski speaks during an interview with Reuters at the US embassy in Baghdad, Iraq March 23, 2024."`}},
		{args: []string{"path", "Halabi", "Joe Biden"}, code: 1, stderr: "no connection"},
		{args: []string{"export", "--format", "svgz"}, code: 1, stderr: "unknown export format"},
		{args: []string{"nonsense"}, code: 2, stderr: "unknown command"},
		{args: []string{"entities", "--colour"}, code: 2, stderr: "unknown flag: --colour (see --help)"},
		{args: []string{"path", "Romanowski"}, code: 2, stderr: "accepts 2 arg(s), received 1"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, out, errOut := runCLI(t, dir, "", tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.stderr) {
				t.Fatalf("exit %d stderr %q; want %d and %q", code, errOut, tt.code, tt.stderr)
			}
			if strings.Contains(errOut, "goroutine") {
				t.Error("stack trace on stderr")
			}
			for _, h := range tt.has {
				if !strings.Contains(out, h) {
					t.Errorf("output lacks %q:\n%s", h, out)
				}
			}
			if tt.jsonKey != nil {
				lines := strings.Split(strings.TrimSpace(out), "\n")
				for _, l := range lines {
					var m map[string]any
					if err := json.Unmarshal([]byte(l), &m); err != nil {
						t.Fatalf("not JSON Lines: %v\n%s", err, out)
					}
					for _, k := range tt.jsonKey {
						if _, ok := m[k]; !ok {
							t.Errorf("JSON lacks %q: %s", k, l)
						}
					}
				}
			}
		})
	}
}

func TestPathOnSeed(t *testing.T) {
	dir := ingestSeed(t)
	code, out, errOut := runCLI(t, dir, "", "path", "Romanowski", "Joe Biden", "--json")
	if code != 0 {
		t.Fatalf("%d %s", code, errOut)
	}
	var hops []struct {
		From  struct{ Name string }
		To    struct{ Name string }
		Facts []struct{ Relation, Evidence string }
	}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var h struct {
			From  struct{ Name string }
			To    struct{ Name string }
			Facts []struct{ Relation, Evidence string }
		}
		if err := json.Unmarshal([]byte(l), &h); err != nil {
			t.Fatal(err)
		}
		hops = append(hops, h)
	}
	if len(hops) != 2 || hops[0].From.Name != "Alina Romanowski" || hops[1].To.Name != "Joe Biden" || hops[0].To.Name != "United States" {
		t.Fatalf("path %+v", hops)
	}
	for _, h := range hops {
		if len(h.Facts) == 0 || h.Facts[0].Evidence == "" {
			t.Errorf("hop without evidence: %+v", h)
		}
	}
	code, _, errOut = runCLI(t, dir, "", "path", "Romanowski", "Joe Biden", "--max-hops", "1")
	if code != 1 || !strings.Contains(errOut, "more than 1") {
		t.Errorf("max-hops: %d %s", code, errOut)
	}
}

func TestExportAndExtract(t *testing.T) {
	dir := ingestSeed(t)
	gml := filepath.Join(dir, "out.graphml")
	if code, _, errOut := runCLI(t, dir, "", "export", "--format", "graphml", "-o", gml); code != 0 {
		t.Fatal(errOut)
	}
	b, _ := os.ReadFile(gml)
	if !bytes.Contains(b, []byte(`<data key="label">Alina Romanowski</data>`)) {
		t.Errorf("graphml: %.300s", b)
	}
	_, out, _ := runCLI(t, dir, "", "export", "--format", "dot")
	if !strings.HasPrefix(out, "strict digraph newsgraph {") && !strings.HasPrefix(out, "digraph newsgraph {") {
		t.Errorf("dot: %.200s", out)
	}
	code, out, errOut := runCLI(t, t.TempDir(), `{"id":"r7","text":"Hamas claimed responsibility for a rocket attack on Tel Aviv."}`, "extract", "--format", "jsonl", "--min-confidence", "0")
	var rec struct {
		ID       string
		Text     string
		Entities []struct {
			Start, End int
			Type, Text string
		}
		Relations []struct {
			Head, Tail int
			Type       string
		}
	}
	if err := json.Unmarshal([]byte(out), &rec); err != nil || code != 0 {
		t.Fatalf("%d %v %s %s", code, err, out, errOut)
	}
	if rec.ID != "r7" || len(rec.Relations) != 1 || rec.Relations[0].Type != "claimed_attack" || rec.Entities[rec.Relations[0].Tail].Text != "Tel Aviv" {
		t.Errorf("extract: %+v", rec)
	}
	for _, e := range rec.Entities {
		if string([]rune(rec.Text)[e.Start:e.End]) != e.Text {
			t.Errorf("entity offsets %+v", e)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "..", "test.db")); err == nil {
		t.Error("extract created a database")
	}
}

func TestDemo(t *testing.T) {
	dir := t.TempDir()
	gml := filepath.Join(dir, "demo.graphml")
	code, out, errOut := runCLI(t, dir, "", "demo", "--graphml", gml)
	if code != 0 {
		t.Fatal(errOut)
	}
	for _, want := range []string{"Stored 5 sample articles", "Top entities:", "Top relations:", "ambassador_of", "Wrote " + gml} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q", want)
		}
	}
	code, out, _ = runCLI(t, dir, "", "demo", "--graphml", gml)
	if code != 0 || !strings.Contains(out, "(0 new, 5 already there)") {
		t.Errorf("second demo: %s", out)
	}
}

func TestDemoSeedMatchesTestdata(t *testing.T) {
	a, _ := os.ReadFile("../../testdata/seed.txt")
	b, _ := demoFS.ReadFile("demo/seed.txt")
	if !bytes.Equal(a, b) {
		t.Error("cmd/newsgraph/demo/seed.txt differs from testdata/seed.txt")
	}
}

// TestIngestWithModels: ingest takes the extract command's model flags, and
// a model it cannot read stops it before anything is stored.
func TestIngestWithModels(t *testing.T) {
	dir := t.TempDir()
	const text = "Iraqi journalist Thaier Al-Sudani took the photograph."
	bad := filepath.Join(dir, "bad.model")
	os.WriteFile(bad, []byte("not a model"), 0o644)
	code, _, errOut := runCLI(t, dir, text, "ingest", "--model", bad, "-")
	if code == 0 || !strings.Contains(errOut, bad) {
		t.Fatalf("ingest with a bad model: exit %d, %s (want an error naming the file)", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "test.db")); err == nil {
		t.Error("a bad model still created the database")
	}
	table := filepath.Join(dir, "mine.tsv")
	os.WriteFile(table, []byte("# rule\trelation\tfacts\tright\thand-set\tconfidence\ndemonym-occupation-name\tcitizen_of\t10\t3\t0.75\t0.33\n"), 0o644)
	if code, out, errOut := runCLI(t, dir, text, "ingest", "--confidences", table, "--min-confidence", "0", "--model", "none", "-"); code != 0 {
		t.Fatalf("ingest --confidences: %d %s %s", code, out, errOut)
	}
	_, out, _ := runCLI(t, dir, "", "relations", "--type", "citizen_of", "--json")
	if !strings.Contains(out, `"confidence":0.33`) {
		t.Errorf("the ingested fact does not carry the table's confidence: %s", out)
	}
	// Each article records the models that extracted it.
	if code, out, errOut := runCLI(t, dir, "Maria Lopez flew to Paris.", "ingest", "-"); code != 0 {
		t.Fatalf("ingest: %d %s %s", code, out, errOut)
	}
	store, err := db.Open(context.Background(), filepath.Join(dir, "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	var models []string
	rows, _ := store.SQL().Query(`SELECT models FROM articles ORDER BY id`)
	for rows.Next() {
		var m string
		rows.Scan(&m)
		models = append(models, m)
	}
	rows.Close()
	id := "embedded models: " + extract.EmbeddedModelsID()
	want := []string{
		"newsgraph " + version + "; tagger: none; relations: embedded; confidences: mine.tsv sha256:",
		"newsgraph " + version + "; tagger: embedded; relations: embedded; confidences: embedded; " + id,
	}
	if len(models) != 2 || !strings.HasPrefix(models[0], want[0]) || !strings.HasSuffix(models[0], id) || models[1] != want[1] {
		t.Errorf("articles.models:\n%q\nwant\n%q (first with the table's hash)", models, want)
	}
}
