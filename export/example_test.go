package export_test

import (
	"os"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/export"
)

func ExampleDOT() {
	ents := []newsgraph.Entity{{ID: 1, Name: "Najib Mikati", Type: newsgraph.Person}, {ID: 2, Name: "Tyre", Type: newsgraph.GPE}}
	facts := []newsgraph.Fact{{ID: 1, SubjectID: 1, ObjectID: 2, Relation: newsgraph.Visited, Weight: 2}}
	export.DOT(os.Stdout, export.Graph{Entities: ents, Facts: facts})
	// Output:
	// digraph newsgraph {
	//   graph [
	//     rankdir=LR
	//     overlap=false
	//   ];
	//   node [
	//     style=filled
	//     fontname=Helvetica
	//   ];
	//   edge [
	//     fontsize=9
	//     color="#777777"
	//   ];
	//
	//   // Node definitions.
	//   n1 [
	//     label="Najib Mikati"
	//     entity_type=PERSON
	//     shape=ellipse
	//     fillcolor="#4e79a7"
	//   ];
	//   n2 [
	//     label=Tyre
	//     entity_type=GPE
	//     shape=hexagon
	//     fillcolor="#59a14f"
	//   ];
	//
	//   // Edge definitions.
	//   n1 -> n2 [
	//     label=visited
	//     weight=2
	//     penwidth=2
	//   ];
	// }
}
