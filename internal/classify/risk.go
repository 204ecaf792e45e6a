package classify

import "strings"

// Risk returns the risk (1–10) that a label adds to an object. Macie
// Classic never published the risk of its SVM classes; these values are
// mamori's own, set by analogy with Classic's published content-type and
// extension tables (docs/classifier.md has the table and the reasons).
func Risk(label string) int {
	if r, ok := labelRisk[label]; ok {
		return r
	}
	group, _, _ := strings.Cut(label, "/")
	if r, ok := groupRisk[group]; ok {
		return r
	}
	return 1
}

// labelRisk holds the risks of labels that differ from their group's.
var labelRisk = map[string]int{
	"keys/pem":                 8,
	"json/aws_cloudtrail_logs": 6,
	"json/jupyter_notebook":    5,
	"data/csv":                 6,
	"data/tsv":                 6,
	"source_code/sql":          5,
}

// groupRisk holds the risk of each group's labels.
var groupRisk = map[string]int{
	"keys":        8,
	"database":    7,
	"email":       5,
	"source_code": 5,
	"json":        5,
	"logs":        4,
	"web":         3,
	"data":        3,
}
