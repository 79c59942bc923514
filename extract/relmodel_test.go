package extract

import (
	"bytes"
	"compress/gzip"
	"io"
	"math"
	"slices"
	"testing"
)

func trainRelSmall(t testing.TB, seed uint64) *RelationModel {
	t.Helper()
	recs := readAnnotatedFile(t, "testdata/relations_small.jsonl")
	m, _ := LabelMapNamed("conll04")
	rm, err := TrainRelations(recs, nil, m, RelationTrainOptions{Epochs: 10, Seed: seed, MinCount: 1, HoldOut: 5, Runs: 2})
	if err != nil {
		t.Fatal(err)
	}
	return rm
}

// decideText classifies the pair (head, tail) of a hand-annotated sentence.
func decideText(t *testing.T, rm *RelationModel, text string, ents []AnnotatedEntity, head, tail int) string {
	t.Helper()
	m, _ := LabelMapNamed("conll04")
	labelOf := map[string]int{}
	for i, l := range m.Relations {
		labelOf[l.Label] = i + 1
	}
	typeOf := map[string]string{}
	for _, l := range m.Entities {
		typeOf[l.Label] = l.Types[0]
	}
	// Mark the pair with a relation so that relCandidates returns it
	// among the others; the label is not used.
	rec := AnnotatedRecord{Text: text, Entities: ents, Relations: []AnnotatedRelation{{Head: head, Tail: tail, Type: "Kill"}}}
	for _, x := range relCandidates(&rec, labelOf, typeOf) {
		if x.gold > 0 {
			l, _ := rm.decide(x.hashes, x.classes)
			return rm.labels[l]
		}
	}
	t.Fatalf("no candidate pair for %d, %d in %q", head, tail, text)
	return ""
}

func TestTrainRelationsGeneralises(t *testing.T) {
	rm := trainRelSmall(t, 1)
	if got := rm.Labels(); len(got) != 5 || got[0] != "works_for" || got[4] != "killed" {
		t.Fatalf("labels %v", got)
	}
	// Sentences the model has not seen, with names it has not seen, in
	// the patterns of the fixture.
	cases := []struct {
		text       string
		a, ta      string
		b, tb      string
		head, tail int
		want       string
	}{
		{"Hedda Gran works for Oslo Cement.", "Hedda Gran", "Peop", "Oslo Cement", "Org", 0, 1, "works_for"},
		{"Ivar Strom lives in Hamar.", "Ivar Strom", "Peop", "Hamar", "Loc", 0, 1, "lives_in"},
		{"Skagen Paper is based in Skagen.", "Skagen Paper", "Org", "Skagen", "Loc", 0, 1, "based_in"},
		{"Porvoo is a city in Finland.", "Porvoo", "Loc", "Finland", "Loc", 0, 1, "located_in"},
		{"Arne Vold killed Leif Hope.", "Arne Vold", "Peop", "Leif Hope", "Peop", 0, 1, "killed"},
		{"Arne Vold met Leif Hope.", "Arne Vold", "Peop", "Leif Hope", "Peop", 0, 1, ""},
		{"Ivar Strom visited Hamar.", "Ivar Strom", "Peop", "Hamar", "Loc", 0, 1, ""},
		// Direction: the victim is not the killer.
		{"Arne Vold killed Leif Hope.", "Arne Vold", "Peop", "Leif Hope", "Peop", 1, 0, ""},
	}
	for _, c := range cases {
		ents := []AnnotatedEntity{ent(c.text, c.a, c.ta, 0), ent(c.text, c.b, c.tb, 0)}
		if got := decideText(t, rm, c.text, ents, c.head, c.tail); got != c.want {
			t.Errorf("%q (%d -> %d): %q, want %q", c.text, c.head, c.tail, got, c.want)
		}
	}
}

func TestTrainRelationsRespectsArgumentTypes(t *testing.T) {
	rm := trainRelSmall(t, 1)
	for l := 1; l < len(rm.labels); l++ {
		if rm.allowedLabel(l, "L|P") {
			t.Errorf("%s may join a place to a person; the fixture never does", rm.labels[l])
		}
	}
	if !rm.allowedLabel(indexOf(rm.labels, "killed"), "P|P") || rm.allowedLabel(indexOf(rm.labels, "killed"), "P|O") {
		t.Error("killed should join people only")
	}
}

