package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/db"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/internal/dbtest"
)

// demoDB builds the demo database (seed and sample articles) in a new
// directory.
func demoDB(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if code, out, errOut := runCLI(t, dir, "", "demo", "--graphml", filepath.Join(dir, "demo.graphml")); code != 0 {
		t.Fatalf("demo: %d %s %s", code, out, errOut)
	}
	return dir
}

func TestAnalyzeRankCommunities(t *testing.T) {
	dir := demoDB(t)
	if code, _, errOut := runCLI(t, dir, "", "rank"); code != 1 || !strings.Contains(errOut, "run 'newsgraph analyze' first") {
		t.Errorf("rank before analyze: %d %s", code, errOut)
	}
	code, out, errOut := runCLI(t, dir, "", "analyze", "--json")
	if code != 0 {
		t.Fatalf("analyze: %d %s", code, errOut)
	}
	var info struct {
		Entities, Relations, Communities, Components int
		Modularity                                   float64
		Exact                                        bool
		Filter                                       string
	}
	if err := json.Unmarshal([]byte(out), &info); err != nil || info.Entities < 20 || info.Communities < 2 || !info.Exact || info.Filter != "all" {
		t.Fatalf("analyze --json: %v %s", err, out)
	}
	// PageRank as stored reads back in order, and sqlite3 users see the table.
	code, out, _ = runCLI(t, dir, "", "rank", "--by", "pagerank", "--type", "GPE", "--limit", "3", "--json")
	var ranked []struct {
		Name    string
		Type    string
		Metrics struct{ PageRank float64 }
	}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var r struct {
			Name    string `json:"name"`
			Type    string `json:"type"`
			Metrics struct {
				PageRank float64 `json:"pagerank"`
			} `json:"metrics"`
		}
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("rank --json: %v: %s", err, line)
		}
		ranked = append(ranked, struct {
			Name    string
			Type    string
			Metrics struct{ PageRank float64 }
		}{r.Name, r.Type, struct{ PageRank float64 }{r.Metrics.PageRank}})
	}
	if code != 0 || len(ranked) != 3 || ranked[0].Type != "GPE" || ranked[0].Metrics.PageRank < ranked[2].Metrics.PageRank {
		t.Errorf("rank: %d %+v", code, ranked)
	}
	if code, out, _ := runCLI(t, dir, "", "rank", "--by", "fame"); code != 1 || !strings.Contains(out+"", "") {
		t.Errorf("rank --by fame: %d", code)
	}
	code, out, _ = runCLI(t, dir, "", "communities")
	if code != 0 || !strings.Contains(out, "COMMUNITY\tSIZE\tMOST CENTRAL") || !strings.Contains(out, "Najib Mikati") {
		t.Errorf("communities: %d %s", code, out)
	}
	code, out, _ = runCLI(t, dir, "", "communities", "--layer", "diplomacy", "--json")
	if code != 0 || !strings.Contains(out, `"layer":"diplomacy"`) {
		t.Errorf("communities --layer: %d %s", code, out)
	}
	if code, _, errOut := runCLI(t, dir, "", "communities", "--layer", "sports"); code != 1 || !strings.Contains(errOut, "no communities in layer") {
		t.Errorf("unknown layer: %d %s", code, errOut)
	}
}

