package site

import (
	"context"
	"time"

	"github.com/infitah/infitah/internal/consult"
	"github.com/infitah/infitah/internal/event"
	"github.com/infitah/infitah/internal/news"
	"github.com/infitah/infitah/internal/petition"
	"github.com/infitah/infitah/internal/plan"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/web"
)

// The home page's sections below the plan. Each reads a few rows in one
// query of the feature that owns them (consult, event, news, plan: small
// read functions, no handler of theirs) and turns them into a view whose
// fields the template prints as they are — times already in the right zone,
// machine-readable times already formatted — so that rendering the page,
// which every visitor asks for first, stays cheap.
//
// A section is one function here, one field of HomePage and one block in
// home.html.

// How many items each section shows at most.
const (
	homeConsultationsMax = 3
	homeEventsMax        = 3
	homeNewsMax          = 3
	homeUpdatesMax       = 5
	homePetitionsMax     = 3
)

// homeSection fills one section of page for site s at now.
type homeSection func(ctx context.Context, q db.Querier, s web.SiteInfo, now time.Time, page *HomePage) error

// homeSections fill the sections in the order the page shows them.
var homeSections = []homeSection{openConsultations, collectingPetitions, upcomingEvents, latestNews, latestUpdates}

// HomePetition is a petition collecting signatures, on the home page.
type HomePetition struct {
	ID         int64
	Title      string // in the language its agent wrote it in
	Signatures int    // confirmed, online and on paper
	Required   int
}

func collectingPetitions(ctx context.Context, q db.Querier, s web.SiteInfo, now time.Time, page *HomePage) error {
	ps, err := petition.List(ctx, q, s.ID, petition.Filter{State: petition.Collecting, Limit: homePetitionsMax})
	if err != nil {
		return err
	}
	ids := make([]int64, 0, len(ps))
	for _, p := range ps {
		if p.Open(now) {
			ids = append(ids, p.ID)
		}
	}
	counts, err := petition.Counts(ctx, q, ids...)
	if err != nil {
		return err
	}
	for _, p := range ps {
		if !p.Open(now) {
			continue
		}
		hp := HomePetition{ID: p.ID, Title: p.Title, Required: p.Required}
		for _, c := range counts[p.ID] {
			hp.Signatures += c.Online + c.Paper
		}
		page.Petitions = append(page.Petitions, hp)
	}
	return nil
}

// isoTime is how a <time datetime> attribute writes an instant.
const isoTime = "2006-01-02T15:04:05Z07:00"

// HomeConsultation is an open consultation on the home page.
type HomeConsultation struct {
	ID           int64
	Title        i18n.Text
	Closes       time.Time // in the site's zone
	ClosesISO    string
	Proposals    int
	SubjectURL   string
	SubjectTitle i18n.Text
}

func openConsultations(ctx context.Context, q db.Querier, s web.SiteInfo, now time.Time, page *HomePage) error {
	cs, err := consult.OpenConsultations(ctx, q, s.ID, now, homeConsultationsMax)
	if err != nil {
		return err
	}
	for _, c := range cs {
		page.Consultations = append(page.Consultations, HomeConsultation{ID: c.ID, Title: c.Title,
			Closes: c.ClosesAt.In(s.Location), ClosesISO: c.ClosesAt.UTC().Format(isoTime), Proposals: c.ProposalCount,
			SubjectURL: c.SubjectURL, SubjectTitle: c.SubjectTitle})
	}
	return nil
}

// HomeEvent is an event to come (or under way) on the home page, its times
// in its own zone.
type HomeEvent struct {
	ID         int64
	Title      i18n.Text
	KindLabel  string // the message key of its kind
	Start      time.Time
	StartISO   string
	EndISO     string
	EndLabel   string // the end's clock time when it ends the day it starts
	End        time.Time
	SameDay    bool
	Place      i18n.Text
	OnlineOnly bool // no place, an online link
}

func upcomingEvents(ctx context.Context, q db.Querier, s web.SiteInfo, now time.Time, page *HomePage) error {
	es, err := event.UpcomingCards(ctx, q, s.ID, now, homeEventsMax)
	if err != nil {
		return err
	}
	for i := range es {
		e := &es[i]
		loc := e.Location(s.Location)
		start, end := e.StartsAt.In(loc), e.EndsAt.In(loc)
		v := HomeEvent{ID: e.ID, Title: e.Title, KindLabel: "event.kind." + string(e.Kind), Start: start, End: end,
			StartISO: e.StartsAt.UTC().Format(isoTime), EndISO: e.EndsAt.UTC().Format(isoTime),
			SameDay: start.Format(time.DateOnly) == end.Format(time.DateOnly), Place: e.Place,
			OnlineOnly: e.Place.In(i18n.AR) == "" && e.OnlineURL != ""}
		if v.SameDay {
			v.EndLabel = end.Format("15:04")
		}
		page.Events = append(page.Events, v)
	}
	return nil
}

// HomeNews is a published post on the home page.
type HomeNews struct {
	Slug         string
	Title        i18n.Text
	Summary      i18n.Text
	CoverURL     string // "" without a cover
	CoverAlt     i18n.Text
	Published    time.Time // in the site's zone
	PublishedISO string
}

func latestNews(ctx context.Context, q db.Querier, s web.SiteInfo, now time.Time, page *HomePage) error {
	ps, err := news.LatestCards(ctx, q, s.ID, now, homeNewsMax)
	if err != nil {
		return err
	}
	for _, p := range ps {
		page.News = append(page.News, HomeNews{Slug: p.Slug, Title: p.Title, Summary: p.Summary,
			CoverURL: p.CoverURL, CoverAlt: p.CoverAlt,
			Published: p.PublishedAt.In(s.Location), PublishedISO: p.PublishedAt.UTC().Format(isoTime)})
	}
	return nil
}

// HomeUpdate is a progress update of any plan on the home page.
type HomeUpdate struct {
	plan.UpdateLine
	// OtherPlan is set when the update is not of the plan shown at the top
	// of the page: the line names its plan then.
	OtherPlan bool
}

func latestUpdates(ctx context.Context, q db.Querier, s web.SiteInfo, now time.Time, page *HomePage) error {
	ls, err := plan.LatestUpdateLines(ctx, q, s.ID, homeUpdatesMax)
	if err != nil {
		return err
	}
	for _, l := range ls {
		page.Updates = append(page.Updates, HomeUpdate{UpdateLine: l, OtherPlan: page.Plan == nil || l.PlanID != page.Plan.ID})
	}
	return nil
}
