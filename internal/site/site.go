// Package site holds the tenants of an installation: each site (a region, a
// province, a commune) is chosen by the request's host name, and every row of
// content belongs to one.
package site

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/web"
)

// Site is one government's site.
type Site struct {
	ID          int64     `json:"id"`
	Slug        string    `json:"slug"`
	Host        string    `json:"host"`
	Name        i18n.Text `json:"name"`
	Description i18n.Text `json:"description"`
	Timezone    string    `json:"timezone"`
	IsDemo      bool      `json:"is_demo"`
	// PublicURL is the configured origin of the site's absolute links
	// ("https://region.example"), or "" when none is set; see
	// Resolver.PublicURL for what is used then.
	PublicURL string `json:"public_url"`
	// What the settings add to the site's identity (settings.go): the
	// logo's content hash ("" for none), the council's public contact
	// details, its CNDP number, the sender of its emails and the
	// description search engines show.
	Logo            string    `json:"logo"`
	ContactAddress  i18n.Text `json:"contact_address"`
	ContactPhone    string    `json:"contact_phone"`
	ContactEmail    string    `json:"contact_email"`
	CNDPNumber      string    `json:"cndp_number"`
	MailFromName    string    `json:"mail_from_name"`
	MailFromAddress string    `json:"mail_from_address"`
	MetaDescription i18n.Text `json:"meta_description"`
}

// Location returns the site's time zone, Africa/Casablanca when unknown.
// Loaded zones are cached: time.LoadLocation reads and parses the tz
// database on every call, and every page asks for the zone.
func (s *Site) Location() *time.Location {
	if loc := loadLocation(s.Timezone); loc != nil {
		return loc
	}
	if loc := loadLocation("Africa/Casablanca"); loc != nil {
		return loc
	}
	return time.UTC
}

var locations sync.Map // zone name → *time.Location, or nil when unknown

func loadLocation(name string) *time.Location {
	if v, ok := locations.Load(name); ok {
		loc, _ := v.(*time.Location)
		return loc
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		loc = nil
	}
	locations.Store(name, loc)
	return loc
}

const columns = `id, slug, host, name, description, timezone, is_demo, public_url, logo_hash, contact_address,
	contact_phone, contact_email, cndp_number, mail_from_name, mail_from_address, meta_description`

func scan(row interface{ Scan(...any) error }) (*Site, error) {
	var s Site
	if err := row.Scan(&s.ID, &s.Slug, &s.Host, &s.Name, &s.Description, &s.Timezone, &s.IsDemo, &s.PublicURL, &s.Logo,
		&s.ContactAddress, &s.ContactPhone, &s.ContactEmail, &s.CNDPNumber, &s.MailFromName, &s.MailFromAddress,
		&s.MetaDescription); err != nil {
		return nil, db.NotFound(err)
	}
	return &s, nil
}

