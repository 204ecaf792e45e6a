package detect

// Match is one occurrence of an identifier in scanned text. It carries no
// full value: Sample is masked and Hash is a keyed hash of the normalized
// value.
type Match struct {
	// Type is the finding type (CONTRACT §3), e.g. "credit_card_number".
	Type string
	// Identifier is the id of the identifier definition that matched; one
	// Type may have several definitions (formatted and bare SSNs, say).
	Identifier string
	// Name is the identifier's or theme's human-readable name.
	Name     string
	Category string
	Method   string
	Risk     int
	// MinCount is the least number of matches of Type (for a theme:
	// distinct keywords, which its Sample names) an object needs for the
	// type to be reported; 0 or 1 means any.
	MinCount int
	// Offset and Length locate the value in the scanned text, in bytes,
	// relative to the start of the text stream (the base passed to Scan
	// plus the position in the chunk).
	Offset int64
	Length int
	// Line and Column are 1-based; Column counts bytes from the line start.
	// They are set by Stream; Scan leaves them zero.
	Line, Column int
	// Sample is the masked value.
	Sample string
	// Hash is the keyed hash of the normalized value (16 hex digits).
	Hash string
}
