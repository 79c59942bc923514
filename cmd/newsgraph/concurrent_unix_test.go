//go:build unix

package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/db"
	"github.com/newsgraph/newsgraph/internal/dbtest"
)

// resolutionCorpus writes articles from..to-1 of a corpus whose entity
// resolution depends on the order articles are stored in: people named in
// full in some articles and by surname alone in others, two of them
// sharing a surname, so that a lone surname joins the one person who has
// it only while a second has not come (db/resolve.go). Interleaving two
// ingests article by article would merge differently from any sequential
// order. JSON Lines, ids "rN".
func resolutionCorpus(from, to int) string {
	firsts := []string{"Maria", "Ahmed", "Elena", "John", "Fatima", "Pierre", "Yuki", "Carlos", "Anna", "Omar", "Lena", "David", "Sofia", "Karim", "Ingrid", "Tomas"}
	lasts := []string{"Kovacs", "Haddad", "Novak", "Okafor", "Lindqvist", "Moreau", "Tanaka", "Ruiz", "Petrov", "Nasser", "Berg", "Costa", "Haddad", "Walsh", "Brandt", "Silva"}
	places := [][3]string{{"France", "Paris", "French"}, {"Germany", "Berlin", "German"}, {"Egypt", "Cairo", "Egyptian"}, {"Japan", "Tokyo", "Japanese"},
		{"Kenya", "Nairobi", "Kenyan"}, {"Iraq", "Baghdad", "Iraqi"}, {"Lebanon", "Beirut", "Lebanese"}, {"Jordan", "Amman", "Jordanian"}}
	groups := []string{"Hezbollah", "Hamas", "Islamic State", "al-Shabaab"}
	days := []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"}
	var b strings.Builder
	for i := from; i < to; i++ {
		rng := rand.New(rand.NewPCG(uint64(i), 7)) // article i is the same whichever part it is in
		k, k2 := rng.IntN(len(firsts)), rng.IntN(len(firsts))
		p, p2 := firsts[k]+" "+lasts[k], firsts[k2]+" "+lasts[k2]
		c, c2 := places[rng.IntN(len(places))], places[rng.IntN(len(places))]
		day := days[rng.IntN(len(days))]
		var text string
		switch rng.IntN(5) {
		case 0:
			text = fmt.Sprintf("%s Foreign Minister %s visited %s on %s to discuss trade with %s.", c[2], p, c2[1], day, p2)
		case 1:
			text = fmt.Sprintf("%s said on %s that the talks with %s would continue.", lasts[k], day, c[0])
		case 2:
			text = fmt.Sprintf("%s Prime Minister %s met %s President %s in %s on %s.", c[2], p, c2[2], p2, c[1], day)
		case 3:
			text = fmt.Sprintf("%s claimed responsibility for the attack in %s on %s, officials said. %s condemned it.", groups[rng.IntN(len(groups))], c[1], day, lasts[k])
		case 4:
			text = fmt.Sprintf("US Ambassador to %s %s told Reuters on %s that %s would visit %s.", c[0], p, day, lasts[k2], c2[1])
		}
		rec, _ := json.Marshal(map[string]string{"id": fmt.Sprintf("r%d", i), "title": fmt.Sprintf("Report %d", i), "text": text})
		b.Write(rec)
		b.WriteByte('\n')
	}
	return b.String()
}

// syncBuffer is a bytes.Buffer a child process writes while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// child is newsgraph running in a process of its own.
type child struct {
	cmd       *exec.Cmd
	out, errs syncBuffer
	done      chan struct{}
	code      int
}

