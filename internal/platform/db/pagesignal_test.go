package db

import (
	"slices"
	"testing"
)

func TestPagesPayload(t *testing.T) {
	for _, c := range []struct {
		sites []int64
		want  string
	}{
		{nil, "abc *"},
		{[]int64{7}, "abc 7"},
		{[]int64{7, 12}, "abc 7,12"},
	} {
		p := notifyPayload("abc", c.sites)
		if p != c.want {
			t.Errorf("notifyPayload(%v) = %q, want %q", c.sites, p, c.want)
		}
		inst, sites, ok := parsePayload(p)
		if !ok || inst != "abc" || !slices.Equal(sites, c.sites) {
			t.Errorf("parsePayload(%q) = %q %v %v", p, inst, sites, ok)
		}
	}
	for _, bad := range []string{"", "abc", " 7", "abc 7,x", "abc -1", "abc 7,"} {
		if _, sites, ok := parsePayload(bad); ok || sites != nil {
			t.Errorf("parsePayload(%q) accepted: %v", bad, sites)
		}
	}
}
