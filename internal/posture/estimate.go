package posture

import (
	"errors"
	"math"
	"path"
	"slices"
	"strings"

	"github.com/mamori-dev/mamori/internal/source"
)

// Prices are what requests and transfer cost, in dollars, for scan
// estimates. The defaults are AWS S3 Standard list prices in us-east-1
// (2026): they are configurable because every store prices differently.
type Prices struct {
	// GetPer1000 is the price of 1,000 GET requests.
	GetPer1000 float64
	// ListPer1000 is the price of 1,000 LIST requests.
	ListPer1000 float64
	// EgressPerGB is the price of one GiB transferred out; 0 inside the
	// region.
	EgressPerGB float64
}

// DefaultPrices are AWS S3 Standard prices: $0.0004 per 1,000 GETs,
// $0.005 per 1,000 LISTs and $0.09 per GB out to the internet.
var DefaultPrices = Prices{GetPer1000: 0.0004, ListPer1000: 0.005, EgressPerGB: 0.09}

// Rates are a measured scan throughput.
type Rates struct {
	ObjectsPerSec, BytesPerSec float64
}

// DefaultRates are used before any scan was measured: a conservative
// figure for one machine reading small objects over a network.
var DefaultRates = Rates{ObjectsPerSec: 100, BytesPerSec: 20 << 20}

// unclassifiable are extensions whose content mamori does not classify
// (images, audio, video, fonts, disk images); objects with them are
// counted but not in the classifiable size.
var unclassifiable = []string{".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".ico", ".webp", ".heic",
	".mp3", ".wav", ".flac", ".ogg", ".m4a", ".mp4", ".m4v", ".mov", ".avi", ".mkv", ".webm",
	".woff", ".woff2", ".ttf", ".otf", ".iso", ".dmg", ".vmdk", ".qcow2"}

// listPage is how many keys one LIST request returns.
const listPage = 1000

// Estimate is what scanning a set of objects would take.
type Estimate struct {
	// Objects and Bytes count every object listed.
	Objects int64 `json:"objects"`
	Bytes   int64 `json:"bytes"`
	// Archived objects (Glacier, Deep Archive) are never read.
	Archived int64 `json:"archived"`
	// ClassifiableObjects and ClassifiableBytes are what a scan would read:
	// not archived, not empty, not media, each capped at the maximum
	// object size.
	ClassifiableObjects int64 `json:"classifiable_objects"`
	ClassifiableBytes   int64 `json:"classifiable_bytes"`
	// Seconds is the estimated scan time at the measured rates.
	Seconds float64 `json:"seconds"`
	// Requests is the number of LIST and GET requests a scan would make.
	Requests int64 `json:"requests"`
	// Cost is the estimated request and transfer cost in dollars.
	Cost float64 `json:"cost"`
}

// Add counts o, of which a scan would read at most maxObjectSize bytes (0
// for all).
func (e *Estimate) Add(o source.Object, maxObjectSize int64) {
	e.Objects++
	e.Bytes += o.Size
	if errors.Is(o.Err, source.ErrArchived) {
		e.Archived++
		return
	}
	if o.Err != nil || o.Size == 0 || slices.Contains(unclassifiable, strings.ToLower(path.Ext(o.Key))) {
		return
	}
	n := o.Size
	if maxObjectSize > 0 {
		n = min(n, maxObjectSize)
	}
	e.ClassifiableObjects++
	e.ClassifiableBytes += n
}

// Finish computes the time and cost of the counted objects at rates r and
// prices p. The time is the longer of the per-object and per-byte
// figures, as a scan is bound by one or the other.
func (e *Estimate) Finish(r Rates, p Prices) {
	if r.ObjectsPerSec <= 0 || r.BytesPerSec <= 0 {
		r = DefaultRates
	}
	e.Seconds = math.Max(float64(e.ClassifiableObjects)/r.ObjectsPerSec, float64(e.ClassifiableBytes)/r.BytesPerSec)
	lists := (e.Objects + listPage - 1) / listPage
	if lists == 0 {
		lists = 1
	}
	e.Requests = lists + e.ClassifiableObjects
	e.Cost = float64(lists)/1000*p.ListPer1000 + float64(e.ClassifiableObjects)/1000*p.GetPer1000 +
		float64(e.ClassifiableBytes)/(1<<30)*p.EgressPerGB
}

// Sensitivity is the bucket sensitivity score, 0–100, after Macie v2's:
// 50 when nothing of the bucket was analysed yet; 1–49 when no sensitive
// object was found, lower the more of the bucket was analysed; 51–100
// when sensitive objects were found, higher with the highest object risk
// and with the share of sensitive objects among those analysed.
func Sensitivity(objects, scanned, sensitive int64, maxRisk int) int {
	if scanned <= 0 {
		return 50
	}
	if sensitive <= 0 {
		covered := 1.0
		if objects > scanned {
			covered = float64(scanned) / float64(objects)
		}
		return 49 - int(math.Round(48*covered))
	}
	riskPart := float64(min(max(maxRisk, 1), 10)-1) / 9
	share := math.Sqrt(float64(min(sensitive, scanned)) / float64(scanned))
	return 51 + int(math.Round(49*(0.6*riskPart+0.4*share)))
}