// startChild starts newsgraph with args, env added to the environment and
// stdin (nil for none) as its standard input.
func startChild(t *testing.T, env []string, stdin io.Reader, args ...string) *child {
	t.Helper()
	c := &child{cmd: newsgraphCmd(t, env, args...), done: make(chan struct{})}
	c.cmd.Stdin = stdin
	c.cmd.Stdout, c.cmd.Stderr = &c.out, &c.errs
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		err := c.cmd.Wait()
		if ee, ok := err.(*exec.ExitError); ok {
			c.code = ee.ExitCode()
			if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
				c.code = 128 + int(ws.Signal()) // as a shell says
			}
		} else if err != nil {
			c.code = -1
		}
		close(c.done)
	}()
	t.Cleanup(func() {
		select {
		case <-c.done:
		default:
			c.cmd.Process.Kill()
			<-c.done
		}
	})
	return c
}

// wait waits for the child to end, at most a minute.
func (c *child) wait(t *testing.T) int {
	t.Helper()
	select {
	case <-c.done:
	case <-time.After(time.Minute):
		c.cmd.Process.Kill()
		t.Fatalf("%v did not end within a minute; stderr:\n%s", c.cmd.Env[len(c.cmd.Env)-1], c.errs.String())
	}
	return c.code
}

func (c *child) exited() bool {
	select {
	case <-c.done:
		return true
	default:
		return false
	}
}

// poll calls cond every few milliseconds until it holds, for at most
// timeout; it says whether it held.
func poll(timeout time.Duration, cond func() bool) bool {
	for end := time.Now().Add(timeout); time.Now().Before(end); time.Sleep(3 * time.Millisecond) {
		if cond() {
			return true
		}
	}
	return cond()
}

// readDB opens the database at path for the test's own queries, read-only.
func readDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	conn, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// count runs a COUNT query on path (0 when the database is not there yet).
func count(t *testing.T, conn *sql.DB, q string) int {
	var n int
	conn.QueryRow(q).Scan(&n)
	return n
}

// dump is a database's contents: for each table, its rows as text, sorted.
// Ids are kept (runs that store the same articles in the same order give
// the same ids); timestamps (columns named *_at) are left out, and the
// corpus directory is cut from the articles' sources.
type dump map[string][]string

func dumpDB(t *testing.T, path, corpusDir string) dump {
	t.Helper()
	d := dump(dbtest.Dump(t, path))
	for _, rows := range d {
		for i, r := range rows {
			rows[i] = strings.ReplaceAll(r, corpusDir+string(filepath.Separator), "")
		}
		sort.Strings(rows)
	}
	return d
}

// sameDump reports how got differs from want, table by table.
func sameDump(t *testing.T, got, want dump, what string) {
	t.Helper()
	var tables []string
	for k := range want {
		tables = append(tables, k)
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			tables = append(tables, k)
		}
	}
	sort.Strings(tables)
	for _, table := range tables {
		g, w := got[table], want[table]
		if slices.Equal(g, w) {
			continue
		}
		missing, extra := diffLines(w, g), diffLines(g, w)
		t.Errorf("%s: table %s has %d rows, want %d; %d missing, e.g. %q; %d not wanted, e.g. %q",
			what, table, len(g), len(w), len(missing), firstOf(missing), len(extra), firstOf(extra))
	}
}

// diffLines lists the lines of a (sorted) not in b (sorted).
func diffLines(a, b []string) []string {
	var out []string
	for _, s := range a {
		if _, found := slices.BinarySearch(b, s); !found {
			out = append(out, s)
		}
	}
	return out
}

func firstOf(xs []string) string {
	if len(xs) == 0 {
		return ""
	}
	return xs[0]
}

// corpus is the resolution corpus in two halves, a.jsonl (articles 0-149)
// and b.jsonl (150-299), and whole, all.jsonl, in one directory shared by
// the tests, with the contents sequential ingests give, computed once.
var corpus struct {
	once          sync.Once
	ok            bool
	dir           string
	a, b, all     string
	ab, ba, whole dump              // a then b, b then a, all
	perArticle    map[string]string // hash -> what all.jsonl's run stored with it
}

