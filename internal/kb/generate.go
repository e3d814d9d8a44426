// Package kb holds sitrep's threat-actor knowledge base. The data itself lives in
// lexicons/kb/ (actors.yaml is generated from the MISP galaxy and MITRE ATT&CK snapshots
// in ../shared/data by the program in ./gen; agencies.yaml is curated by hand).
//
// Regenerate with `go generate ./internal/kb` (needs Debian's word lists: apt-get install
// wamerican wfrench witalian wngerman wportuguese wspanish).
package kb

//go:generate go run ./gen -data ../../../shared/data -out ../../lexicons/kb/actors.yaml
