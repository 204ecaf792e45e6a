package posture

import (
	"encoding/json"
	"fmt"
)

// Tri is a three-valued truth: a property is known to hold, known not to
// hold, or unknown because the call that would tell was denied or failed.
// The zero value is Unknown.
type Tri int8

// The three truth values.
const (
	Unknown Tri = iota
	False
	True
)

// TriOf returns True or False.
func TriOf(b bool) Tri {
	if b {
		return True
	}
	return False
}

// String returns "true", "false" or "unknown".
func (t Tri) String() string {
	switch t {
	case True:
		return "true"
	case False:
		return "false"
	}
	return "unknown"
}

// Bool returns the value as a *bool: nil for Unknown. Stores keep Unknown
// as NULL.
func (t Tri) Bool() *bool {
	if t == Unknown {
		return nil
	}
	b := t == True
	return &b
}

// MarshalJSON writes true, false or "unknown".
func (t Tri) MarshalJSON() ([]byte, error) {
	if t == Unknown {
		return []byte(`"unknown"`), nil
	}
	return []byte(t.String()), nil
}

// UnmarshalJSON reads true, false or "unknown".
func (t *Tri) UnmarshalJSON(b []byte) error {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	switch v {
	case true:
		*t = True
	case false:
		*t = False
	case "unknown", nil:
		*t = Unknown
	default:
		return fmt.Errorf("tri-state %s is not true, false or \"unknown\"", b)
	}
	return nil
}

// And is Kleene conjunction: False wins, then Unknown.
func (t Tri) And(u Tri) Tri {
	switch {
	case t == False || u == False:
		return False
	case t == Unknown || u == Unknown:
		return Unknown
	}
	return True
}

// Or is Kleene disjunction: True wins, then Unknown.
func (t Tri) Or(u Tri) Tri {
	switch {
	case t == True || u == True:
		return True
	case t == Unknown || u == Unknown:
		return Unknown
	}
	return False
}

// Not negates t; Unknown stays Unknown.
func (t Tri) Not() Tri {
	switch t {
	case True:
		return False
	case False:
		return True
	}
	return Unknown
}
