package input

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph"
)

// readSeed reads the seed articles of ../../testdata/seed.txt.
func readSeed(t testing.TB) []newsgraph.Article {
	t.Helper()
	seed, err := os.ReadFile("../../testdata/seed.txt")
	if err != nil {
		t.Fatal(err)
	}
	arts, err := Read("seed.txt", bytes.NewReader(seed), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return arts
}

func TestParseTextSeed(t *testing.T) {
	arts := readSeed(t)
	if len(arts) != 2 {
		t.Fatalf("got %d articles, want 2", len(arts))
	}
	tests := []struct {
		title, date, dateSource, credit, captionStart string
		bodyHas                                       string
	}{
		{"US Ambassador to Baghdad: Coalition's Work with Iraq to Fully Defeat ISIS is Not Done", "2024-03-23", "caption",
			"REUTERS/Thaier Al-Sudani", "US Ambassador to Iraq Alina Romanowski speaks", "ISIS still poses a threat"},
		{"Mikati: Lebanon in State of War, Resistance, Government Doing Their Duty", "", "",
			"Asharq Al-Awsat", "Caretaker Prime Minister Najib Mikati visits students", "The South Governorate boasts"},
	}
	for i, tt := range tests {
		a := arts[i]
		if a.Title != tt.title || a.Date != tt.date || a.DateSource != tt.dateSource {
			t.Errorf("article %d: title %q date %q (%s)", i, a.Title, a.Date, a.DateSource)
		}
		var kinds []string
		for _, s := range a.Sections {
			kinds = append(kinds, s.Kind)
			if s.Kind == newsgraph.SectionCaption {
				c := substr(a.Text, s.Start, s.End)
				if s.Credit != tt.credit || !strings.HasPrefix(c, tt.captionStart) || strings.Contains(c, tt.credit) {
					t.Errorf("article %d caption %q credit %q", i, c, s.Credit)
				}
			}
		}
		if strings.Join(kinds[:3], ",") != "title,caption,body" {
			t.Errorf("article %d sections %v", i, kinds)
		}
		if strings.Count(a.Text, tt.title) != 1 || strings.Count(a.Text, tt.captionStart) != 1 {
			t.Errorf("article %d repeats its headline or caption", i)
		}
		if strings.Contains(a.Text, "\nTT\n") || strings.Contains(a.Text, "REUTERS/") {
			t.Errorf("article %d keeps an artefact or credit in its text", i)
		}
		if !strings.Contains(a.Text, tt.bodyHas) {
			t.Errorf("article %d lost body text %q", i, tt.bodyHas)
		}
	}
}

func TestReadFormats(t *testing.T) {
	t.Run("html", func(t *testing.T) {
		f, err := os.Open("../../testdata/article.html")
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		arts, err := Read("article.html", f, ReadOptions{})
		if err != nil || len(arts) != 1 {
			t.Fatalf("got %d articles, err %v", len(arts), err)
		}
		a := arts[0]
		if !strings.Contains(a.Title, "Jordan's king meets French president") || a.Date != "2024-05-06" || a.DateSource != "metadata" {
			t.Errorf("title %q date %q %q", a.Title, a.Date, a.DateSource)
		}
		if !strings.Contains(a.Text, "Emmanuel Macron met King Abdullah") || strings.Contains(a.Text, "Privacy") || strings.Contains(a.Text, "Sport") {
			t.Errorf("article body not extracted cleanly: %q", a.Text)
		}
	})
	t.Run("jsonl", func(t *testing.T) {
		f, err := os.Open("../../testdata/articles.jsonl")
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		arts, err := Read("articles.jsonl", f, ReadOptions{Date: "2024-01-01"})
		if err != nil || len(arts) != 2 {
			t.Fatalf("got %d articles, err %v", len(arts), err)
		}
		if arts[0].ExternalID != "a1" || arts[0].Title != "Kenya's president visits Ethiopia" || arts[0].Date != "2024-02-10" || arts[0].URL != "https://example.org/a1" {
			t.Errorf("record 1: %+v", arts[0])
		}
		if arts[1].Date != "2024-01-01" || arts[1].DateSource != "flag" || !strings.HasPrefix(arts[1].Text, "German Chancellor") {
			t.Errorf("record 2: date %q %q text %q", arts[1].Date, arts[1].DateSource, arts[1].Text)
		}
	})
}

func TestReadBadInput(t *testing.T) {
	tests := []struct {
		name, content, reason string
		good                  int
	}{
		{"empty.txt", " \n\n", "empty file", 0},
		{"photo.jpg", "\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01", "binary file", 0},
		{"mixed.txt", "caf\xc3\xa9 and \xff\xfe broken", "invalid UTF-8 at byte 10", 0},
		{"bad.jsonl", "{\"id\":\"1\",\"text\":\"Joe Biden met Olaf Scholz in Berlin on Monday for talks.\"}\n{\"id\": 2, \"text\": oops}\n", "bad.jsonl:2: malformed JSON", 1},
		{"notext.jsonl", "{\"id\":\"1\"}\n", `record has no "text"`, 0},
		{"baddate.jsonl", "{\"text\":\"Some text here.\",\"date\":\"someday\"}\n", "unrecognised date", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			arts, err := Read(tt.name, strings.NewReader(tt.content), ReadOptions{})
			if err == nil || !strings.Contains(err.Error(), tt.reason) || !strings.Contains(err.Error(), tt.name) {
				t.Fatalf("err = %v, want one naming %s and %q", err, tt.name, tt.reason)
			}
			var ie *Error
			if !errors.As(err, &ie) {
				t.Errorf("error %T is not an *Error", err)
			}
			if len(arts) != tt.good {
				t.Errorf("got %d articles, want %d", len(arts), tt.good)
			}
		})
	}
}