func resolutionFiles(t *testing.T) {
	t.Helper()
	corpus.once.Do(func() {
		dir, err := os.MkdirTemp("", "newsgraph-corpus")
		if err != nil {
			t.Fatal(err)
		}
		corpus.dir = dir
		afterTests = append(afterTests, func() { os.RemoveAll(dir) })
		corpus.a, corpus.b, corpus.all = filepath.Join(dir, "a.jsonl"), filepath.Join(dir, "b.jsonl"), filepath.Join(dir, "all.jsonl")
		for f, body := range map[string]string{corpus.a: resolutionCorpus(0, 150), corpus.b: resolutionCorpus(150, 300), corpus.all: resolutionCorpus(0, 300)} {
			if err := os.WriteFile(f, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		sequential := func(files ...string) (dump, string) {
			db := t.TempDir()
			for _, f := range files {
				if code, out, errOut := runCLI(t, db, "", "ingest", f); code != 0 {
					t.Fatalf("ingest %s: %d %s %s", f, code, out, errOut)
				}
			}
			return dumpDB(t, filepath.Join(db, "test.db"), dir), filepath.Join(db, "test.db")
		}
		corpus.ab, _ = sequential(corpus.a, corpus.b)
		corpus.ba, _ = sequential(corpus.b, corpus.a)
		var whole string
		corpus.whole, whole = sequential(corpus.all)
		corpus.perArticle = perArticle(t, whole)
		corpus.ok = true
	})
	if !corpus.ok {
		t.Fatal("the corpus could not be made (see the first test that failed)")
	}
}

// perArticle says, for each article stored in the database at path, by
// its hash, how many sections, mentions, pieces of evidence and quotes it
// was stored with.
func perArticle(t *testing.T, path string) map[string]string {
	t.Helper()
	conn := readDB(t, path)
	rows, err := conn.Query(`SELECT a.hash,
		(SELECT COUNT(*) FROM sections WHERE article_id = a.id) || ' sections, ' ||
		(SELECT COUNT(*) FROM mentions WHERE article_id = a.id) || ' mentions, ' ||
		(SELECT COUNT(*) FROM evidence WHERE article_id = a.id) || ' evidence, ' ||
		(SELECT COUNT(*) FROM quotes WHERE article_id = a.id) || ' quotes'
		FROM articles a`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var h, what string
		if err := rows.Scan(&h, &what); err != nil {
			t.Fatal(err)
		}
		out[h] = what
	}
	return out
}

// checkIntegrity fails unless PRAGMA integrity_check answers ok and the
// full-text indexes hold exactly the rows they index. No newsgraph may be
// running on path.
func checkIntegrity(t *testing.T, path string) {
	t.Helper()
	var check string
	if err := readDB(t, path).QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Errorf("integrity_check: %q %v", check, err)
	}
	dbtest.CheckFTS(t, path)
}

// holdWriterLock takes the single-writer lock of the database at path, as
// a writing command does, until the returned function is called.
func holdWriterLock(t *testing.T, path string) func() {
	t.Helper()
	held, err := db.Open(context.Background(), path, db.SingleWriter(func() { t.Fatal("the test waited for the lock") }))
	if err != nil {
		t.Fatal(err)
	}
	return func() { held.Close() }
}

const waitingMsg = "waiting for another newsgraph writer on "

// TestConcurrentIngests runs two ingests into one database at once, each
// in a process of its own: different halves of a corpus, then the same
// files twice. The test holds the writer lock while both start, so that
// both are under way before either may write; each says it waits. Every
// article must be stored exactly once, both must succeed, and the database
// must hold exactly what the two ingests give run one after the other, in
// the order they took the lock, ids included.
func TestConcurrentIngests(t *testing.T) {
	resolutionFiles(t)
	if slices.Equal(corpus.ab["merges"], corpus.ba["merges"]) || slices.Equal(corpus.ab["entities"], corpus.ba["entities"]) {
		t.Fatal("the corpus resolves the same in either order: it cannot tell interleaved runs from sequential ones")
	}
	for _, c := range []struct {
		name  string
		runs  [][]string
		first func(*testing.T, *sql.DB, []*child) dump // the sequential run it must equal
	}{
		{"different inputs", [][]string{{corpus.a}, {corpus.b}}, func(t *testing.T, conn *sql.DB, ch []*child) dump {
			for i, c := range ch {
				if !strings.Contains(c.out.String(), "150 articles read: 150 new, 0 duplicates, 0 failed") {
					t.Errorf("ingest %d: %s", i, c.out.String())
				}
			}
			var source string
			conn.QueryRow(`SELECT source FROM articles ORDER BY id LIMIT 1`).Scan(&source)
			if source == corpus.b {
				return corpus.ba
			}
			return corpus.ab
		}},
		{"the same input twice", [][]string{{corpus.a, corpus.b}, {corpus.a, corpus.b}}, func(t *testing.T, conn *sql.DB, ch []*child) dump {
			outs := ch[0].out.String() + ch[1].out.String()
			if !strings.Contains(outs, "300 articles read: 300 new, 0 duplicates, 0 failed") || !strings.Contains(outs, "300 articles read: 0 new, 300 duplicates, 0 failed") {
				t.Errorf("one ingest should store all, the other find all stored:\n%s", outs)
			}
			return corpus.ab
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "test.db")
			release := holdWriterLock(t, path)
			var children []*child
			for _, files := range c.runs {
				children = append(children, startChild(t, nil, nil, append([]string{"--db", path, "ingest"}, files...)...))
			}
			for i, ch := range children {
				if !poll(20*time.Second, func() bool { return strings.Contains(ch.errs.String(), waitingMsg+path+"...") || ch.exited() }) || ch.exited() {
					t.Fatalf("ingest %d did not wait for the lock: exit %d, %s", i, ch.code, ch.errs.String())
				}
			}
			conn := readDB(t, path)
			if n := count(t, conn, `SELECT COUNT(*) FROM articles`); n != 0 {
				t.Errorf("%d articles stored while the lock was held", n)
			}
			release()
			for i, ch := range children {
				if code := ch.wait(t); code != 0 {
					t.Errorf("ingest %d: exit %d\n%s", i, code, ch.errs.String())
				}
				if n := strings.Count(ch.errs.String(), waitingMsg); n != 1 {
					t.Errorf("ingest %d said it waits %d times:\n%s", i, n, ch.errs.String())
				}
			}
			if n, ids := count(t, conn, `SELECT COUNT(*) FROM articles`), count(t, conn, `SELECT COUNT(DISTINCT external_id) FROM articles`); n != 300 || ids != 300 {
				t.Errorf("%d articles stored, %d distinct ids; want each of the 300 once", n, ids)
			}
			want := c.first(t, conn, children)
			checkIntegrity(t, path)
			sameDump(t, dumpDB(t, path, corpus.dir), want, "after concurrent ingests")
		})
	}
}