func indexOf(xs []string, s string) int {
	for i, x := range xs {
		if x == s {
			return i
		}
	}
	return -1
}

func TestTrainRelationsIsDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	trainRelSmall(t, 3).WriteTo(&a)
	trainRelSmall(t, 3).WriteTo(&b)
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("same data and seed gave different model bytes")
	}
}

func TestRelationModelRoundTrip(t *testing.T) {
	for name, rm := range map[string]*RelationModel{"fixture": trainRelSmall(t, 1), "embedded": DefaultRelationModel()} {
		t.Run(name, func(t *testing.T) {
			loaded := roundTrip(t, rm, LoadRelationModel)
			if loaded.Features() != rm.Features() || loaded.platt != rm.platt {
				t.Errorf("loaded %d features, Platt %v; saved %d, %v", loaded.Features(), loaded.platt, rm.Features(), rm.platt)
			}
		})
	}
}

func TestEmbeddedRelationModelBytesMatch(t *testing.T) {
	var buf bytes.Buffer
	DefaultRelationModel().WriteTo(&buf)
	if !bytes.Equal(buf.Bytes(), embeddedRelModel) {
		t.Error("the embedded relation model does not re-save to its own bytes")
	}
}

func TestLoadRelationModelRejectsBadFiles(t *testing.T) {
	var good bytes.Buffer
	trainRelSmall(t, 1).WriteTo(&good)
	gz := func(s string) []byte {
		var b bytes.Buffer
		w := gzip.NewWriter(&b)
		w.Write([]byte(s))
		w.Close()
		return b.Bytes()
	}
	var tagger bytes.Buffer
	trainSmall(t, 1).WriteTo(&tagger)
	for name, data := range map[string][]byte{
		"empty":        nil,
		"not gzip":     []byte("hello"),
		"bad header":   gz("newsgraph-xyz 1\n"),
		"tagger model": tagger.Bytes(),
		"truncated":    good.Bytes()[:len(good.Bytes())/2],
		"header only":  gz(relModelMagic),
	} {
		if _, err := LoadRelationModel(bytes.NewReader(data)); err == nil {
			t.Errorf("%s: loaded without error", name)
		}
	}
}

func TestFitPlatt(t *testing.T) {
	// Decisions right more often the larger their margin.
	var margins []float64
	var right []bool
	for i := range 200 {
		m := float64(i%20) - 5
		margins = append(margins, m)
		right = append(right, float64(i%7) < m)
	}
	a, b := fitPlatt(margins, right)
	if !(a > 0) {
		t.Fatalf("slope %v: confidence should grow with the margin", a)
	}
	// The fitted probabilities match the share right overall.
	sum, n := 0.0, 0
	for i, m := range margins {
		sum += sigmoid(a*m + b)
		if right[i] {
			n++
		}
	}
	if mean, share := sum/float64(len(margins)), float64(n)/float64(len(margins)); math.Abs(mean-share) > 0.03 {
		t.Errorf("mean probability %.3f, share right %.3f", mean, share)
	}
	if a, b := fitPlatt(nil, nil); a != 1 || b != 0 {
		t.Errorf("no decisions: %v, %v", a, b)
	}
}

// FuzzLoadRelationModel feeds the loader arbitrary model contents (the
// fuzzer's bytes, gzipped as a model file is), so that it explores the
// format rather than the compressor. The seed model is learnt from three
// sentences: the fuzzing engine minimises every new input it finds, and a
// seed the size of a real model (tens of kilobytes) stalls it there.
func FuzzLoadRelationModel(f *testing.F) {
	recs := readAnnotatedFile(f, "testdata/relations_small.jsonl")[:3]
	m04, _ := LabelMapNamed("conll04")
	seed, err := TrainRelations(recs, nil, m04, RelationTrainOptions{Epochs: 2, Seed: 1, MinCount: 1, HoldOut: 3, Runs: 1})
	if err != nil {
		f.Fatal(err)
	}
	var good bytes.Buffer
	seed.WriteTo(&good)
	zr, err := gzip.NewReader(&good)
	if err != nil {
		f.Fatal(err)
	}
	payload, _ := io.ReadAll(zr)
	f.Add(payload)
	f.Add([]byte(relModelMagic))
	var file bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&file, gzip.NoCompression) // reused: a new writer per input costs a megabyte
	f.Fuzz(func(t *testing.T, data []byte) {
		file.Reset()
		zw.Reset(&file)
		zw.Write(data)
		zw.Close()
		m, err := LoadRelationModel(&file)
		if err != nil {
			return
		}
		// Whatever loads must classify without panicking.
		rs := newRelSentence(Sentences("Anna Berg works for Nordic Steel.")[0].Tokens, nil)
		h, tl := relArg{s: 0, e: 2, class: "P", name: "Anna Berg"}, relArg{s: 4, e: 6, class: "O", name: "Nordic Steel"}
		m.classify(pairFeatures(rs, h, tl, nil), "P|O", nil)
	})
}

