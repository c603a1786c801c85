package petition

import (
	"net/netip"
	"sort"
	"strings"
	"time"
)

// AddressBlock is the block an address belongs to — its IPv4 /24 or its
// IPv6 /48 — kept with an online signature instead of the address itself,
// enough to see many signatures from one network. "" when addr is not an
// address.
func AddressBlock(addr string) string {
	ip, err := netip.ParseAddr(addr)
	if err != nil {
		return ""
	}
	ip = ip.Unmap()
	bits := 48
	if ip.Is4() {
		bits = 24
	}
	p, err := ip.Prefix(bits)
	if err != nil {
		return ""
	}
	return p.String()
}

// DomainOf is the domain of an email address, in lower case.
func DomainOf(email string) string {
	return strings.ToLower(email[strings.LastIndexByte(email, '@')+1:])
}

// Bounds of the refused domains.
const (
	MaxRefusedDomains = 1000
	MaxDomainLen      = 253
)

// ParseDomains reads the refused domains, one a line (blank lines and
// surrounding spaces ignored, "@" prefixes dropped, lower-cased, each
// once); ok is false when there are too many or one is too long or holds a
// space.
func ParseDomains(text string) (domains []string, ok bool) {
	seen := map[string]bool{}
	for _, line := range strings.Split(text, "\n") {
		d := strings.ToLower(strings.TrimPrefix(strings.TrimSpace(line), "@"))
		if d == "" || seen[d] {
			continue
		}
		if len(d) > MaxDomainLen || strings.ContainsAny(d, " \t@/") {
			return nil, false
		}
		seen[d] = true
		domains = append(domains, d)
	}
	return domains, len(domains) <= MaxRefusedDomains
}

// Refused reports whether the address's domain is one of domains or a
// subdomain of one.
func Refused(domains []string, email string) bool {
	d := DomainOf(email)
	for _, r := range domains {
		if d == r || strings.HasSuffix(d, "."+r) {
			return true
		}
	}
	return false
}

// Grouping is how the moderators' view groups a petition's online
// signatures.
type Grouping string

// The groupings.
const (
	ByBlock  Grouping = "block"
	ByDomain Grouping = "domain"
	ByHour   Grouping = "hour"
)

// Groupings lists them in the order the view shows them.
var Groupings = []Grouping{ByBlock, ByDomain, ByHour}

// Valid reports whether g is a known grouping.
func (g Grouping) Valid() bool { return g == ByBlock || g == ByDomain || g == ByHour }

// SignatureTrace is what the moderators' view reads of an online signature:
// never its CIN, name or whole address.
type SignatureTrace struct {
	ID        int64
	Block     string
	Domain    string
	CreatedAt time.Time
	Confirmed bool
}

// Key is the group of t under g; hours are on the clock of loc.
func (t SignatureTrace) Key(g Grouping, loc *time.Location) string {
	switch g {
	case ByBlock:
		return t.Block
	case ByDomain:
		return t.Domain
	default:
		return t.CreatedAt.In(loc).Format("2006-01-02 15:00")
	}
}

// Group is a group of signatures in the moderators' view.
type Group struct {
	Key       string
	Count     int // signatures, pending ones included
	Confirmed int
}

// GroupTraces counts traces by g, largest groups first (then by key).
func GroupTraces(traces []SignatureTrace, g Grouping, loc *time.Location) []Group {
	by := map[string]*Group{}
	for _, t := range traces {
		k := t.Key(g, loc)
		if by[k] == nil {
			by[k] = &Group{Key: k}
		}
		by[k].Count++
		if t.Confirmed {
			by[k].Confirmed++
		}
	}
	out := make([]Group, 0, len(by))
	for _, v := range by {
		out = append(out, *v)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Key < out[j].Key
	})
	return out
}