// TestIngestBesideLookups runs look-ups (entities, entity, relations,
// path), each in a process of its own, one after another for as long as an
// ingest runs in another: no look-up may fail or wait for the lock, and
// the ingest must store every article, to the same contents as when it
// runs alone.
func TestIngestBesideLookups(t *testing.T) {
	resolutionFiles(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "test.db")
	if code, out, errOut := runCLI(t, dir, "", "ingest", corpus.a); code != 0 {
		t.Fatalf("ingest: %d %s %s", code, out, errOut)
	}
	lookups := [][]string{
		{"entities", "--type", "PERSON"},
		{"entity", "Moreau"},
		{"relations", "--entity", "France"},
		{"path", "Pierre Moreau", "Iraq"},
	}
	for _, args := range lookups { // they find something
		if code, out, errOut := runCLI(t, dir, "", args...); code != 0 || out == "" {
			t.Fatalf("%s: %d %s", strings.Join(args, " "), code, errOut)
		}
	}
	ing := startChild(t, nil, nil, "--db", path, "ingest", corpus.b)
	ran, during := 0, 0
	for i := 0; !ing.exited() || i < len(lookups); i++ {
		args := lookups[i%len(lookups)]
		running := !ing.exited()
		c := startChild(t, nil, nil, append([]string{"--db", path}, args...)...)
		code := c.wait(t)
		ran++
		if running {
			during++
		}
		if code != 0 || c.out.String() == "" || strings.Contains(c.errs.String(), "locked") || strings.Contains(c.errs.String(), "waiting") {
			t.Errorf("%s beside an ingest: exit %d, %d bytes out, %s", strings.Join(args, " "), code, len(c.out.String()), c.errs.String())
		}
	}
	t.Logf("%d look-ups, %d of them started while the ingest ran", ran, during)
	if during == 0 {
		t.Error("no look-up ran beside the ingest")
	}
	if code := ing.wait(t); code != 0 || !strings.Contains(ing.out.String(), "150 articles read: 150 new, 0 duplicates, 0 failed") {
		t.Errorf("ingest beside look-ups: exit %d, %s %s", code, ing.out.String(), ing.errs.String())
	}
	checkIntegrity(t, path)
	sameDump(t, dumpDB(t, path, corpus.dir), corpus.ab, "after an ingest beside look-ups")
}

