package extract

import (
	"strings"
	"testing"
)

func TestTokensAndSentences(t *testing.T) {
	toks := Tokens("The U.S.-led coalition's work, al-Sudani said.")
	var got []string
	for _, tk := range toks {
		got = append(got, tk.Text)
	}
	want := "The|U.S.|-|led|coalition|'s|work|,|al|-|Sudani|said|."
	if strings.Join(got, "|") != want {
		t.Errorf("tokens %q, want %q", strings.Join(got, "|"), want)
	}
	sents := Sentences("Mr. Smith met Dr. Jones. They talked.\n\"It's done,\" he said. Then 3.5 percent rose!")
	var ss []string
	for _, s := range sents {
		ss = append(ss, s.Tokens[0].Text+"…"+s.Tokens[len(s.Tokens)-1].Text)
	}
	if strings.Join(ss, " / ") != "Mr.…. / They…. / \"…. / Then…!" {
		t.Errorf("sentences %v", ss)
	}
	text := "Ça va? Héllo wörld."
	for _, s := range Sentences(text) {
		for _, tk := range s.Tokens {
			if substr(text, tk.Start, tk.End) != tk.Text {
				t.Errorf("token %q at [%d,%d) reads %q", tk.Text, tk.Start, tk.End, substr(text, tk.Start, tk.End))
			}
		}
	}
}
