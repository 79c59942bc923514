package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/newsgraph/newsgraph/extract/input"
)

// sizeFlag is the --max-article-size of the commands that read articles:
// a number of bytes, with an optional unit K, M or G (KB, KiB, ... alike:
// powers of 1024); 0 for no limit.
type sizeFlag int64

func (s *sizeFlag) String() string {
	n := int64(*s)
	for _, u := range []struct {
		name  string
		shift uint
	}{{"GiB", 30}, {"MiB", 20}, {"KiB", 10}} {
		if n > 0 && n%(1<<u.shift) == 0 {
			return fmt.Sprintf("%d%s", n>>u.shift, u.name)
		}
	}
	return strconv.FormatInt(n, 10)
}

func (s *sizeFlag) Set(v string) error {
	t := strings.ToUpper(strings.TrimSpace(v))
	shift := uint(0)
	for _, u := range []struct {
		suffix string
		shift  uint
	}{{"KIB", 10}, {"MIB", 20}, {"GIB", 30}, {"KB", 10}, {"MB", 20}, {"GB", 30}, {"K", 10}, {"M", 20}, {"G", 30}, {"B", 0}} {
		if n, ok := strings.CutSuffix(t, u.suffix); ok {
			t, shift = strings.TrimSpace(n), u.shift
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n < 0 || n > 1<<(62-shift) {
		return fmt.Errorf("want a size such as 8MiB, 500K or 1048576 (0 for no limit), not %q", v)
	}
	*s = sizeFlag(n << shift)
	return nil
}

func (s *sizeFlag) Type() string { return "size" }

// limit is the flag as input.ReadOptions.MaxArticleSize takes it.
func (s sizeFlag) limit() int64 {
	if s == 0 {
		return -1 // no limit
	}
	return int64(s)
}

// registerMaxArticleSize adds --max-article-size to a command that reads
// articles.
func registerMaxArticleSize(fs *pflag.FlagSet, s *sizeFlag) {
	*s = input.DefaultMaxArticleSize
	fs.Var(s, "max-article-size", "largest article read (a text article, a JSON Lines record, an HTML page), in bytes or with K, M, G; a larger one is reported and skipped; 0 for no limit")
}