// summaryLine matches ingest's summary.
var summaryLine = regexp.MustCompile(`(\d+) files, (\d+) articles read: (\d+) new, (\d+) duplicates, (\d+) failed`)

// summary returns the numbers of ingest's summary in out: files, articles,
// new, duplicates, failed.
func summary(t *testing.T, out string) [5]int {
	t.Helper()
	m := summaryLine.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no summary in %q", out)
	}
	var n [5]int
	for i := range n {
		n[i], _ = strconv.Atoi(m[i+1])
	}
	return n
}

// checkWholeArticles fails unless every article in the database at path
// was stored with all its sections, mentions, evidence and quotes: as many
// as the uninterrupted run stored with it.
func checkWholeArticles(t *testing.T, path string) {
	t.Helper()
	for h, got := range perArticle(t, path) {
		if want, ok := corpus.perArticle[h]; !ok || got != want {
			t.Errorf("article %.12s stored with %s; uninterrupted: %s", h, got, want)
		}
	}
}

// TestIngestInterrupted sends SIGINT to an ingest in mid-run: it must
// finish the article it is storing, print the summary (which must agree
// with the database), exit with 130, and leave a sound database in which
// each article is whole; running the same ingest again must complete it
// to what an uninterrupted run stores, ids included.
func TestIngestInterrupted(t *testing.T) {
	resolutionFiles(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "test.db")
	ing := startChild(t, []string{batchEnv + "=64"}, nil, "--db", path, "ingest", corpus.all)
	conn := readDB(t, path)
	if !poll(20*time.Second, func() bool { return count(t, conn, `SELECT COUNT(*) FROM articles`) >= 20 || ing.exited() }) || ing.exited() {
		t.Fatalf("the ingest stored no article or ended before the signal: exit %d, %s", ing.code, ing.out.String())
	}
	ing.cmd.Process.Signal(syscall.SIGINT)
	if code := ing.wait(t); code != 130 {
		t.Errorf("exit %d after SIGINT, want 130; stderr:\n%s", code, ing.errs.String())
	}
	for _, want := range []string{"SIGINT: finishing the article being stored", "ingest stopped by SIGINT"} {
		if !strings.Contains(ing.errs.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, ing.errs.String())
		}
	}
	sum := summary(t, ing.out.String())
	stored := count(t, conn, `SELECT COUNT(*) FROM articles`)
	if sum[1] >= 300 || sum[2] != stored || sum[2] != sum[1] || sum[4] != 0 {
		t.Errorf("summary %v, %d articles stored: want the articles read all stored, fewer than 300", sum, stored)
	}
	t.Logf("interrupted after %d articles", stored)
	checkIntegrity(t, path)
	checkWholeArticles(t, path)

	code, out, errOut := runCLI(t, dir, "", "ingest", corpus.all)
	if code != 0 || summary(t, out) != [5]int{1, 300, 300 - stored, stored, 0} {
		t.Errorf("ingest again: exit %d, %s %s", code, out, errOut)
	}
	sameDump(t, dumpDB(t, path, corpus.dir), corpus.whole, "interrupted, then run again")
}