// All lists every site by id.
func All(ctx context.Context, q db.Querier) ([]Site, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+columns+` FROM sites ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list sites: %w", err)
	}
	defer rows.Close()
	var out []Site
	for rows.Next() {
		s, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *s)
	}
	return out, rows.Err()
}

// BySlug returns the site with that slug, or db.ErrNotFound.
func BySlug(ctx context.Context, q db.Querier, slug string) (*Site, error) {
	return scan(q.QueryRowContext(ctx, `SELECT `+columns+` FROM sites WHERE slug = ?`, slug))
}

// Upsert creates the site or updates the one with the same slug; it sets s.ID.
func Upsert(ctx context.Context, tx *db.Tx, s *Site) error {
	if s.Timezone == "" {
		s.Timezone = "Africa/Casablanca"
	}
	if _, err := time.LoadLocation(s.Timezone); err != nil {
		return fmt.Errorf("site %s: unknown time zone %q", s.Slug, s.Timezone)
	}
	err := tx.QueryRowContext(ctx, `
		INSERT INTO sites (slug, host, name, description, timezone, is_demo, public_url, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (slug) DO UPDATE SET host = excluded.host, name = excluded.name,
			description = excluded.description, timezone = excluded.timezone, is_demo = excluded.is_demo
		RETURNING id`,
		s.Slug, strings.ToLower(s.Host), s.Name, s.Description, s.Timezone, s.IsDemo, s.PublicURL, db.Timestamp{Time: tx.Now()}).Scan(&s.ID)
	if err != nil {
		return fmt.Errorf("upsert site %s: %w", s.Slug, err)
	}
	return nil
}

// Resolver picks the site for a request's host. Sites change rarely, so they
// are held in memory and reloaded on demand.
type Resolver struct {
	db      *db.DB
	origins Origins
	mu      sync.RWMutex
	sites   []Site
}

// Origins are the installation's defaults for the origin of absolute links,
// used for a site without its own public URL. Neither ever comes from a
// request.
type Origins struct {
	// Base is the configured public URL of the default (first) site:
	// --base-url, INFITAH_BASE_URL.
	Base string
	// Local is the last resort when nothing is configured, such as
	// "http://localhost:8080" for the port the server listens on.
	Local string
}

// NewResolver loads the sites of d; o gives the origins of the links of
// sites without a public URL of their own (see PublicURL).
func NewResolver(ctx context.Context, d *db.DB, o Origins) (*Resolver, error) {
	if o.Local == "" {
		o.Local = DefaultLocalURL
	}
	r := &Resolver{db: d, origins: o}
	return r, r.Reload(ctx)
}

// Reload reads the sites again.
func (r *Resolver) Reload(ctx context.Context) error {
	sites, err := All(ctx, r.db.R())
	if err != nil {
		return err
	}
	r.mu.Lock()
	r.sites = sites
	r.mu.Unlock()
	return nil
}

// ForHost returns the site whose host matches host (port ignored), else the
// first site, else db.ErrNotFound when the installation has none yet.
func (r *Resolver) ForHost(host string) (*Site, error) {
	if i := strings.LastIndexByte(host, ':'); i >= 0 && !strings.HasSuffix(host, "]") {
		host = host[:i]
	}
	host = strings.ToLower(host)
	r.mu.RLock()
	defer r.mu.RUnlock()
	if len(r.sites) == 0 {
		return nil, db.ErrNotFound
	}
	for i := range r.sites {
		if r.sites[i].Host != "" && r.sites[i].Host == host {
			return &r.sites[i], nil
		}
	}
	return &r.sites[0], nil
}

// Middleware puts the site for the request's host into its context (see
// web.SiteOf). An installation without any site answers 503 until one is made.
func (r *Resolver) Middleware(errs *web.Errors) web.Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			s, err := r.ForHost(req.Host)
			if err != nil {
				http.Error(w, "no site is configured", http.StatusServiceUnavailable)
				return
			}
			info := web.SiteInfo{ID: s.ID, Name: s.Name, Demo: s.IsDemo, Location: s.Location(), PublicURL: r.PublicURL(s.ID),
				MetaDescription: s.MetaDescription, ContactAddress: s.ContactAddress, ContactPhone: s.ContactPhone,
				ContactEmail: s.ContactEmail}
			if s.Logo != "" {
				info.LogoURL = "/files/" + s.Logo
			}
			next.ServeHTTP(w, req.WithContext(web.WithSite(req.Context(), info)))
		})
	}
}

// MailFrom is the sender of site id's emails as its settings give it:
// a name and an address, each "" when not set (the installation's then
// applies).
func (r *Resolver) MailFrom(id int64) (name, address string) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	for i := range r.sites {
		if r.sites[i].ID == id {
			return r.sites[i].MailFromName, r.sites[i].MailFromAddress
		}
	}
	return "", ""
}

// EnsureDefault creates a first site when the installation has none, so a
// fresh install serves pages before an administrator configures it.
func EnsureDefault(ctx context.Context, d *db.DB, name i18n.Text) error {
	sites, err := All(ctx, d.R())
	if err != nil || len(sites) > 0 {
		return err
	}
	return d.InTx(ctx, func(tx *db.Tx) error {
		return Upsert(ctx, tx, &Site{Slug: "default", Name: name})
	})
}
