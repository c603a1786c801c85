package comment

import (
	"net/http"
	"strconv"
	"time"

	"github.com/infitah/infitah/internal/platform/ratelimit"
)

// limits bound how often one person, and one address, may comment, vote and
// report. Budgets per IP address are larger: several people may share one.
type limits struct {
	commentIP, commentPerson *ratelimit.Limiter
	voteIP, votePerson       *ratelimit.Limiter
	reportIP, reportPerson   *ratelimit.Limiter
	// Each guest comment mails its address: bound how often one address
	// gets a confirmation, so the form cannot flood someone's mailbox.
	guestMail *ratelimit.Limiter
}

func newLimits() *limits {
	const max = 10000
	return &limits{
		commentIP:     ratelimit.New(3*time.Second, 60, max),
		commentPerson: ratelimit.New(20*time.Second, 10, max),
		voteIP:        ratelimit.New(time.Second, 300, max),
		votePerson:    ratelimit.New(2*time.Second, 60, max),
		reportIP:      ratelimit.New(20*time.Second, 30, max),
		reportPerson:  ratelimit.New(time.Minute, 10, max),
		guestMail:     ratelimit.New(20*time.Minute, 3, max),
	}
}

// allow takes one attempt from both the address's and the person's budget.
func allow(ip, person *ratelimit.Limiter, r *http.Request, who string, now time.Time) bool {
	okIP := ip.Allow(ratelimit.ClientIP(r), now)
	okPerson := person.Allow(who, now)
	return okIP && okPerson
}

func userKey(id int64) string { return "u:" + strconv.FormatInt(id, 10) }
