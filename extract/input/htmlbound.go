package input

import (
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// MaxHTMLDepth bounds how deep the elements of an HTML page nest when
// readability looks for the article in it: readability walks the subtree
// of every container, so its time grows with the page's text times its
// depth. The parser (golang.org/x/net/html) refuses pages nested more than
// 512 elements deep; flattenHTML unwraps the elements below this depth,
// and below a shallower one on a page with more text than htmlWork allows
// at this depth. News pages nest some 15 to 40 deep.
const MaxHTMLDepth = 128

// htmlWork bounds a page's text (in bytes, outside scripts and styles)
// times the depth readability sees it at: a page with up to 512 KiB of
// text (news pages have some tens) keeps MaxHTMLDepth, one with 8 MiB is
// flattened to 8 levels, and readability takes some seconds at most.
const htmlWork = 64 << 20

// minHTMLDepth is the least depth a page is flattened to, however much
// text it has.
const minHTMLDepth = 8

// htmlDepth is the depth a page under root is flattened to: MaxHTMLDepth,
// or less where its text would make readability's work exceed htmlWork.
func htmlDepth(root *html.Node) int {
	text := 0
	hidden := 0 // depth of the script or style the walk is in; 0 outside
	depth := 0
	for n := root; n != nil; {
		if n.Type == html.TextNode && hidden == 0 {
			text += len(n.Data)
		}
		if n.FirstChild != nil {
			if hidden == 0 && n.Type == html.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style) {
				hidden = depth + 1
			}
			n, depth = n.FirstChild, depth+1
			continue
		}
		for n != nil && n.NextSibling == nil {
			n, depth = n.Parent, depth-1
			if hidden > depth {
				hidden = 0
			}
		}
		if n != nil {
			n = n.NextSibling
		}
	}
	if text == 0 {
		return MaxHTMLDepth
	}
	return min(MaxHTMLDepth, max(minHTMLDepth, htmlWork/text))
}

// flattenHTML unwraps the elements of the tree under root that lie deeper
// than max (root is at depth 0): each element at depth max keeps the text
// of its subtree, in order, as its only children, a line break after each
// block that held some, and loses the elements between (scripts, styles
// and templates with their content). A tree no deeper than max is left as
// it is. It takes time in proportion to the tree's size, and no recursion.
func flattenHTML(root *html.Node, max int) {
	depth := 0
	for n := root; n != nil; {
		if n.Type == html.ElementNode && depth == max && hasElementChild(n) {
			flattenSubtree(n)
		} else if n.FirstChild != nil && depth < max {
			n, depth = n.FirstChild, depth+1
			continue
		}
		// The next node after n's subtree.
		for n != nil && n.NextSibling == nil {
			n, depth = n.Parent, depth-1
			if depth < 0 {
				return
			}
		}
		if n != nil {
			n = n.NextSibling
		}
	}
}

func hasElementChild(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			return true
		}
	}
	return false
}

// flattenSubtree makes the text of n's subtree n's only children.
func flattenSubtree(n *html.Node) {
	var leaves []*html.Node
	var walk []*html.Node // elements whose children are left to visit, innermost last
	next := n.FirstChild
	for next != nil || len(walk) > 0 {
		if next == nil {
			// An element's children are done: a line break after a block.
			e := walk[len(walk)-1]
			walk = walk[:len(walk)-1]
			if blockElement(e.DataAtom) {
				leaves = append(leaves, &html.Node{Type: html.TextNode, Data: "\n"})
			}
			next = e.NextSibling
			continue
		}
		c := next
		switch {
		case c.Type != html.ElementNode:
			leaves = append(leaves, c)
			next = c.NextSibling
		case c.DataAtom == atom.Script || c.DataAtom == atom.Style || c.DataAtom == atom.Template || c.DataAtom == atom.Noscript:
			next = c.NextSibling // dropped with its content
		case c.DataAtom == atom.Br:
			leaves = append(leaves, &html.Node{Type: html.TextNode, Data: "\n"})
			next = c.NextSibling
		default:
			walk = append(walk, c)
			next = c.FirstChild
		}
	}
	n.FirstChild, n.LastChild = nil, nil
	for _, l := range leaves {
		l.Parent, l.PrevSibling, l.NextSibling = nil, nil, nil
		n.AppendChild(l)
	}
}

// blockElement reports elements that break a line: paragraphs, headings,
// list items, table rows and cells, and containers.
func blockElement(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Li, atom.Dd, atom.Dt, atom.Tr, atom.Td, atom.Th, atom.H1, atom.H2, atom.H3,
		atom.H4, atom.H5, atom.H6, atom.Blockquote, atom.Pre, atom.Section, atom.Article, atom.Aside,
		atom.Header, atom.Footer, atom.Table, atom.Ul, atom.Ol, atom.Dl, atom.Figure, atom.Figcaption, atom.Main, atom.Nav:
		return true
	}
	return false
}
