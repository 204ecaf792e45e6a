package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/mamori-dev/mamori/internal/posture"
	"github.com/mamori-dev/mamori/internal/record"
	"github.com/mamori-dev/mamori/internal/store"
)

// estimateRow is one target's line of a scan estimate.
type estimateRow struct {
	name string
	e    posture.Estimate
}

// writeEstimates prints estimates as a table (text) or one JSON object per
// target plus a total (json, jsonl).
func writeEstimates(w io.Writer, format string, rows []estimateRow, total posture.Estimate) error {
	if format == record.FormatJSON || format == record.FormatJSONL {
		enc := json.NewEncoder(w)
		for _, r := range rows {
			if err := enc.Encode(struct {
				Target string `json:"target"`
				posture.Estimate
			}{r.name, r.e}); err != nil {
				return err
			}
		}
		return enc.Encode(struct {
			Total posture.Estimate `json:"total"`
		}{total})
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "TARGET\tOBJECTS\tTOTAL SIZE\tCLASSIFIABLE\tARCHIVED\tEST. TIME\tEST. COST\t")
	for _, r := range rows {
		fmt.Fprintln(tw, estimateLine(r.name, r.e))
	}
	if len(rows) > 1 {
		fmt.Fprintln(tw, estimateLine("total", total))
	}
	return tw.Flush()
}

func estimateLine(name string, e posture.Estimate) string {
	return fmt.Sprintf("%s\t%d\t%s\t%s\t%d\t%s\t$%.4f\t", name, e.Objects, humanBytes(e.Bytes),
		humanBytes(e.ClassifiableBytes), e.Archived, humanDuration(e.Seconds), e.Cost)
}

// humanDuration prints seconds rounded to a readable unit.
func humanDuration(s float64) string {
	d := time.Duration(s * float64(time.Second))
	switch {
	case d < time.Second:
		return "<1s"
	case d < time.Hour:
		return d.Round(time.Second).String()
	}
	return d.Round(time.Minute).String()
}

// loadRates reads the throughput measured by the last stored scan.
func loadRates(ctx context.Context, db *store.DB) (posture.Rates, bool, error) {
	o, b, ok, err := db.ScanRates(ctx)
	return posture.Rates{ObjectsPerSec: o, BytesPerSec: b}, ok, err
}

// saveRates stores the throughput of a finished scan for later estimates,
// when the scan was long enough to measure.
func saveRates(ctx context.Context, db *store.DB, objects, bytes int64, elapsed time.Duration) error {
	if db == nil || objects < 100 || elapsed < time.Second {
		return nil
	}
	s := elapsed.Seconds()
	return db.PutScanRates(ctx, float64(objects)/s, max(float64(bytes)/s, 1))
}
