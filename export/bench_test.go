package export_test

import (
	"fmt"
	"io"
	"testing"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/export"
	"github.com/newsgraph/newsgraph/graph"
)

func benchGraph(n, m int) ([]newsgraph.Entity, []newsgraph.Fact) {
	ents := make([]newsgraph.Entity, n)
	for i := range ents {
		ents[i] = newsgraph.Entity{ID: int64(i + 1), Name: fmt.Sprintf("Entity & %d", i), Type: newsgraph.Person, Mentions: i % 50}
	}
	facts := make([]newsgraph.Fact, m)
	for i := range facts {
		s, o := int64(i%n+1), int64((i*7919)%n+1)
		facts[i] = newsgraph.Fact{ID: int64(i + 1), SubjectID: s, ObjectID: o, Relation: newsgraph.MeetsWith, Weight: 1 + i%5, Confidence: 0.85, Evidence: "A sentence with <markup> & quotes \" to escape."}
	}
	return ents, facts
}

func BenchmarkGraphML(b *testing.B) {
	ents, facts := benchGraph(10_000, 50_000)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if err := export.GraphML(io.Discard, export.Graph{Entities: ents, Facts: facts}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(facts))*float64(b.N)/b.Elapsed().Seconds(), "edges/s")
}

// BenchmarkGraphMLLarge writes 100,000 entities and 500,000 relations. Its
// B/op stays at the write buffer's size whatever the number of relations:
// the writer streams and allocates nothing per element.
func BenchmarkGraphMLLarge(b *testing.B) {
	ents, facts := graph.Generate(100_000, 5, 1)
	g := export.Graph{Entities: ents, Facts: facts}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := export.GraphML(io.Discard, g); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(facts))*float64(b.N)/b.Elapsed().Seconds(), "edges/s")
}

func BenchmarkGEXF(b *testing.B) {
	ents, facts := graph.Generate(10_000, 5, 1)
	g := export.Graph{Entities: ents, Facts: facts}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if err := export.GEXF(io.Discard, g); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(facts))*float64(b.N)/b.Elapsed().Seconds(), "edges/s")
}

// BenchmarkGEXFLarge writes 100,000 entities and 500,000 relations. GEXF
// streams as GraphML does; what it allocates is its timeline (a start
// date per node), not a model of the document.
func BenchmarkGEXFLarge(b *testing.B) {
	ents, facts := graph.Generate(100_000, 5, 1)
	g := export.Graph{Entities: ents, Facts: facts}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := export.GEXF(io.Discard, g); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(facts))*float64(b.N)/b.Elapsed().Seconds(), "edges/s")
}
