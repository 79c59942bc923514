// Command newsgraph turns news articles into a knowledge graph kept in one
// SQLite file. See README.md.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
