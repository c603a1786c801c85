package event_test

import (
	"testing"
	"time"

	"github.com/infitah/infitah/internal/event"
)

func TestCommentsOpen(t *testing.T) {
	ends := time.Date(2027, 3, 10, 13, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		now  time.Time
		open bool
	}{
		{ends.AddDate(-1, 0, 0), true},                          // announced long before
		{ends.Add(-time.Hour), true},                            // during
		{ends.Add(29 * 24 * time.Hour), true},                   // the follow-up
		{ends.Add(event.CommentsAfter - time.Nanosecond), true}, // the last moment
		{ends.Add(event.CommentsAfter), false},                  // closed
		{ends.AddDate(1, 0, 0), false},
	} {
		if got := event.CommentsOpen(ends, c.now); got != c.open {
			t.Errorf("CommentsOpen(%v, %v) = %v", ends, c.now, got)
		}
	}
}