func TestReadRepairsLatin1(t *testing.T) {
	arts, err := Read("old.txt", strings.NewReader("Le pr\xe9sident fran\xe7ais Emmanuel Macron a visit\xe9 Berlin. Il a rencontr\xe9 le chancelier allemand pour parler de l'Europe et du commerce."), ReadOptions{Format: FormatText})
	if err != nil || len(arts) != 1 || !strings.Contains(arts[0].Text, "président français") {
		t.Fatalf("err %v, arts %+v", err, arts)
	}
}

func TestReadEachStreamsJSONL(t *testing.T) {
	input := "\xef\xbb\xbf{\"id\":\"a\",\"text\":\"Joe Biden spoke.\"}\n{broken\n\n{\"id\":\"b\",\"text\":\"Caf\xe9 owners met.\"}\n{\"id\":\"c\",\"text\":\"Third.\"}\n"
	var ids []string
	err := ReadEach("feed.jsonl", strings.NewReader(input), ReadOptions{Date: "2024-01-02"}, func(a newsgraph.Article) error {
		ids = append(ids, fmt.Sprintf("%s:%s:%s:%s:%d", a.ExternalID, a.Text, a.Date, a.Source, a.Line))
		return nil
	})
	want := []string{"a:Joe Biden spoke.:2024-01-02:feed.jsonl:1", "b:Café owners met.:2024-01-02:feed.jsonl:4", "c:Third.:2024-01-02:feed.jsonl:5"}
	if strings.Join(ids, "|") != strings.Join(want, "|") {
		t.Errorf("got %q, want %q", ids, want)
	}
	if err == nil || !strings.Contains(err.Error(), "feed.jsonl:2: malformed JSON") {
		t.Errorf("error %v, want line 2 named", err)
	}
	// An error from the callback stops the reading.
	stop := errors.New("stop")
	n := 0
	err = ReadEach("feed.jsonl", strings.NewReader(input), ReadOptions{}, func(newsgraph.Article) error { n++; return stop })
	if err != stop || n != 1 {
		t.Errorf("callback error: got %v after %d records", err, n)
	}
	// ... and joins the records that could not be read before it.
	n = 0
	err = ReadEach("feed.jsonl", strings.NewReader(input), ReadOptions{}, func(newsgraph.Article) error {
		if n++; n == 2 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || !strings.Contains(err.Error(), "feed.jsonl:2: malformed JSON") || n != 2 {
		t.Errorf("callback error after a bad record: got %v after %d records", err, n)
	}
	// Binary and empty inputs are one error for the file.
	for body, want := range map[string]string{"\x00\x01\x02{}": "binary file", "": "empty file"} {
		err := ReadEach("x.jsonl", strings.NewReader(body), ReadOptions{}, func(newsgraph.Article) error { return nil })
		if err == nil || !strings.Contains(err.Error(), "x.jsonl: "+want) {
			t.Errorf("%q: %v", body, err)
		}
	}
}
