package extract

import (
	"bytes"
	"io"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
)

func readAnnotatedFile(t testing.TB, path string) []AnnotatedRecord {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := ReadAnnotated(path, f)
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// sharedData returns a file under ../shared/data, or skips the test.
func sharedData(t testing.TB, rel string) string {
	t.Helper()
	p := "../../shared/data/" + rel
	if _, err := os.Stat(p); err != nil {
		t.Skipf("skipping: %s is not here (the annotated data lives outside the repository)", p)
	}
	return p
}

func trainSmall(t testing.TB, seed uint64) *Tagger {
	t.Helper()
	recs := readAnnotatedFile(t, "testdata/ner_small.jsonl")
	tg, err := TrainTagger(recs, nil, TrainOptions{Epochs: 15, Seed: seed, MinCount: 1})
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

func TestTrainConvergesOnFixture(t *testing.T) {
	recs := readAnnotatedFile(t, "testdata/ner_small.jsonl")
	var reports []EpochReport
	tg, err := TrainTagger(recs, recs, TrainOptions{Epochs: 15, Seed: 7, MinCount: 1,
		Progress: func(r EpochReport) { reports = append(reports, r) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(reports) != 15 {
		t.Fatalf("got %d epoch reports, want 15", len(reports))
	}
	if first, last := reports[0].Mistakes, reports[len(reports)-1].Mistakes; last != 0 || first == 0 {
		t.Errorf("training mistakes went from %d to %d, want some to none", first, last)
	}
	s := tg.Score(recs)
	if s.Overall.F1() != 1 {
		t.Errorf("the model tags its own training data back with F1 %.3f (%+v), want 1", s.Overall.F1(), s.Overall)
	}
	if got := strings.Join(tg.Types(), ","); got != "LOC,MISC,ORG,PER" {
		t.Errorf("types %s", got)
	}
}

func TestTrainIsDeterministic(t *testing.T) {
	var a, b, c bytes.Buffer
	if _, err := trainSmall(t, 3).WriteTo(&a); err != nil {
		t.Fatal(err)
	}
	trainSmall(t, 3).WriteTo(&b)
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("same data and seed gave different model bytes")
	}
	trainSmall(t, 4).WriteTo(&c)
	if bytes.Equal(a.Bytes(), c.Bytes()) {
		t.Log("another seed gave the same model (possible on tiny data)")
	}
}

// roundTrip saves m, loads it back and checks that saving again gives the
// same bytes.
func roundTrip[M interface {
	WriteTo(io.Writer) (int64, error)
}](t *testing.T, m M, load func(io.Reader) (M, error)) M {
	t.Helper()
	var first bytes.Buffer
	if _, err := m.WriteTo(&first); err != nil {
		t.Fatal(err)
	}
	loaded, err := load(bytes.NewReader(first.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	var second bytes.Buffer
	loaded.WriteTo(&second)
	if !bytes.Equal(first.Bytes(), second.Bytes()) {
		t.Fatalf("save, load, save changed the bytes (%d vs %d)", first.Len(), second.Len())
	}
	return loaded
}

func TestModelRoundTrip(t *testing.T) {
	for name, tg := range map[string]*Tagger{"fixture": trainSmall(t, 1), "embedded": DefaultTagger()} {
		t.Run(name, func(t *testing.T) {
			loaded := roundTrip(t, tg, LoadTagger)
			const text = "Maria Lopez met Tom Berg of Acme Corporation in Paris."
			if a, b := spansString(tg.Tag(text)), spansString(loaded.Tag(text)); a != b {
				t.Errorf("loaded model tags differently:\n%s\n%s", a, b)
			}
		})
	}
}

func TestEmbeddedModelBytesMatch(t *testing.T) {
	var buf bytes.Buffer
	DefaultTagger().WriteTo(&buf)
	if !bytes.Equal(buf.Bytes(), embeddedModel) {
		t.Error("the embedded model does not re-save to its own bytes")
	}
	if len(embeddedModel) > 15<<20 {
		t.Errorf("the model is %d bytes, over the 15 MB budget", len(embeddedModel))
	}
}

func TestLoadTaggerRejectsBadFiles(t *testing.T) {
	var good bytes.Buffer
	trainSmall(t, 1).WriteTo(&good)
	cases := map[string][]byte{
		"empty":     nil,
		"not gzip":  []byte("hello"),
		"truncated": good.Bytes()[:good.Len()/2],
	}
	for name, b := range cases {
		if _, err := LoadTagger(bytes.NewReader(b)); err == nil {
			t.Errorf("%s: loaded", name)
		}
	}
}

func spansString(spans []TaggedSpan) string {
	var b strings.Builder
	for _, s := range spans {
		b.WriteString(s.Type)
		b.WriteByte(' ')
		b.WriteString(strings.Repeat("x", s.End-s.Start))
		b.WriteByte(';')
	}
	return b.String()
}

// validBIO reports whether a label sequence never has I-X without B-X or
// I-X before it.
func validBIO(labels []int, nL int) bool {
	prev := nL
	for _, l := range labels {
		if !allowed(prev, l, nL) {
			return false
		}
		prev = l
	}
	return true
}

// TestTaggerRowsMatchFeatures: the tagger scores a token with the rows of
// its features as worked out once per form (wordRows); they must
// be the rows of staticFeatures' hashes, in the same order, or the scores
// would not add up as in training.
func TestTaggerRowsMatchFeatures(t *testing.T) {
	tg, lx := DefaultTagger(), embeddedLexicon()
	texts := []string{"BRUSSELS 1996-08-22\nEU REJECTS GERMAN CALL TO BOYCOTT BRITISH LAMB .\nPeter Blackburn said on Thursday.", "Ünïcode Zürich-based x"}
	for _, a := range readSeed(t) {
		texts = append(texts, a.Text)
	}
	tokens := 0
	for _, text := range texts {
		var sents [][]Token
		for _, s := range Sentences(text) {
			sents = append(sents, s.Tokens)
		}
		hints := newDocHints(sents)
		wordRows := wordRows(tg)
		for _, toks := range sents {
			ft, caps := lx.prepare(toks, hints, nil)
			for i := range ft {
				var want []int32
				for _, f := range staticFeatures(ft, i, caps, hints, nil) {
					want = append(want, tg.rowOf(f))
				}
				got := appendStatic(ft, i, caps, hints, nil, wordRows, tg.rowOf)
				if !slices.Equal(got, want) {
					t.Fatalf("%q, token %d (%q): rows\n%v, want\n%v", text, i, ft[i].form, got, want)
				}
				tokens++
			}
		}
	}
	if tokens < 1000 {
		t.Fatalf("only %d tokens compared", tokens)
	}
}

// wordRows gives the rows of a form's features (wordFeatures) looked up
// one by one: what the tagger's per-form sums (formRows) are checked
// against.
func wordRows(t *Tagger) func(*ftok) *wordFeats[int32] {
	return func(ft *ftok) *wordFeats[int32] {
		r := mapFeats(wordFeatureHashes(ft), t.rowOf)
		return &r
	}
}

// TestTaggerSumsMatchRows checks that tagDoc, which adds up each form's
// rows once per form (formRows), labels every token as adding up the
// rows of staticFeatures one by one would, with the forms of earlier
// articles kept (wordCache) or not.
func TestTaggerSumsMatchRows(t *testing.T) {
	tg, lx := DefaultTagger(), embeddedLexicon()
	nL := tg.nLabels()
	texts := []string{"BRUSSELS 1996-08-22\nEU REJECTS GERMAN CALL TO BOYCOTT BRITISH LAMB .\nPeter Blackburn said on Thursday."}
	for _, a := range readSeed(t) {
		texts = append(texts, a.Text, a.Text) // the second time, every form is kept
	}
	var docs [][][]Token
	for _, text := range texts {
		var sents [][]Token
		for _, s := range Sentences(text) {
			sents = append(sents, s.Tokens)
		}
		docs = append(docs, sents)
	}
	// reference labels each sentence from the rows of staticFeatures
	// and historyFeature, one by one.
	reference := func(sents [][]Token) [][]tagSpan {
		hints := newDocHints(sents)
		wordRows := wordRows(tg)
		var out [][]tagSpan
		for _, toks := range sents {
			ft, caps := lx.prepare(toks, hints, nil)
			em := make([]float32, len(ft)*nL)
			for i := range ft {
				rows := appendStatic(ft, i, caps, hints, nil, wordRows, tg.rowOf)
				if h := historyFeature(hints, &ft[i]); h != 0 {
					rows = append(rows, tg.rowOf(h))
				}
				for _, r := range rows {
					if r >= 0 {
						addRow(em[i*nL:(i+1)*nL], tg.weights[int(r)*nL:(int(r)+1)*nL])
					}
				}
			}
			spans := bioSpans(viterbi(em, len(ft), nL, tg.trans, nil), nil)
			hints.remember(ft, caps, spans, len(tg.types))
			out = append(out, spans)
		}
		return out
	}
	kept := map[string]*wordInfo{}
	spans := 0
	for _, sents := range docs {
		want := reference(sents)
		fresh, _ := tg.tagDoc(lx, sents)
		warm, _ := tg.tagDocWith(lx, sents, kept)
		for si := range sents {
			if !slices.Equal(fresh[si], want[si]) || !slices.Equal(warm[si], want[si]) {
				t.Fatalf("sentence %d: spans %v (fresh) and %v (forms kept), want %v", si, fresh[si], warm[si], want[si])
			}
			spans += len(want[si])
		}
	}
	if spans < 100 || len(kept) < 300 {
		t.Fatalf("only %d spans compared, %d forms kept", spans, len(kept))
	}
}

func TestViterbiNeverEmitsInvalidBIO(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 2000 {
		nL := 1 + 2*(1+rng.IntN(4))
		n := rng.IntN(12)
		em := make([]float32, n*nL)
		for i := range em {
			em[i] = float32(rng.NormFloat64() * 5)
			if rng.IntN(3) == 0 && i%nL != 0 && (i%nL)%2 == 0 {
				em[i] += 50 // tempt the decoder with strong I- scores
			}
		}
		trans := make([]float32, (nL+1)*nL)
		for i := range trans {
			trans[i] = float32(rng.NormFloat64())
		}
		labels := viterbi(em, n, nL, trans, nil)
		if len(labels) != n || !validBIO(labels, nL) {
			t.Fatalf("trial %d: labels %v are not a valid BIO sequence of %d", trial, labels, n)
		}
	}
}

func TestViterbiPicksBestSequence(t *testing.T) {
	// Three labels (O, B-X, I-X), two tokens: brute force agrees.
	const nL = 3
	em := []float32{0, 1, 5, 0, 0, 3}
	trans := make([]float32, (nL+1)*nL)
	got := viterbi(em, 2, nL, trans, nil)
	best, arg := float32(-1e9), []int{}
	for a := range nL {
		for b := range nL {
			if !allowed(nL, a, nL) || !allowed(a, b, nL) {
				continue
			}
			if s := em[a] + em[nL+b]; s > best {
				best, arg = s, []int{a, b}
			}
		}
	}
	if got[0] != arg[0] || got[1] != arg[1] {
		t.Errorf("viterbi %v, brute force %v", got, arg)
	}
}

func TestBIOSpans(t *testing.T) {
	// O B-0 I-0 B-1 B-1 I-1 O
	got := bioSpans([]int{0, 1, 2, 3, 3, 4, 0}, nil)
	want := []tagSpan{{1, 3, 0}, {3, 4, 1}, {4, 6, 1}}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("span %d: got %v, want %v", i, got[i], want[i])
		}
	}
}

func TestGoldLabels(t *testing.T) {
	text := "Tom Berg's firm, Acme Corporation, left Paris."
	toks := Tokens(text)
	ents := []AnnotatedEntity{{Start: 0, End: 8, Type: "PER"}, {Start: 17, End: 33, Type: "ORG"}, {Start: 40, End: 45, Type: "LOC"}}
	types := map[string]int{"LOC": 0, "ORG": 1, "PER": 2}
	labels, straddle := goldLabels(toks, ents, types)
	var got []string
	for _, l := range labels {
		got = append(got, labelName([]string{"LOC", "ORG", "PER"}, l))
	}
	want := "B-PER I-PER O O O B-ORG I-ORG O O B-LOC O"
	if strings.Join(got, " ") != want || straddle != 0 {
		t.Errorf("got %s (straddle %d), want %s", strings.Join(got, " "), straddle, want)
	}
}

func TestCoNLLDevF1(t *testing.T) {
	path := sharedData(t, "conll2003/dev.jsonl")
	if testing.Short() {
		t.Skip("skipping the CoNLL-2003 dev run in -short mode")
	}
	gold := readAnnotatedFile(t, path)
	m, _ := LabelMapNamed("conll2003")
	rep, err := New().Evaluate(gold, TaskNER, m)
	if err != nil {
		t.Fatal(err)
	}
	if f := rep.Mentions.Overall.F1(); f < 0.90 {
		t.Errorf("CoNLL-2003 dev F1 %.4f, below the 0.90 floor (docs/QUALITY.md)", f)
	}
}

func TestEmbeddedModelRebuildsFromRecipe(t *testing.T) {
	train := sharedData(t, "conll2003/train.jsonl")
	dev := sharedData(t, "conll2003/dev.jsonl")
	if testing.Short() {
		t.Skip("skipping the retraining run in -short mode")
	}
	tg, err := TrainTagger(readAnnotatedFile(t, train), readAnnotatedFile(t, dev), DefaultTrainOptions())
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	tg.WriteTo(&buf)
	if !bytes.Equal(buf.Bytes(), embeddedModel) {
		t.Error("retraining with the documented recipe does not give the embedded model's bytes: rebuild it (docs/QUALITY.md)")
	}
}

func TestStackedTagger(t *testing.T) {
	recs := readAnnotatedFile(t, "testdata/ner_small.jsonl")
	tg, err := TrainTagger(recs, nil, TrainOptions{Epochs: 10, Seed: 1, MinCount: 1, Base: DefaultTagger()})
	if err != nil {
		t.Fatal(err)
	}
	if s := tg.Score(recs); s.Overall.F1() != 1 {
		t.Errorf("stacked model tags its training data with F1 %.3f", s.Overall.F1())
	}
	var buf bytes.Buffer
	if _, err := tg.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	loaded, err := LoadTagger(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if loaded.base != DefaultTagger() {
		t.Fatal("a stacked model loads without its base")
	}
	const text = "Maria Lopez met Tom Berg of Acme Corporation in Paris."
	if a, b := spansString(tg.Tag(text)), spansString(loaded.Tag(text)); a != b {
		t.Errorf("loaded stacked model tags differently:\n%s\n%s", a, b)
	}
	// The base's labels are features: a model trained without them
	// differs.
	plain, _ := TrainTagger(recs, nil, TrainOptions{Epochs: 10, Seed: 1, MinCount: 1})
	if plain.Features() == tg.Features() {
		t.Errorf("stacking added no features (%d)", tg.Features())
	}
	// The embedded model cannot be stacked on itself.
	if _, err := loadTagger(bytes.NewReader(buf.Bytes()), nil); err == nil {
		t.Error("a stacked model loaded with no base to stack on")
	}
}

// TestTaggerRuns: several perceptrons trained side by side give their
// mean; one run is the plain perceptron; the same options give the same
// bytes.
func TestTaggerRuns(t *testing.T) {
	recs := readAnnotatedFile(t, "testdata/ner_small.jsonl")
	model := func(opt TrainOptions) []byte {
		tg, err := TrainTagger(recs, nil, opt)
		if err != nil {
			t.Fatal(err)
		}
		if s := tg.Score(recs); s.Overall.F1() < 0.95 {
			t.Errorf("runs %d: the model tags its training data with F1 %.3f", opt.Runs, s.Overall.F1())
		}
		var buf bytes.Buffer
		tg.WriteTo(&buf)
		return buf.Bytes()
	}
	base := TrainOptions{Epochs: 6, Seed: 1, MinCount: 1}
	one, zero := model(base), model(TrainOptions{Epochs: 6, Seed: 1, MinCount: 1, Runs: 1})
	if !bytes.Equal(one, zero) {
		t.Error("Runs 1 differs from the default")
	}
	three := base
	three.Runs = 3
	a, b := model(three), model(three)
	if !bytes.Equal(a, b) {
		t.Error("the same options gave different models")
	}
	if bytes.Equal(a, one) {
		t.Error("three runs gave the model of one")
	}
	// The mean of runs seeded 1, 2, 3 is not the model of seed 2 alone.
	seed2 := base
	seed2.Seed = 2
	if bytes.Equal(a, model(seed2)) {
		t.Error("three runs gave the model of one seed")
	}
}
