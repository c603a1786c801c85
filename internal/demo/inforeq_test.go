package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/demo"
	"github.com/infitah/infitah/internal/inforeq"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/site"
)

// The demo's register holds requests in several states, among them an
// overdue one and a refusal with its ground.
func TestDemoInformationRequests(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := demo.Load(ctx, d); err != nil {
			t.Fatal(err)
		}
		sites, err := site.All(ctx, d.R())
		if err != nil || len(sites) == 0 {
			t.Fatal(sites, err)
		}
		reqs, err := inforeq.List(ctx, d.R(), sites[0].ID, inforeq.Filter{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		inforeq.MarkOverdue(reqs, time.Now())
		states := map[inforeq.State]int{}
		overdue, refusedWithGround := 0, 0
		for _, r := range reqs {
			states[r.State]++
			if r.Overdue {
				overdue++
			}
			if r.State == inforeq.Refused && r.Ground != "" && r.Exception != "" {
				refusedWithGround++
			}
		}
		if len(states) < 6 || overdue == 0 || refusedWithGround == 0 {
			t.Errorf("demo register: states %v, %d overdue, %d refusals with a ground", states, overdue, refusedWithGround)
		}
	})
}
