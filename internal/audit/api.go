package audit

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/infitah/infitah/internal/platform/web"
)

// APIEntry is an entry as the API shows it (the AuditEntry schema of
// internal/server/openapi.json): before and after are JSON objects to read.
// To verify hashes, use the download, which carries their exact texts.
type APIEntry struct {
	ID             int64           `json:"id"`
	Seq            int64           `json:"seq"`
	At             string          `json:"at"`
	ActorID        *int64          `json:"actor_id"`
	ActorName      string          `json:"actor_name"`
	Action         string          `json:"action"`
	Entity         string          `json:"entity"`
	EntityID       int64           `json:"entity_id"`
	CommitmentID   *int64          `json:"commitment_id"`
	OrganisationID *int64          `json:"organisation_id"`
	Summary        string          `json:"summary"`
	Before         json.RawMessage `json:"before"`
	After          json.RawMessage `json:"after"`
	PrevHash       string          `json:"prev_hash"`
	Hash           string          `json:"hash"`
}

func apiOf(e *Entry) APIEntry {
	return APIEntry{
		ID: e.ID, Seq: e.Seq, At: e.At.UTC().Format(TimeLayout), ActorID: e.ActorID, ActorName: e.ActorName,
		Action: e.Action, Entity: e.Entity, EntityID: e.EntityID, CommitmentID: e.CommitmentID,
		OrganisationID: e.OrganisationID, Summary: e.Summary, Before: rawJSON(e.BeforeData),
		After: rawJSON(e.AfterData), PrevHash: e.PrevHash, Hash: e.Hash,
	}
}

// rawJSON passes stored JSON through; a text that is not JSON (a row
// altered by hand) is shown as a JSON string rather than failing the answer.
func rawJSON(s string) json.RawMessage {
	if json.Valid([]byte(s)) {
		return json.RawMessage(s)
	}
	b, _ := json.Marshal(s)
	return b
}

// apiList answers GET /api/v1/audit: a page of entries, newest first, with
// the page's filters.
func (h *Handler) apiList(w http.ResponseWriter, r *http.Request) {
	page, err := readPage(r, h.DB, web.SiteOf(r.Context()).ID)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	out := make([]APIEntry, len(page.entries))
	for i := range page.entries {
		out[i] = apiOf(&page.entries[i])
	}
	h.sendJSON(w, r, web.List{Data: out, Next: page.next})
}

// apiEntry answers GET /api/v1/audit/{id}.
func (h *Handler) apiEntry(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		h.Errors.NotFound(w, r)
		return
	}
	e, err := ByID(ctx, h.DB.R(), web.SiteOf(ctx).ID, id)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	h.sendJSON(w, r, web.One{Data: apiOf(e)})
}

func (h *Handler) sendJSON(w http.ResponseWriter, r *http.Request, v any) {
	if err := web.JSON(w, r, http.StatusOK, v); err != nil {
		h.Errors.Error(w, r, err)
	}
}

func parseTime(s string) (time.Time, error) { return time.Parse(TimeLayout, s) }
