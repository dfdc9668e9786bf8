package suggest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/text"
)

// Pattern is one line of a pattern file: a label with either a phrase
// (matched token by token on ORTH, or LOWER if the matcher is told so) or
// a list of token specifications, as spaCy's EntityRuler and Prodigy read
// them.
type Pattern struct {
	Label  string
	ID     string
	Phrase string      // a phrase pattern's text, "" for a token pattern
	Tokens []TokenSpec // a token pattern
	Attrib *Attribution
	File   string
	Line   int
}

// TokenSpec is one element of a token pattern: every predicate must hold
// for a token, and the element matches between Min and Max tokens (Max -1:
// no limit). Negate is spaCy's "!" operator: exactly one token for which
// the predicates do not all hold.
type TokenSpec struct {
	Preds    []Pred
	Min, Max int
	Negate   bool
}

// Pred is one test of a token attribute.
type Pred struct {
	Attr string // ORTH, LOWER, LENGTH, IS_PUNCT, ...
	Op   string // "==", "!=", "IN", "NOT_IN", "REGEX", ">=", "<=", ">", "<"
	Str  string
	Set  map[string]bool
	Ints map[int]bool
	Num  int
	Bool bool
	Re   *regexp.Regexp
}

// stringAttrs compare a token's text; intAttrs its length; boolAttrs are
// flags. Anything else (POS, LEMMA, ENT_TYPE, "_", ...) needs a model
// Spanmark does not have, and is reported instead of being ignored.
var (
	stringAttrs = map[string]bool{"ORTH": true, "TEXT": true, "LOWER": true}
	intAttrs    = map[string]bool{"LENGTH": true}
	boolAttrs   = map[string]bool{"IS_PUNCT": true, "IS_DIGIT": true, "IS_TITLE": true,
		"IS_ALPHA": true, "IS_LOWER": true, "IS_UPPER": true}
)

// ReadPatterns reads a pattern file: JSONL, one pattern a line, blank
// lines skipped. name is used in messages ("people.jsonl:3: ...") and in
// the origin of what the patterns suggest. Every key Spanmark cannot honour
// is an error naming its line, so that a pattern never silently matches
// more than its author meant.
func ReadPatterns(name string, data []byte) ([]Pattern, error) {
	if err := text.CheckUTF8(data); err != nil {
		var te *text.Error
		errors.As(err, &te)
		return nil, &annot.Error{File: name, Line: te.Line, Kind: annot.Invalid, Msg: te.Msg}
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	var out []Pattern
	for line, rest := 1, data; len(rest) > 0; line++ {
		var l []byte
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			l, rest = rest[:i], rest[i+1:]
		} else {
			l, rest = rest, nil
		}
		l = bytes.TrimSpace(l)
		if len(l) == 0 {
			continue
		}
		p, err := parsePattern(l)
		if err != nil {
			return nil, annot.At(name, line, err)
		}
		p.File, p.Line = name, line
		out = append(out, p)
	}
	if len(out) == 0 {
		return nil, annot.At(name, 0, annot.Errorf(annot.Invalid, "no patterns in the file"))
	}
	return out, nil
}

func invalid(format string, args ...any) error { return annot.Errorf(annot.Invalid, format, args...) }