// TestIngestInterruptedReadingStdin sends SIGTERM to an ingest waiting for
// more of its standard input, in the middle of a record: it must stop at
// once rather than wait for the rest, with the records it had whole
// stored, the cut one neither stored nor reported as malformed, the
// summary, and exit status 143.
func TestIngestInterruptedReadingStdin(t *testing.T) {
	resolutionFiles(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "test.db")
	// ingest reads the first 8 KiB before it starts (to tell the format,
	// and binary input): 80 records are more.
	const whole = 80
	lines := strings.SplitAfter(resolutionCorpus(0, whole+1), "\n")
	if n := len(strings.Join(lines[:whole], "")); n < 8192 {
		t.Fatalf("%d records make only %d bytes", whole, n)
	}
	// An *os.File, so that the child reads the pipe itself (exec would
	// copy from any other reader, and Wait would wait for that copy).
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pw.Close()
	ing := startChild(t, nil, pr, "--db", path, "ingest", "--format", "jsonl", "-")
	pr.Close()
	for _, l := range lines[:whole] {
		pw.Write([]byte(l))
	}
	pw.Write([]byte(lines[whole][:30])) // half a record
	conn := readDB(t, path)
	if !poll(20*time.Second, func() bool { return count(t, conn, `SELECT COUNT(*) FROM articles`) == whole || ing.exited() }) || ing.exited() {
		t.Fatalf("the first %d records were not stored: exit %d, %s %s", whole, ing.code, ing.out.String(), ing.errs.String())
	}
	time.Sleep(50 * time.Millisecond) // so that it is reading when the signal comes
	ing.cmd.Process.Signal(syscall.SIGTERM)
	if code := ing.wait(t); code != 143 {
		t.Errorf("exit %d after SIGTERM, want 143; stderr:\n%s", code, ing.errs.String())
	}
	if sum := summary(t, ing.out.String()); sum != [5]int{1, whole, whole, 0, 0} {
		t.Errorf("summary %v, want %d articles, all new, none failed", sum, whole)
	}
	if errOut := ing.errs.String(); strings.Contains(errOut, "malformed") || strings.Contains(errOut, "error:") || !strings.Contains(errOut, "ingest stopped by SIGTERM") {
		t.Errorf("stderr:\n%s", errOut)
	}
	checkIntegrity(t, path)
	checkWholeArticles(t, path)
}

