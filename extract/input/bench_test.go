package input

import (
	"os"
	"testing"
)

func BenchmarkParseText(b *testing.B) {
	seed, err := os.ReadFile("../../testdata/seed.txt")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(seed)))
	for i := 0; i < b.N; i++ {
		ParseText(string(seed))
	}
}