func TestNeighborsAndKPaths(t *testing.T) {
	dir := demoDB(t)
	code, out, _ := runCLI(t, dir, "", "neighbors", "Mikati")
	// "Caretaker Prime Minister Najib Mikati" names no country, so Lebanon
	// is not a neighbour: a bare title takes no country from the article.
	if code != 0 || !strings.Contains(out, "1\tTyre\tGPE\tNajib Mikati visited Tyre") || strings.Contains(out, "prime_minister_of") {
		t.Errorf("neighbors: %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, dir, "", "neighbors", "Mikati", "--depth", "2", "--type", "visited")
	if code != 0 || strings.Contains(out, "Lebanon") || !strings.Contains(out, "Tyre") {
		t.Errorf("neighbors --type visited: %d\n%s", code, out)
	}
	if code, _, errOut := runCLI(t, dir, "", "neighbors", "Mikati", "--type", "likes"); code != 1 || !strings.Contains(errOut, "unknown relation type") {
		t.Errorf("bad relation: %d %s", code, errOut)
	}
	code, out, _ = runCLI(t, dir, "", "path", "Romanowski", "Najib Mikati", "--k", "3", "--json")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 3 {
		t.Fatalf("path --k 3: %d\n%s", code, out)
	}
	prev := 0
	for i, l := range lines {
		var p struct {
			Path int               `json:"path"`
			Hops []json.RawMessage `json:"hops"`
		}
		if err := json.Unmarshal([]byte(l), &p); err != nil || p.Path != i+1 || len(p.Hops) < prev {
			t.Errorf("path %d: %v %s", i+1, err, l)
		}
		prev = len(p.Hops)
	}
}

func TestCorrectionsFromTheCommandLine(t *testing.T) {
	dir := demoDB(t)
	// The seed names Washington as the US government and as the city.
	code, out, _ := runCLI(t, dir, "", "entity", "United States", "--json")
	if code != 0 || !strings.Contains(out, `"Washington"`) {
		t.Errorf("United States lacks the alias Washington: %s", out)
	}
	code, out, _ = runCLI(t, dir, "", "entities", "--match", "Washington")
	if code != 0 || !strings.Contains(out, "\tWashington\tGPE\t") {
		t.Errorf("the city Washington is not its own entity:\n%s", out)
	}
	code, out, errOut := runCLI(t, dir, "", "merge", "Iraq", "Baghdad")
	if code != 0 || !strings.Contains(out, `merge "Baghdad" into "Iraq"`) {
		t.Fatalf("merge: %d %s %s", code, out, errOut)
	}
	if _, out, _ := runCLI(t, dir, "", "entities", "--match", "Baghdad"); !strings.Contains(out, "\tIraq\t") || strings.Contains(out, "\tBaghdad\t") {
		t.Errorf("after merge:\n%s", out)
	}
	// Re-ingest: a new article naming Baghdad resolves to Iraq.
	code, _, errOut = runCLI(t, dir, "Officials in Baghdad met Joe Biden on Friday.\n", "ingest", "-")
	if code != 0 {
		t.Fatalf("ingest: %s", errOut)
	}
	if _, out, _ := runCLI(t, dir, "", "relations", "--entity", "Joe Biden"); !strings.Contains(out, "Iraq") {
		t.Errorf("relation from the new article:\n%s", out)
	}
	code, out, _ = runCLI(t, dir, "", "undo")
	if code != 0 || !strings.Contains(out, "undid correction") {
		t.Errorf("undo: %d %s", code, out)
	}
	if _, out, _ := runCLI(t, dir, "", "entities", "--match", "Baghdad"); !strings.Contains(out, "\tBaghdad\t") {
		t.Errorf("after undo Baghdad is not back:\n%s", out)
	}
	code, out, _ = runCLI(t, dir, "", "alias", "add", "Islamic State", "Daesh")
	if code != 0 || !strings.Contains(out, `"Islamic State" is now also "Daesh"`) {
		t.Errorf("alias add: %d %s", code, out)
	}
	if _, out, _ := runCLI(t, dir, "", "entity", "daesh"); !strings.Contains(out, "Islamic State") {
		t.Errorf("alias lookup:\n%s", out)
	}
	code, out, _ = runCLI(t, dir, "", "merges", "--by", "user")
	if code != 0 || strings.Count(out, "\tuser\t") != 2 || !strings.Contains(out, "undone") {
		t.Errorf("merges log:\n%s", out)
	}
	if code, _, errOut := runCLI(t, dir, "", "split", "Iraq"); code != 1 || !strings.Contains(errOut, "not merged") {
		t.Errorf("split a root: %d %s", code, errOut)
	}
	if code, _, errOut := runCLI(t, dir, "", "undo", "x"); code != 2 || !strings.Contains(errOut, "not a correction number") {
		t.Errorf("undo x: %d %s", code, errOut)
	}
	code, out, _ = runCLI(t, dir, "", "doctor", "--json")
	if code != 0 {
		t.Errorf("doctor: %d %s", code, out)
	}
}

func TestExportFormatsAndFilters(t *testing.T) {
	dir := demoDB(t)
	for _, format := range []string{"graphml", "gexf", "dot", "json", "cytoscape"} {
		p := filepath.Join(dir, "g."+format)
		if code, _, errOut := runCLI(t, dir, "", "export", "--format", format, "-o", p); code != 0 {
			t.Fatalf("export %s: %s", format, errOut)
		}
		b, _ := os.ReadFile(p)
		if !strings.Contains(string(b), "Najib Mikati") || !strings.Contains(string(b), "pagerank") && format != "dot" {
			t.Errorf("%s export lacks names or measures: %.200s", format, b)
		}
	}
	// Filters: one relation type; an ego network.
	code, out, _ := runCLI(t, dir, "", "export", "--format", "json", "--relation", "visited")
	var doc struct {
		Nodes []map[string]any `json:"nodes"`
		Links []map[string]any `json:"links"`
	}
	if err := json.Unmarshal([]byte(out), &doc); code != 0 || err != nil || len(doc.Links) == 0 {
		t.Fatalf("export --relation: %d %v", code, err)
	}
	for _, l := range doc.Links {
		if l["relation"] != "visited" {
			t.Errorf("filtered export has %v", l["relation"])
		}
	}
	code, out, _ = runCLI(t, dir, "", "export", "--format", "json", "--around", "Mikati", "--hops", "1")
	if err := json.Unmarshal([]byte(out), &doc); code != 0 || err != nil || len(doc.Nodes) != 3 { // Mikati, Tyre, Lisa Johnson (the classifier's "visited Beirut" is below the bar)
		t.Errorf("ego export: %d nodes, %v", len(doc.Nodes), err)
	}
	for _, bad := range [][]string{
		{"export", "--since", "March 2024"},
		{"export", "--min-confidence", "2"},
		{"export", "--entity-type", "ANIMAL"},
		{"export", "--format", "xlsx"},
	} {
		if code, _, _ := runCLI(t, dir, "", bad...); code != 1 {
			t.Errorf("%v: exit %d, want 1", bad, code)
		}
	}
}

func TestRender(t *testing.T) {
	dir := demoDB(t)
	svg := filepath.Join(dir, "g.svg")
	if _, err := exec.LookPath("dot"); err != nil {
		code, _, errOut := runCLI(t, dir, "", "render", "-o", svg)
		if code != 1 || !strings.Contains(errOut, "install graphviz") {
			t.Errorf("render without graphviz: %d %s", code, errOut)
		}
		t.Skip("graphviz not installed: checked the message only")
	}
	code, _, errOut := runCLI(t, dir, "", "render", "--around", "Mikati", "--hops", "1", "-o", svg)
	b, _ := os.ReadFile(svg)
	if code != 0 || !strings.Contains(string(b), "<svg") || !strings.Contains(string(b), "Najib Mikati") {
		t.Errorf("render: %d %s %.100s", code, errOut, b)
	}
	if code, _, errOut := runCLI(t, dir, "", "render", "-o", filepath.Join(dir, "g.txt")); code != 1 || !strings.Contains(errOut, ".svg, .png or .pdf") {
		t.Errorf("render to .txt: %d %s", code, errOut)
	}
	// Without dot on PATH, a clear message.
	t.Setenv("PATH", t.TempDir())
	if code, _, errOut := runCLI(t, dir, "", "render", "-o", svg); code != 1 || !strings.Contains(errOut, "install graphviz") {
		t.Errorf("render without dot on PATH: %d %s", code, errOut)
	}
}

// A graph too large to draw is refused by its count, before its facts'
// evidence is read or its entities measured; --force or a filter draws.
func TestRenderLimit(t *testing.T) {
	if _, err := exec.LookPath("dot"); err != nil {
		t.Skip("graphviz not installed")
	}
	dir := t.TempDir()
	ctx := context.Background()
	store, err := db.Open(ctx, filepath.Join(dir, "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	ents, facts := graph.Generate(renderLimit+100, 1, 1)
	if err := store.BulkLoad(ctx, ents, facts, 5); err != nil {
		t.Fatal(err)
	}
	store.Close()
	svg := filepath.Join(dir, "g.svg")
	code, _, errOut := runCLI(t, dir, "", "render", "-o", svg)
	if code != 1 || !strings.Contains(errOut, "too many to draw") || !strings.Contains(errOut, "--force") {
		t.Errorf("render of %d entities: %d %s", len(ents), code, errOut)
	}
	if _, err := os.Stat(svg); err == nil {
		t.Error("a refused render left a picture")
	}
	code, _, errOut = runCLI(t, dir, "", "render", "--around", ents[len(ents)-1].Name, "--hops", "1", "-o", svg)
	if b, _ := os.ReadFile(svg); code != 0 || !strings.Contains(string(b), "<svg") {
		t.Errorf("render around one entity: %d %s", code, errOut)
	}
}

func TestQuotes(t *testing.T) {
	dir := ingestSeed(t)
	code, out, _ := runCLI(t, dir, "", "quotes", "--speaker", "Romanowski", "--json")
	if code != 0 {
		t.Fatalf("quotes: %d %s", code, out)
	}
	var direct, told int
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var q struct {
			Speaker, Addressee, Text string
			Direct                   bool
			Start, End               int
		}
		if err := json.Unmarshal([]byte(line), &q); err != nil {
			t.Fatalf("%v: %s", err, line)
		}
		if q.Speaker != "Alina Romanowski" || q.End <= q.Start {
			t.Errorf("quote %+v", q)
		}
		if q.Direct {
			direct++
		}
		if q.Addressee == "Reuters" && strings.Contains(q.Text, "is not done") {
			told++
		}
	}
	if direct < 4 || told != 1 {
		t.Errorf("%d direct quotes, %d told Reuters:\n%s", direct, told, out)
	}
	code, out, _ = runCLI(t, dir, "", "quotes", "--match", "resistance")
	if code != 0 || !strings.Contains(out, "Najib Mikati") || !strings.Contains(out, "“The resistance is doing its duty") {
		t.Errorf("quotes --match:\n%s", out)
	}
}

// storedMeasures dumps entity_metrics and entity_layers as stored, every
// number in full (the shortest text that reads back to the same float64).
func storedMeasures(t *testing.T, path string) string {
	t.Helper()
	conn, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var b strings.Builder
	for _, q := range []string{
		`SELECT entity_id, in_degree, out_degree, degree, weighted_degree, pagerank, betweenness, closeness, component, core, community
			FROM entity_metrics ORDER BY entity_id`,
		`SELECT entity_id, layer, community FROM entity_layers`, // in storage order
	} {
		_, rows := dbtest.Rows(t, conn, q)
		for _, vals := range rows {
			for _, v := range vals {
				if f, ok := v.(float64); ok {
					v = strconv.FormatFloat(f, 'g', -1, 64)
				}
				fmt.Fprint(&b, v, "\t")
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

// TestAnalyzeIsReproducible: analyzing the same database again stores the
// same measures, byte for byte, and exports carrying them (the stored ones,
// and those computed for a filtered graph) come out the same.
func TestAnalyzeIsReproducible(t *testing.T) {
	dir := demoDB(t)
	exports := [][]string{
		{"export", "--format", "graphml"},
		{"export", "--format", "gexf"},
		{"export", "--format", "json", "--relation", "meets_with,visited,citizen_of"},
		{"export", "--format", "graphml", "--around", "Iraq", "--hops", "2"},
		{"rank", "--limit", "0", "--json"},
	}
	snapshot := func() []string {
		if code, _, errOut := runCLI(t, dir, "", "analyze"); code != 0 {
			t.Fatalf("analyze: %s", errOut)
		}
		out := []string{storedMeasures(t, filepath.Join(dir, "test.db"))}
		for _, args := range exports {
			code, o, errOut := runCLI(t, dir, "", args...)
			if code != 0 {
				t.Fatalf("%v: %s", args, errOut)
			}
			out = append(out, o)
		}
		return out
	}
	first, second := snapshot(), snapshot()
	if !strings.Contains(first[0], "\tdiplomacy\t") || !strings.Contains(first[1], "pagerank") {
		t.Fatalf("nothing stored or exported:\n%.300s\n%.300s", first[0], first[1])
	}
	for i := range first {
		if first[i] != second[i] {
			what := "stored measures"
			if i > 0 {
				what = strings.Join(exports[i-1], " ")
			}
			t.Errorf("%s differ between two analyses of the same database", what)
		}
	}
}

// TestRankPeopleByPageRank: on the demo, PageRank (each relation both ways)
// tells people apart: the top ones differ in value, and the person with the
// most relations outranks those with the fewest. --directed, subject to
// object only, gives people, mostly subjects, tied minimal values.
func TestRankPeopleByPageRank(t *testing.T) {
	dir := demoDB(t)
	type person struct {
		Name    string `json:"name"`
		Metrics struct {
			PageRank       float64 `json:"pagerank"`
			WeightedDegree float64 `json:"weighted_degree"`
		} `json:"metrics"`
	}
	people := func(args ...string) []person {
		t.Helper()
		if code, _, errOut := runCLI(t, dir, "", append([]string{"analyze"}, args...)...); code != 0 {
			t.Fatalf("analyze %v: %s", args, errOut)
		}
		code, out, errOut := runCLI(t, dir, "", "rank", "--by", "pagerank", "--type", "PERSON", "--limit", "0", "--json")
		if code != 0 {
			t.Fatalf("rank: %s", errOut)
		}
		var ps []person
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			var p person
			if err := json.Unmarshal([]byte(line), &p); err != nil {
				t.Fatalf("rank --json: %v: %s", err, line)
			}
			ps = append(ps, p)
		}
		if len(ps) < 8 {
			t.Fatalf("only %d people in the demo", len(ps))
		}
		return ps
	}
	distinct := func(ps []person) int {
		seen := map[float64]bool{}
		for _, p := range ps {
			seen[p.Metrics.PageRank] = true
		}
		return len(seen)
	}
	ps := people()
	if top := ps[:5]; distinct(top) != len(top) {
		t.Errorf("the top people share PageRank values: %+v", top)
	}
	hub, fewest := ps[0], ps[0].Metrics.WeightedDegree
	for _, p := range ps {
		if p.Metrics.WeightedDegree > hub.Metrics.WeightedDegree {
			hub = p
		}
		fewest = min(fewest, p.Metrics.WeightedDegree)
	}
	for _, p := range ps {
		if p.Metrics.WeightedDegree == fewest && p.Metrics.PageRank >= hub.Metrics.PageRank {
			t.Errorf("%s (weighted degree %v) ranks %v, not below %s (weighted degree %v, %v)", p.Name, fewest, p.Metrics.PageRank,
				hub.Name, hub.Metrics.WeightedDegree, hub.Metrics.PageRank)
		}
	}
	t.Logf("undirected: %d people, %d distinct values; %s first, hub %s", len(ps), distinct(ps), ps[0].Name, hub.Name)
	if d := people("--directed"); distinct(d) >= distinct(ps) {
		t.Errorf("directed PageRank gives people %d distinct values, undirected %d", distinct(d), distinct(ps))
	}
}

// render -o - writes the picture to standard output.
func TestRenderToStdout(t *testing.T) {
	if _, err := exec.LookPath("dot"); err != nil {
		t.Skip("no Graphviz dot")
	}
	dir := ingestSeed(t)
	code, out, errOut := runCLI(t, dir, "", "render", "-o", "-", "--format", "svg", "--around", "Mikati", "--hops", "1")
	if code != 0 || !strings.Contains(out, "<svg") || !strings.Contains(out, "Najib Mikati") {
		t.Fatalf("render -o -: %d %.200s %s", code, out, errOut)
	}
	for _, p := range []string{"-", "-.tmp", filepath.Join(dir, "-")} {
		if _, err := os.Stat(p); err == nil {
			os.Remove(p)
			t.Errorf("render wrote a file named %s", p)
		}
	}
}
