package web

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
)

// JSON sends v as JSON with an ETag.
func JSON(w http.ResponseWriter, r *http.Request, status int, v any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	Send(w, r, status, "application/json", body)
	return nil
}

// One is the API's envelope for a single resource.
type One struct {
	Data any `json:"data"`
}

// List is the API's envelope for a page of a list; Next is the cursor of the
// next page, null on the last.
type List struct {
	Data any     `json:"data"`
	Next *string `json:"next"`
}

// EncodeCursor makes an opaque cursor from the last id of a page.
func EncodeCursor(id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte("id:" + strconv.FormatInt(id, 10)))
}

// MaxCursorLen bounds a cursor (?cursor=): EncodeCursor's are far shorter.
const MaxCursorLen = 64

// DecodeCursor reads a cursor made by EncodeCursor; "" is the first page.
func DecodeCursor(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	if len(s) > MaxCursorLen {
		return 0, Invalid("error.invalid_cursor")
	}
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(raw) < 4 || string(raw[:3]) != "id:" {
		return 0, Invalid("error.invalid_cursor")
	}
	id, err := strconv.ParseInt(string(raw[3:]), 10, 64)
	if err != nil || id < 0 {
		return 0, Invalid("error.invalid_cursor")
	}
	return id, nil
}

// PageParams reads ?cursor= and ?limit= (1–100, default 20).
func PageParams(r *http.Request) (after int64, limit int, err error) {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return 0, 0, Invalid("error.invalid_cursor")
	}
	if after, err = DecodeCursor(q.Get("cursor")); err != nil {
		return 0, 0, err
	}
	limit = 20
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 100 {
			return 0, 0, Invalid("error.invalid_filter", "Name", "limit")
		}
		limit = n
	}
	return after, limit, nil
}

// NextCursor returns the cursor after the last of n items with ids given by
// lastID, or nil when fewer than limit came back (the last page).
func NextCursor(n, limit int, lastID int64) *string {
	if n < limit {
		return nil
	}
	c := EncodeCursor(lastID)
	return &c
}
