package petition

import (
	"testing"
	"time"
)

func TestAddressBlock(t *testing.T) {
	for in, want := range map[string]string{
		"196.200.131.7":        "196.200.131.0/24",
		"::ffff:196.200.131.7": "196.200.131.0/24",
		"2a02:4780:12:abcd::1": "2a02:4780:12::/48",
		"not an address":       "",
		"196.200.131.7:8080":   "",
	} {
		if got := AddressBlock(in); got != want {
			t.Errorf("AddressBlock(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDomains(t *testing.T) {
	ds, ok := ParseDomains(" Mailinator.com\n\n@yopmail.com\nmailinator.com\n")
	if !ok || len(ds) != 2 || ds[0] != "mailinator.com" || ds[1] != "yopmail.com" {
		t.Fatalf("%v %v", ds, ok)
	}
	if _, ok := ParseDomains("bad domain.com"); ok {
		t.Error("a space is accepted")
	}
	for email, want := range map[string]bool{"a@mailinator.com": true, "a@eu.MAILINATOR.com": true, "a@notmailinator.com": false, "a@gmail.com": false} {
		if Refused(ds, email) != want {
			t.Errorf("Refused(%s) = %v", email, !want)
		}
	}
}

func TestGroupTraces(t *testing.T) {
	at := time.Date(2026, 5, 1, 9, 59, 0, 0, time.UTC)
	traces := []SignatureTrace{
		{Block: "1.2.3.0/24", Domain: "a.ma", CreatedAt: at, Confirmed: true},
		{Block: "1.2.3.0/24", Domain: "b.ma", CreatedAt: at.Add(2 * time.Minute)},
		{Block: "5.6.7.0/24", Domain: "a.ma", CreatedAt: at.Add(time.Minute), Confirmed: true},
	}
	if g := GroupTraces(traces, ByBlock, time.UTC); len(g) != 2 || g[0] != (Group{"1.2.3.0/24", 2, 1}) {
		t.Errorf("by block %+v", g)
	}
	if g := GroupTraces(traces, ByDomain, time.UTC); len(g) != 2 || g[0] != (Group{"a.ma", 2, 2}) || g[1] != (Group{"b.ma", 1, 0}) {
		t.Errorf("by domain %+v", g)
	}
	casa := time.FixedZone("+01", 3600)
	if g := GroupTraces(traces, ByHour, casa); len(g) != 2 || g[0] != (Group{"2026-05-01 11:00", 2, 1}) || g[1] != (Group{"2026-05-01 10:00", 1, 1}) {
		t.Errorf("by hour %+v", g)
	}
}
