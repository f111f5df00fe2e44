package main

import (
	"fmt"
	"strings"
)

// dump prints a graph, its subgraphs indented, for reading the model.
func dump(g *graph, indent string) {
	fmt.Printf("%sgraph %s inputs=%v outputs=%v\n", indent, g.name, g.inputs, g.outputs)
	for name, t := range g.initializers {
		fmt.Printf("%s  init %s dims=%v type=%d\n", indent, name, t.dims, t.dtype)
	}
	for _, n := range g.nodes {
		var as []string
		for _, a := range n.attrs {
			s := a.name + "="
			switch {
			case a.t != nil:
				s += fmt.Sprintf("tensor%v%v", a.t.dims, short(a.t))
			case a.g != nil:
				s += "graph"
			case len(a.ints) > 0:
				s += fmt.Sprint(a.ints)
			case a.s != "":
				s += a.s
			case len(a.float) > 0:
				s += fmt.Sprint(a.float)
			default:
				s += fmt.Sprintf("%d", a.i)
			}
			as = append(as, s)
		}
		fmt.Printf("%s  %s %s %v -> %v %s\n", indent, n.op, n.name, n.inputs, n.outputs, strings.Join(as, " "))
		for _, a := range n.attrs {
			if a.g != nil {
				fmt.Printf("%s   [%s]\n", indent, a.name)
				dump(a.g, indent+"    ")
			}
		}
	}
}

func short(t *tensor) string {
	if len(t.f32) > 0 && len(t.f32) <= 8 {
		return fmt.Sprint(t.f32)
	}
	if len(t.i64) > 0 && len(t.i64) <= 8 {
		return fmt.Sprint(t.i64)
	}
	return fmt.Sprintf("(%d values)", len(t.f32)+len(t.i64))
}
