package extract

// wordCache keeps what the tagger reads off word forms (wordInfo, with the
// rows of the form's features in one tagger) from one article to the
// next. Working a form out costs a dozen map look-ups, a lower-casing and
// thirty feature look-ups, and most of an article's forms ("the", "said",
// "Minister") were met in the articles before it: on news, keeping them
// takes a tenth off extraction's time.
//
// A map is used by one Extract at a time: Extract takes one from the free
// list (or makes one), and gives it back when done, so that concurrent
// Extracts never share one. A map that grew past maxForms is dropped
// rather than kept (clearing it would keep its table at its largest),
// which bounds the memory each holds: about 600 bytes a form, 20 MB a
// map. The real-article corpus (276,000 words) has some 26,000 forms.
//
// The wordInfos are of one lexicon and one tagger: a cache belongs to the
// Extractor that New made, and to its copies, which share both.
type wordCache struct {
	lex    *lexicon
	tagger *Tagger
	free   chan map[string]*wordInfo
}

// maxForms bounds the forms a cached map holds.
const maxForms = 1 << 15

func newWordCache(lx *lexicon, t *Tagger) *wordCache {
	return &wordCache{lex: lx, tagger: t, free: make(chan map[string]*wordInfo, 16)}
}

// get returns a map of forms for one article, nil when c cannot serve
// an extractor of lexicon lx and tagger t.
func (c *wordCache) get(lx *lexicon, t *Tagger) map[string]*wordInfo {
	if c == nil || c.lex != lx || c.tagger != t {
		return nil
	}
	select {
	case m := <-c.free:
		return m
	default:
		return make(map[string]*wordInfo, 1024)
	}
}

// put gives m back, emptied when it holds more than maxForms forms.
func (c *wordCache) put(m map[string]*wordInfo) {
	if m == nil {
		return
	}
	if len(m) > maxForms {
		return
	}
	select {
	case c.free <- m:
	default: // as many maps as the free list holds are kept
	}
}
