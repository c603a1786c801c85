package account

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/web"
)

// SessionStore keeps scs sessions in the sessions table, so they survive a
// restart and are shared by every instance on one database. It writes on the
// writer pool directly, outside db.InTx: a session write is not a content
// change and must not empty the page cache.
type SessionStore struct {
	DB  *db.DB
	Now func() time.Time // the clock; time.Now when nil
}

var _ scs.CtxStore = (*SessionStore)(nil)

func (s *SessionStore) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

// FindCtx returns the data of an unexpired session.
func (s *SessionStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	var data []byte
	err := s.DB.R().QueryRowContext(ctx, `SELECT data FROM sessions WHERE token = ? AND expiry > ?`,
		token, db.Timestamp{Time: s.now()}).Scan(&data)
	if err != nil {
		if db.NotFound(err) == db.ErrNotFound {
			return nil, false, nil
		}
		return nil, false, err
	}
	return data, true, nil
}

// CommitCtx inserts or replaces a session.
func (s *SessionStore) CommitCtx(ctx context.Context, token string, data []byte, expiry time.Time) error {
	_, err := s.DB.Writer().ExecContext(ctx, s.DB.Rebind(`INSERT INTO sessions (token, data, expiry) VALUES (?, ?, ?)
		ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry`),
		token, data, db.Timestamp{Time: expiry})
	return err
}

// DeleteCtx removes a session; a missing one is not an error.
func (s *SessionStore) DeleteCtx(ctx context.Context, token string) error {
	_, err := s.DB.Writer().ExecContext(ctx, s.DB.Rebind(`DELETE FROM sessions WHERE token = ?`), token)
	return err
}

// Find, Commit and Delete satisfy scs.Store; scs calls the Ctx forms.
func (s *SessionStore) Find(token string) ([]byte, bool, error) {
	return s.FindCtx(context.Background(), token)
}
func (s *SessionStore) Commit(token string, data []byte, expiry time.Time) error {
	return s.CommitCtx(context.Background(), token, data, expiry)
}
func (s *SessionStore) Delete(token string) error { return s.DeleteCtx(context.Background(), token) }

// Cleanup removes expired sessions and returns how many went.
func (s *SessionStore) Cleanup(ctx context.Context) (int64, error) {
	res, err := s.DB.Writer().ExecContext(ctx, s.DB.Rebind(`DELETE FROM sessions WHERE expiry <= ?`), db.Timestamp{Time: s.now()})
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// RunCleanup removes expired sessions every interval until ctx ends.
func (s *SessionStore) RunCleanup(ctx context.Context, every time.Duration, onErr func(error)) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := s.Cleanup(ctx); err != nil && onErr != nil && ctx.Err() == nil {
				onErr(err)
			}
		}
	}
}

// sessionUserKey is where a session keeps the signed-in user's id.
const sessionUserKey = "user_id"

// SessionLifetime is how long a session lasts from sign-in.
const SessionLifetime = 14 * 24 * time.Hour

// Sessions holds two scs managers over one store: scs fixes the cookie's
// Secure flag per manager, and the flag must follow the request (Secure when
// the site is used over https, web.IsHTTPS: over TLS here, behind a trusted
// proxy that says so, or with an https public URL; plain HTTP on a
// developer's machine would never send a Secure cookie back). A request is
// served by one of them from start to end.
type Sessions struct {
	Store  *SessionStore
	plain  *scs.SessionManager
	secure *scs.SessionManager

	cleanMu   sync.Mutex
	cleanedAt time.Time
}

// cleanEvery is how often sign-ins sweep expired sessions away: no
// background goroutine to stop, and a site nobody signs in to has nothing to
// sweep.
const cleanEvery = time.Hour

// NewSessions returns the session managers over store.
func NewSessions(store *SessionStore, onErr func(http.ResponseWriter, *http.Request, error)) *Sessions {
	mk := func(secure bool) *scs.SessionManager {
		m := scs.New()
		// scs.New also starts the minute ticker of its default in-memory
		// store, which we replace: one idle goroutine per manager, for the
		// life of the process (memstore's StopCleanup races with its start).
		m.Store = store
		m.Lifetime = SessionLifetime
		m.Cookie.Name = auth.SessionCookie
		m.Cookie.HttpOnly = true
		m.Cookie.SameSite = http.SameSiteLaxMode
		m.Cookie.Secure = secure
		m.Cookie.Path = "/"
		m.Cookie.Persist = true
		if onErr != nil {
			m.ErrorFunc = onErr
		}
		return m
	}
	return &Sessions{Store: store, plain: mk(false), secure: mk(true)}
}

// For returns the manager that serves r.
func (s *Sessions) For(r *http.Request) *scs.SessionManager {
	if web.IsHTTPS(r) {
		return s.secure
	}
	return s.plain
}

// Middleware loads the session of requests that carry the cookie and saves
// it after the handler. A request without the cookie costs nothing; it gets
// a session only when a handler writes one (at sign-in).
func (s *Sessions) Middleware(next http.Handler) http.Handler {
	plain, secure := s.plain.LoadAndSave(next), s.secure.LoadAndSave(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if web.IsHTTPS(r) {
			secure.ServeHTTP(w, r)
			return
		}
		plain.ServeHTTP(w, r)
	})
}

// SignIn records userID in the session under a fresh token, so a token
// planted before sign-in (session fixation) is worthless after it.
func (s *Sessions) SignIn(r *http.Request, userID int64) error {
	m := s.For(r)
	if err := m.RenewToken(r.Context()); err != nil {
		return err
	}
	m.Put(r.Context(), sessionUserKey, userID)
	s.cleanMu.Lock()
	due := time.Since(s.cleanedAt) > cleanEvery
	if due {
		s.cleanedAt = time.Now()
	}
	s.cleanMu.Unlock()
	if due {
		_, err := s.Store.Cleanup(r.Context())
		return err
	}
	return nil
}

// SignOut destroys the session.
func (s *Sessions) SignOut(r *http.Request) error { return s.For(r).Destroy(r.Context()) }

// UserID returns the signed-in user's id in the session, or 0.
func (s *Sessions) UserID(r *http.Request) int64 {
	return s.For(r).GetInt64(r.Context(), sessionUserKey)
}

// DeleteUserSessions removes every session of a user (after a password reset
// or an account deletion). Sessions are opaque scs blobs, so it decodes each
// unexpired one; the table holds few rows per site.
func (s *Sessions) DeleteUserSessions(ctx context.Context, userID int64) error {
	rows, err := s.Store.DB.R().QueryContext(ctx, `SELECT token, data FROM sessions WHERE expiry > ?`, db.Timestamp{Time: s.Store.now()})
	if err != nil {
		return err
	}
	var doomed []string
	codec := scs.GobCodec{}
	for rows.Next() {
		var token string
		var data []byte
		if err := rows.Scan(&token, &data); err != nil {
			rows.Close()
			return err
		}
		_, values, err := codec.Decode(data)
		if err != nil {
			continue
		}
		if id, ok := values[sessionUserKey].(int64); ok && id == userID {
			doomed = append(doomed, token)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, token := range doomed {
		if err := s.Store.DeleteCtx(ctx, token); err != nil {
			return err
		}
	}
	return nil
}
