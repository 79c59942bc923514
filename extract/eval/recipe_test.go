package eval

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/newsgraph/newsgraph/extract"
)

// sharedTexts reads the article texts of ../shared/data by id, or skips
// when the data is not there.
func sharedTexts(t *testing.T) map[string]string {
	t.Helper()
	texts := map[string]string{}
	for _, name := range []string{"dwie/dev.jsonl", "conll2003/dev_docs.jsonl", "conll2003/train_docs.jsonl"} {
		path := filepath.Join("..", "..", "..", "shared", "data", name)
		f, err := os.Open(path)
		if err != nil {
			t.Skipf("no %s: the annotated data lives outside the repository (../shared/data)", path)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
		for sc.Scan() {
			var rec struct{ ID, Text string }
			if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
				t.Fatal(err)
			}
			texts[rec.ID] = rec.Text
		}
		f.Close()
	}
	return texts
}

// The embedded relation classifier and confidence table are rebuilt, byte
// for byte, by the recipe in docs/QUALITY.md: newsgraph train relations
// --facts testdata/newsfacts/heldout.jsonl --text ... -o
// extract/model/relations.model --table extract/model/confidence.tsv.
func TestEmbeddedModelsRebuildFromRecipe(t *testing.T) {
	if testing.Short() {
		t.Skip("the recipe trains six classifiers: about a minute")
	}
	texts := sharedTexts(t)
	f, err := os.Open(filepath.Join("..", "..", "testdata", "newsfacts", "heldout.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gold, err := ReadFacts("heldout.jsonl", f)
	if err != nil {
		t.Fatal(err)
	}
	if err := AddTexts(gold, texts); err != nil {
		t.Fatal(err)
	}
	rep, model, err := CrossFit(extract.New(), gold, 5, extract.DefaultRelationTrainOptions())
	if err != nil {
		t.Fatal(err)
	}
	var mb, tb bytes.Buffer
	if _, err := model.WriteTo(&mb); err != nil {
		t.Fatal(err)
	}
	if err := extract.WriteConfidences(&tb, Fit(rep.Sources)); err != nil {
		t.Fatal(err)
	}
	var cb bytes.Buffer
	if err := extract.WriteCalibration(&cb, rep.Recalibration); err != nil {
		t.Fatal(err)
	}
	for name, got := range map[string][]byte{"relations.model": mb.Bytes(), "confidence.tsv": tb.Bytes(), "calibration.tsv": cb.Bytes()} {
		want, err := os.ReadFile(filepath.Join("..", "model", name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("the recipe does not rebuild extract/model/%s: rebuild it (docs/QUALITY.md)", name)
		}
	}
}
