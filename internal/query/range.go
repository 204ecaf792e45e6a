package query

import (
	"strings"
	"time"
)

// rangeCond compiles a range or comparison on field f: numbers compare as
// numbers, dates as times (with date math and rounding), keywords and text
// bytewise, array elements one by one.
func (c *compiler) rangeCond(f Field, r *Range) (string, error) {
	switch f.Type {
	case TypeBool:
		return "", errorf(r.Col, "field %s is a bool: ranges do not apply", f.Name)
	case TypeArray:
		var err error
		s := c.d.ArrayAny(f.Column, func(e string) string {
			var s string
			s, err = c.bounds(f, e, r)
			return s
		})
		return s, err
	}
	return c.bounds(f, f.Column, r)
}

// bounds returns the conditions on expr for the bounds of r.
func (c *compiler) bounds(f Field, expr string, r *Range) (string, error) {
	var (
		conds []string
		low   any
	)
	if r.Lower != "" {
		op, v, err := c.lowerBound(f, r)
		if err != nil {
			return "", err
		}
		conds = append(conds, expr+" "+op+" ?")
		c.arg(v)
		low = v
	}
	if r.Upper != "" {
		op, v, err := c.upperBound(f, r)
		if err != nil {
			return "", err
		}
		conds = append(conds, expr+" "+op+" ?")
		c.arg(v)
	}
	if len(conds) == 0 {
		return c.exists(f), nil // [* TO *]: any value
	}
	cond := conds[0]
	if len(conds) > 1 {
		cond = "(" + strings.Join(conds, " AND ") + ")"
	}
	if expr == f.Column && f.Type == TypeNumber {
		cond = c.partialMin(f, low, cond)
	}
	return cond, nil
}

func (c *compiler) lowerBound(f Field, r *Range) (string, any, error) {
	op := map[bool]string{true: ">=", false: ">"}[r.IncLower]
	switch f.Type {
	case TypeNumber:
		v, err := parseNumber(f, r.Lower, r.LowCol)
		return op, v, err
	case TypeDate:
		t, inc, err := c.dateLower(f, r)
		return map[bool]string{true: ">=", false: ">"}[inc], c.d.Time(t), err
	}
	return op, r.Lower, nil
}

// dateLower returns the lower bound of a range on a date field, and
// whether it is inclusive.
func (c *compiler) dateLower(f Field, r *Range) (time.Time, bool, error) {
	v, err := parseDate(r.Lower, c.now)
	if err != nil {
		return time.Time{}, false, errorf(r.LowCol, "field %s is a date: %v", f.Name, err)
	}
	if !r.IncLower && v.unit != 0 {
		// After a rounded date means from the next unit on.
		return addUnit(v.t, v.unit, 1), true, nil
	}
	return v.t, r.IncLower, nil
}

// dateUpper returns the upper bound of a range on a date field, and
// whether it is inclusive.
func (c *compiler) dateUpper(f Field, r *Range) (time.Time, bool, error) {
	v, err := parseDate(r.Upper, c.now)
	if err != nil {
		return time.Time{}, false, errorf(r.HighCol, "field %s is a date: %v", f.Name, err)
	}
	if r.IncUpper && v.unit != 0 {
		// Up to a rounded date includes all of its unit.
		return addUnit(v.t, v.unit, 1), false, nil
	}
	return v.t, r.IncUpper, nil
}

func (c *compiler) upperBound(f Field, r *Range) (string, any, error) {
	op := map[bool]string{true: "<=", false: "<"}[r.IncUpper]
	switch f.Type {
	case TypeNumber:
		v, err := parseNumber(f, r.Upper, r.HighCol)
		return op, v, err
	case TypeDate:
		t, inc, err := c.dateUpper(f, r)
		return map[bool]string{true: "<=", false: "<"}[inc], c.d.Time(t), err
	}
	return op, r.Upper, nil
}
