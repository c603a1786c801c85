package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// ZeroHash is the prev_hash of a site's first entry.
var ZeroHash = strings.Repeat("0", 64)

// TimeLayout is how an entry's time is written in the hashed encoding, the
// download and the API: RFC 3339 in UTC with exactly six fractional digits,
// the precision both databases keep.
const TimeLayout = "2006-01-02T15:04:05.000000Z"

// EncodingVersion is the first field of the hashed encoding, so that a later
// encoding can be told apart.
const EncodingVersion = "infitah-audit-v1"

// Entry is one stored entry of the ledger.
type Entry struct {
	ID             int64
	SiteID         int64
	Seq            int64
	At             time.Time
	ActorID        *int64 // nil for the system
	ActorName      string
	Action         string
	Entity         string
	EntityID       int64
	CommitmentID   *int64
	OrganisationID *int64
	Summary        string
	BeforeData     string // canonical JSON, exactly as hashed
	AfterData      string
	PrevHash       string
	Hash           string
}

// Encode returns the bytes whose SHA-256 is the entry's hash. Each field is
// written as a netstring — its length in bytes in decimal, ":", the bytes,
// "," — in this order:
//
//	"infitah-audit-v1", site_id, seq, at, actor_id, actor_name, action, entity,
//	entity_id, commitment_id, organisation_id, summary, before_data,
//	after_data, prev_hash
//
// Integers are written in decimal; a missing actor_id, commitment_id or
// organisation_id as the empty string; at with TimeLayout; before_data and
// after_data are the stored JSON texts, byte for byte; strings are UTF-8.
// docs/audit.md repeats this for people who verify the download.
func (e *Entry) Encode() []byte {
	var b []byte
	field := func(s string) {
		b = strconv.AppendInt(b, int64(len(s)), 10)
		b = append(b, ':')
		b = append(b, s...)
		b = append(b, ',')
	}
	num := func(n int64) string { return strconv.FormatInt(n, 10) }
	opt := func(p *int64) string {
		if p == nil {
			return ""
		}
		return num(*p)
	}
	field(EncodingVersion)
	field(num(e.SiteID))
	field(num(e.Seq))
	field(e.At.UTC().Format(TimeLayout))
	field(opt(e.ActorID))
	field(e.ActorName)
	field(e.Action)
	field(e.Entity)
	field(num(e.EntityID))
	field(opt(e.CommitmentID))
	field(opt(e.OrganisationID))
	field(e.Summary)
	field(e.BeforeData)
	field(e.AfterData)
	field(e.PrevHash)
	return b
}

// ComputeHash returns the lower-case hex SHA-256 of Encode.
func (e *Entry) ComputeHash() string {
	sum := sha256.Sum256(e.Encode())
	return hex.EncodeToString(sum[:])
}