func parsePattern(l []byte) (Pattern, error) {
	var p Pattern
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(l, &obj); err != nil {
		return p, invalid("not a JSON object: %v", err)
	}
	for _, k := range sortedKeys(obj) {
		v := obj[k]
		switch k {
		case "label":
			if err := json.Unmarshal(v, &p.Label); err != nil || p.Label == "" {
				return p, invalid(`"label" must be a non-empty string`)
			}
		case "id":
			// spaCy allows any JSON value as an id; keep its text.
			var s string
			if json.Unmarshal(v, &s) != nil {
				s = string(v)
			}
			p.ID = s
		case "pattern":
			if len(v) > 0 && v[0] == '"' {
				if err := json.Unmarshal(v, &p.Phrase); err != nil || strings.TrimSpace(p.Phrase) == "" {
					return p, invalid(`"pattern" phrase must be a non-empty string`)
				}
				continue
			}
			var toks []map[string]json.RawMessage
			if err := json.Unmarshal(v, &toks); err != nil {
				return p, invalid(`"pattern" must be a string or a list of token objects`)
			}
			if len(toks) == 0 {
				return p, invalid(`"pattern" is an empty list`)
			}
			for i, t := range toks {
				spec, err := parseToken(t)
				if err != nil {
					return p, invalid("token %d: %v", i+1, err)
				}
				p.Tokens = append(p.Tokens, spec)
			}
		case "spanmark":
			a, err := parseAttribution(v)
			if err != nil {
				return p, invalid(`"spanmark": %v`, err)
			}
			p.Attrib = a
		default:
			return p, invalid("unsupported key %q (a pattern line has \"label\", \"pattern\" and optionally \"id\")", k)
		}
	}
	if p.Label == "" {
		return p, invalid(`no "label"`)
	}
	if p.Phrase == "" && p.Tokens == nil {
		return p, invalid(`no "pattern"`)
	}
	if p.Tokens != nil && minLen(p.Tokens) == 0 {
		return p, invalid("every token is optional, so the pattern could match nothing")
	}
	return p, nil
}

func sortedKeys(m map[string]json.RawMessage) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func minLen(specs []TokenSpec) int {
	n := 0
	for _, s := range specs {
		n += s.Min
	}
	return n
}

func parseToken(t map[string]json.RawMessage) (TokenSpec, error) {
	spec := TokenSpec{Min: 1, Max: 1}
	for _, k := range sortedKeys(t) {
		v := t[k]
		switch {
		case k == "OP":
			var op string
			if err := json.Unmarshal(v, &op); err != nil {
				return spec, fmt.Errorf(`"OP" must be a string`)
			}
			if err := spec.setOp(op); err != nil {
				return spec, err
			}
		case stringAttrs[k]:
			ps, err := parseStringPreds(k, v)
			if err != nil {
				return spec, err
			}
			spec.Preds = append(spec.Preds, ps...)
		case intAttrs[k]:
			ps, err := parseIntPreds(k, v)
			if err != nil {
				return spec, err
			}
			spec.Preds = append(spec.Preds, ps...)
		case boolAttrs[k]:
			var b bool
			if err := json.Unmarshal(v, &b); err != nil {
				return spec, fmt.Errorf("%s must be true or false", k)
			}
			spec.Preds = append(spec.Preds, Pred{Attr: k, Op: "==", Bool: b})
		case k == "REGEX":
			return spec, fmt.Errorf(`unsupported key "REGEX" at the top of a token: put it inside an attribute, as in {"TEXT": {"REGEX": "..."}}`)
		default:
			return spec, fmt.Errorf("unsupported key %q (Spanmark knows ORTH, TEXT, LOWER, LENGTH, IS_PUNCT, IS_DIGIT, IS_TITLE, IS_ALPHA, IS_LOWER, IS_UPPER and OP)", k)
		}
	}
	return spec, nil
}

// setOp reads spaCy's quantifiers: ! ? + * {n} {n,m} {n,} {,m}.
func (s *TokenSpec) setOp(op string) error {
	switch op {
	case "!":
		s.Negate = true
	case "?":
		s.Min, s.Max = 0, 1
	case "+":
		s.Min, s.Max = 1, -1
	case "*":
		s.Min, s.Max = 0, -1
	default:
		if len(op) < 3 || op[0] != '{' || op[len(op)-1] != '}' {
			return fmt.Errorf(`unknown OP %q (use !, ?, +, *, {n}, {n,m}, {n,} or {,m})`, op)
		}
		inner := op[1 : len(op)-1]
		lo, hi, comma := strings.Cut(inner, ",")
		num := func(s string, def int) (int, bool) {
			if s == "" {
				return def, true
			}
			n, err := strconv.Atoi(s)
			return n, err == nil && n >= 0
		}
		var ok1, ok2 bool
		if !comma {
			s.Min, ok1 = num(lo, -2)
			s.Max, ok2 = s.Min, ok1 && lo != ""
		} else {
			s.Min, ok1 = num(lo, 0)
			s.Max, ok2 = num(hi, -1)
		}
		if !ok1 || !ok2 || (s.Max >= 0 && s.Max < s.Min) || (s.Max == 0) {
			return fmt.Errorf(`unknown OP %q (use !, ?, +, *, {n}, {n,m}, {n,} or {,m})`, op)
		}
	}
	return nil
}

