// Package trail ingests CloudTrail logs into mamori's cloudtrail and
// sessions indexes (CONTRACT §5): Decode streams the records of a log file
// (CloudTrail {"Records": […]} files, gzip or not, JSON arrays, JSON lines,
// EventBridge events), Normalizer turns each into a scored and enriched
// store.Event (unique id as Macie Classic's macieUniqueId, risk from the
// RiskTable, IP and user-agent facts from package enrich), and Ingester
// walks files and folders, stores events idempotently by eventID, remembers
// the files it read, and computes the 5-minute user sessions and the user
// tiers (package baseline). WriteSampleLogs makes realistic sample logs for
// tests and the demo. See docs/cloudtrail.md.
//
// # Data flow
//
//	file → Decode (splitter + fast parser, encoding/json fallback) → Record
//	     → Normalizer.Event (PrincipalOf, RiskTable.Score, enrich) → store.Event
//	     → Ingester: reader goroutine (decode, normalise, sessions, histories,
//	       PrepareEvents) → writer (PutEventBatch with the files done)
//	     → sessions and tiers → PutSessions, SetUserTiers
package trail
