package main

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// viewersJS is the web-viewer harness: package.json pins graphology, its
// GEXF and GraphML parsers, sigma.js and esbuild; check.mjs drives it.
const viewersJS = "../../export/testdata/js"

// TestExportsLoadInWebViewers exports a small real database (the demo's
// articles) and has export/testdata/js/check.mjs load each export as web
// viewers do: GEXF and GraphML with graphology-gexf and graphology-graphml
// (the parsers Gephi Lite uses too), the JSON formats as a page would, in
// headless Chromium; it checks the node and edge counts, the undirected
// edges, the attributes' types and the absence of a node attribute "type",
// and draws each with sigma.js, which must throw nothing and draw pixels.
// It needs node, Debian's chromium and the npm packages (npm ci runs when
// node_modules is missing), and skips with a message without them. Set
// NEWSGRAPH_VIEWER_SCREENSHOT=FILE.png to keep a picture of the drawings.
func TestExportsLoadInWebViewers(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: drawing the exports in headless Chromium takes 10-30 s")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not found: install nodejs, npm and chromium to check the exports in web viewers")
	}
	chromium := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			chromium = p
			break
		}
	}
	if chromium == "" {
		t.Skip("chromium not found: install Debian's chromium to draw the exports with sigma.js")
	}
	js, err := filepath.Abs(viewersJS)
	if err != nil {
		t.Fatal(err)
	}
	// npm writes node_modules/.package-lock.json last: without it an
	// install is missing or did not finish.
	if _, err := os.Stat(filepath.Join(js, "node_modules", ".package-lock.json")); errors.Is(err, os.ErrNotExist) {
		npm, err := exec.LookPath("npm")
		if err != nil {
			t.Skip("export/testdata/js/node_modules is missing and npm not found: install npm, or run npm ci there")
		}
		cmd := exec.Command(npm, "ci", "--no-audit", "--no-fund")
		cmd.Dir = js
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Skipf("npm ci in export/testdata/js failed (is the npm registry reachable?): %v\n%.2000s", err, out)
		}
	}

	dir := demoDB(t)
	files := map[string]string{}
	for _, format := range []string{"gexf", "graphml", "json", "cytoscape"} {
		files[format] = filepath.Join(dir, "demo."+format)
		if code, _, errOut := runCLI(t, dir, "", "export", "--format", format, "-o", files[format]); code != 0 {
			t.Fatalf("export %s: %s", format, errOut)
		}
	}
	// What the viewers must find, from the JSON export as Go reads it.
	b, err := os.ReadFile(files["json"])
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Nodes []json.RawMessage          `json:"nodes"`
		Links []struct{ Symmetric bool } `json:"links"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	symmetric := 0
	for _, l := range doc.Links {
		if l.Symmetric {
			symmetric++
		}
	}
	if symmetric == 0 || len(doc.Nodes) < 10 {
		t.Fatalf("the demo database has %d nodes and %d symmetric relations: too few to test with", len(doc.Nodes), symmetric)
	}
	n, m, s := strconv.Itoa(len(doc.Nodes)), strconv.Itoa(len(doc.Links)), strconv.Itoa(symmetric)
	counts := func(undirected string) []string {
		return []string{"nodes=" + n, "edges=" + m, "undirected=" + undirected}
	}
	args := []string{filepath.Join(js, "check.mjs"), "--chromium", chromium}
	if shot := os.Getenv("NEWSGRAPH_VIEWER_SCREENSHOT"); shot != "" {
		args = append(args, "--screenshot", shot)
	}
	args = append(args, "gexf="+files["gexf"])
	args = append(args, counts(s)...)
	args = append(args, "node.label=string", "node.entity_type=string", "node.mentions=number", "node.size=number",
		"node.color=string", "node.pagerank=number", "node.community=number", "node.aliases=string?",
		"edge.label=string", "edge.relation=string", "edge.weight=number", "edge.confidence=number", "edge.evidence=string",
		"edge.symmetric=boolean", "edge.date=string?", "edge.first_date=string?", "edge.last_date=string?",
		"edge.article=string?", "edge.rule=string?")
	// GraphML stays directed: networkx refuses mixed GraphML, and
	// graphology-graphml ignores directed="false".
	args = append(args, "graphml="+files["graphml"])
	args = append(args, counts("0")...)
	args = append(args, "node.label=string", "node.entity_type=string", "node.mentions=number", "node.articles=number",
		"node.size=number", "node.color=string", "node.pagerank=number", "node.degree=number",
		"edge.label=string", "edge.relation=string", "edge.weight=number", "edge.confidence=number",
		"edge.symmetric=boolean", "edge.first_date=string?", "edge.rule=string?")
	for _, format := range []string{"json", "cytoscape"} {
		args = append(args, format+"="+files[format])
		args = append(args, counts(s)...)
		args = append(args, "node.label=string", "node.entity_type=string", "node.mentions=number", "node.size=number",
			"node.color=string", "edge.relation=string", "edge.weight=number", "edge.symmetric=boolean", "edge.first_date=string?")
	}
	cmd := exec.Command(node, args...)
	cmd.Dir = js
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit) && exit.ExitCode() == 3:
		t.Skipf("chromium could not run here: %s", out)
	case err != nil:
		t.Fatalf("the exports do not load or draw in web viewers: %v\n%s", err, failures(string(out)))
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	t.Log(lines[len(lines)-1])
}

// failures keeps check.mjs's failed checks and messages, not its many
// passed ones.
func failures(out string) string {
	var keep []string
	for _, line := range strings.Split(out, "\n") {
		if !strings.HasPrefix(line, "ok ") {
			keep = append(keep, line)
		}
	}
	return strings.Join(keep, "\n")
}
