package audit

import (
	"context"
	"errors"
	"fmt"

	"github.com/infitah/infitah/internal/platform/db"
)

// BrokenEntry names the first entry at which a ledger fails verification.
type BrokenEntry struct {
	Seq, ID int64
	Reason  string
}

func (b *BrokenEntry) String() string {
	return fmt.Sprintf("entry seq %d (id %d): %s", b.Seq, b.ID, b.Reason)
}

// errBroken stops Each at the first broken entry.
var errBroken = errors.New("broken")

// Verify walks the site's ledger in sequence order, recomputing every hash
// and checking every link. It returns how many entries passed and, if one
// did not, the first broken one: a hash that does not match means the entry
// was altered; a sequence gap or a prev_hash that is not the previous
// entry's hash means an entry was removed, inserted or reordered before it.
// err is only for failures to read.
//
// Verify proves the chain consistent with itself. Someone who rewrote the
// whole chain from some entry on would also recompute every later hash;
// comparing the latest hash with one copied earlier (a download, a printed
// report) catches that.
func Verify(ctx context.Context, q db.Querier, siteID int64) (checked int, broken *BrokenEntry, err error) {
	wantSeq, wantPrev := int64(1), ZeroHash
	err = Each(ctx, q, siteID, func(e *Entry) error {
		fail := func(format string, args ...any) error {
			broken = &BrokenEntry{Seq: e.Seq, ID: e.ID, Reason: fmt.Sprintf(format, args...)}
			return errBroken
		}
		switch {
		case e.Seq != wantSeq:
			return fail("sequence gap: expected seq %d, found %d (an entry was removed or reordered)", wantSeq, e.Seq)
		case e.PrevHash != wantPrev:
			return fail("broken link: prev_hash %s is not the previous entry's hash %s (an entry was removed, replaced or reordered)",
				e.PrevHash, wantPrev)
		}
		if h := e.ComputeHash(); h != e.Hash {
			return fail("hash mismatch: stored %s, recomputed %s (the entry was altered)", e.Hash, h)
		}
		checked++
		wantSeq, wantPrev = e.Seq+1, e.Hash
		return nil
	})
	if errors.Is(err, errBroken) {
		err = nil
	}
	return checked, broken, err
}