// The relation figures of docs/QUALITY.md, as floors.
func TestRelationQualityFloors(t *testing.T) {
	dwie := sharedData(t, "dwie/dev.jsonl")
	c04train, c04dev := sharedData(t, "conll04/train.jsonl"), sharedData(t, "conll04/dev.jsonl")
	if testing.Short() {
		t.Skip("skipping the relation quality runs in -short mode")
	}
	// The floors measure what the rules and the classifier find on the
	// benchmarks' own conventions, before the precision bar that decides
	// what is stored (docs/QUALITY.md reports both).
	// The benchmarks' figures are the CoNLL04 classifier's (the embedded
	// one learnt from news, annotated for the project, instead).
	c04m, _ := LabelMapNamed("conll04")
	conll04, err := TrainRelations(readAnnotatedFile(t, c04train), nil, c04m, DefaultRelationTrainOptions())
	if err != nil {
		t.Fatal(err)
	}
	m, _ := LabelMapNamed("dwie")
	rep, err := New().WithRelationModel(conll04).WithMinConfidence(0).Evaluate(readAnnotatedFile(t, dwie), TaskRelations, m)
	if err != nil {
		t.Fatal(err)
	}
	if f := rep.Entities.Overall.F1(); f < 0.45 {
		t.Errorf("DWIE dev entity-level relation F1 %.4f, below the 0.45 target", f)
	}
	// CoNLL04 with a tagger trained on its own conventions, stacked on
	// the embedded one (the recipe in docs/QUALITY.md).
	train, gold := readAnnotatedFile(t, c04train), readAnnotatedFile(t, c04dev)
	tg, err := TrainTagger(train, nil, TrainOptions{Epochs: 20, Seed: 1, MinCount: 2, Runs: 5, Base: DefaultTagger()})
	if err != nil {
		t.Fatal(err)
	}
	m04 := c04m
	rep, err = NewWithTagger(tg).WithRelationModel(conll04).WithMinConfidence(0).Evaluate(gold, TaskRelations, m04)
	if err != nil {
		t.Fatal(err)
	}
	if f := rep.Mentions.Overall.F1(); f < 0.55 {
		t.Errorf("CoNLL04 dev strict relation F1 %.4f, below the 0.55 target", f)
	}
}

// TestRelationPartners: a sentence of up to RelationNeighbours+1 names has
// every pair classified; a longer one pairs each name with the names
// nearest it in the text, in the order of the arguments.
func TestRelationPartners(t *testing.T) {
	few := make([]relArg, RelationNeighbours+1)
	for i := range few {
		few[i] = relArg{s: 100 - 2*i, e: 101 - 2*i}
	}
	if got := relPartners(few)(3); len(got) != len(few) {
		t.Errorf("%d names: name 3 pairs with %d, want all %d", len(few), len(got), len(few))
	}
	many := make([]relArg, 5*RelationNeighbours)
	for i := range many {
		many[i] = relArg{s: 1000 - 2*i, e: 1001 - 2*i} // in reverse text order
	}
	partners := relPartners(many)
	for i := range many {
		got := partners(i)
		var want []int
		for j := range many {
			if abs(i-j) <= RelationNeighbours {
				want = append(want, j)
			}
		}
		if !slices.Equal(got, want) {
			t.Fatalf("name %d pairs with %v, want %v", i, got, want)
		}
	}
}
