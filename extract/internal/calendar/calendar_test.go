package calendar

import "testing"

func TestFindDate(t *testing.T) {
	for in, want := range map[string]string{
		"in Baghdad, Iraq March 23, 2024.": "2024-03-23",
		"on 5 June 2023 they met":          "2023-06-05",
		"published 2024-02-30":             "",
		"Feb. 3, 2021":                     "2021-02-03",
		"no date here":                     "",
	} {
		if got := FindDate(in); got != want {
			t.Errorf("FindDate(%q) = %q, want %q", in, got, want)
		}
	}
}