func parseStringPreds(attr string, v json.RawMessage) ([]Pred, error) {
	if attr == "TEXT" {
		attr = "ORTH"
	}
	var s string
	if json.Unmarshal(v, &s) == nil {
		return []Pred{{Attr: attr, Op: "==", Str: s}}, nil
	}
	var d map[string]json.RawMessage
	if err := json.Unmarshal(v, &d); err != nil {
		return nil, fmt.Errorf("%s must be a string or an object such as {\"IN\": [...]}", attr)
	}
	var out []Pred
	for _, op := range sortedKeys(d) {
		raw := d[op]
		p := Pred{Attr: attr, Op: op}
		switch op {
		case "IN", "NOT_IN":
			var list []string
			if err := json.Unmarshal(raw, &list); err != nil {
				return nil, fmt.Errorf("%s %s must be a list of strings", attr, op)
			}
			p.Set = make(map[string]bool, len(list))
			for _, w := range list {
				p.Set[w] = true
			}
		case "REGEX":
			if err := json.Unmarshal(raw, &p.Str); err != nil {
				return nil, fmt.Errorf("%s REGEX must be a string", attr)
			}
			re, err := regexp.Compile(p.Str)
			if err != nil {
				return nil, fmt.Errorf("%s REGEX %q: %v", attr, p.Str, err)
			}
			p.Re = re
		case "==", "!=":
			if err := json.Unmarshal(raw, &p.Str); err != nil {
				return nil, fmt.Errorf("%s %s must be a string", attr, op)
			}
		default:
			return nil, fmt.Errorf("unsupported %s predicate %q (Spanmark knows IN, NOT_IN, REGEX, == and !=)", attr, op)
		}
		out = append(out, p)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s has an empty object", attr)
	}
	return out, nil
}

func parseIntPreds(attr string, v json.RawMessage) ([]Pred, error) {
	var n int
	if json.Unmarshal(v, &n) == nil {
		return []Pred{{Attr: attr, Op: "==", Num: n}}, nil
	}
	var d map[string]json.RawMessage
	if err := json.Unmarshal(v, &d); err != nil {
		return nil, fmt.Errorf("%s must be a whole number or an object such as {\">=\": 3}", attr)
	}
	var out []Pred
	for _, op := range sortedKeys(d) {
		raw := d[op]
		p := Pred{Attr: attr, Op: op}
		switch op {
		case "IN", "NOT_IN":
			var list []int
			if err := json.Unmarshal(raw, &list); err != nil {
				return nil, fmt.Errorf("%s %s must be a list of whole numbers", attr, op)
			}
			p.Ints = make(map[int]bool, len(list))
			for _, k := range list {
				p.Ints[k] = true
			}
		case "==", "!=", ">=", "<=", ">", "<":
			if err := json.Unmarshal(raw, &p.Num); err != nil {
				return nil, fmt.Errorf("%s %s must be a whole number", attr, op)
			}
		default:
			return nil, fmt.Errorf("unsupported %s predicate %q (Spanmark knows ==, !=, >=, <=, >, <, IN and NOT_IN)", attr, op)
		}
		out = append(out, p)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s has an empty object", attr)
	}
	return out, nil
}