// TestIngestDiskFull fills the database in mid-ingest (PRAGMA
// max_page_count, through maxPagesEnv, stands in for a full disk: SQLite
// answers both with SQLITE_FULL): the ingest must stop there with one
// message saying so, print the summary, exit with 1, and keep what it
// stored whole; once there is room, the same ingest completes it.
func TestIngestDiskFull(t *testing.T) {
	resolutionFiles(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "test.db")
	if code, out, errOut := runCLI(t, dir, "", "ingest", corpus.a); code != 0 {
		t.Fatalf("ingest: %d %s %s", code, out, errOut)
	}
	conn := readDB(t, path)
	pages := count(t, conn, `PRAGMA page_count`)
	ing := startChild(t, []string{fmt.Sprintf("%s=%d", maxPagesEnv, pages+10)}, nil, "--db", path, "ingest", corpus.b)
	if code := ing.wait(t); code != 1 {
		t.Errorf("exit %d on a full disk, want 1", code)
	}
	errOut := ing.errs.String()
	if n := strings.Count(errOut, "database or disk is full"); n != 1 || !strings.Contains(errOut, "newsgraph: ingest stopped at "+corpus.b+":") ||
		!strings.Contains(errOut, "test.db cannot grow: the disk is full") || strings.Contains(errOut, "error:") {
		t.Errorf("want one message, naming the record and the full disk; stderr:\n%s", errOut)
	}
	sum := summary(t, ing.out.String())
	stored := count(t, conn, `SELECT COUNT(*) FROM articles`)
	if sum[4] != 1 || sum[1] != sum[2]+1 || stored != 150+sum[2] || sum[2] >= 150 {
		t.Errorf("summary %v with %d articles in the file: want the articles before the full disk stored, one failed, then a stop", sum, stored)
	}
	t.Logf("the disk filled after %d articles; stderr: %s", sum[2], errOut)
	checkIntegrity(t, path)
	checkWholeArticles(t, path)

	code, out, errOut := runCLI(t, dir, "", "ingest", corpus.b)
	if code != 0 || summary(t, out) != [5]int{1, 150, 150 - sum[2], sum[2], 0} {
		t.Errorf("ingest again with room: exit %d, %s %s", code, out, errOut)
	}
	sameDump(t, dumpDB(t, path, corpus.dir), corpus.ab, "full, then run again")
}

// TestIngestKilled kills an ingest with SIGKILL (no handler runs, no
// batch is committed) at several points: before its first commit, just
// after one, in the middle of later batches, and after random delays.
// Each time the file must pass integrity_check, hold every article it
// holds whole (as many sections, mentions, pieces of evidence and quotes
// as in an uninterrupted run), and the same ingest run again must complete
// it to what an uninterrupted run stores, ids included.
func TestIngestKilled(t *testing.T) {
	resolutionFiles(t)
	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 1))
	t.Logf("random delays from seed %d", seed)
	type point struct {
		name     string
		articles int           // kill once this many are committed
		delay    time.Duration // or after this long
	}
	points := []point{
		{name: "at once"},
		{name: "after the first commit", articles: 1},
		{name: "after 100 committed", articles: 100},
	}
	if !testing.Short() {
		points = append(points, point{name: "after 200 committed", articles: 200})
		for i := range 3 {
			points = append(points, point{name: fmt.Sprintf("after a random delay %d", i), delay: time.Duration(20+rng.IntN(480)) * time.Millisecond})
		}
	}
	for _, p := range points {
		t.Run(p.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "test.db")
			ing := startChild(t, []string{batchEnv + "=64"}, nil, "--db", path, "ingest", corpus.all)
			conn := readDB(t, path)
			switch {
			case p.articles > 0:
				if !poll(30*time.Second, func() bool { return count(t, conn, `SELECT COUNT(*) FROM articles`) >= p.articles || ing.exited() }) {
					t.Fatalf("%d articles not stored within 30 s", p.articles)
				}
			case p.delay > 0:
				time.Sleep(p.delay)
			}
			ing.cmd.Process.Kill()
			code := ing.wait(t)
			stored := count(t, conn, `SELECT COUNT(*) FROM articles`)
			t.Logf("killed (exit %d) with %d articles stored", code, stored)
			if _, err := os.Stat(path); err == nil { // killed before it made the file: nothing to check
				checkIntegrity(t, path)
			}
			if stored > 0 { // killed while migrating: some tables are not there yet
				checkWholeArticles(t, path)
			}

			code, out, errOut := runCLI(t, dir, "", "ingest", corpus.all)
			if code != 0 || summary(t, out) != [5]int{1, 300, 300 - stored, stored, 0} {
				t.Errorf("ingest again: exit %d, %s %s", code, out, errOut)
			}
			checkIntegrity(t, path)
			sameDump(t, dumpDB(t, path, corpus.dir), corpus.whole, "killed, then run again")
		})
	}
}
