package main

import (
	"context"
	"net/http"
)

// page is a further page type driven beside the plan and commitment pages,
// each against the trivial handler serving a body of its size.
type page struct {
	name string // "home page", …: the p99 target's label
	path string // on the site, and /<key> on the trivial handler
	key  string
	body []byte
}

// morePages learns the home page, a search and the API's commitment list,
// so that every public page type is measured.
func morePages(ctx context.Context, c *http.Client, siteURL string) ([]page, error) {
	pages := []page{
		{name: "home page", path: "/", key: "/home"},
		{name: "search page", path: "/search?q=" + searchWord, key: "/search"},
		{name: "API commitments", path: "/api/v1/commitments", key: "/api"},
	}
	for i := range pages {
		body, _, err := fetch(ctx, c, siteURL+pages[i].path)
		if err != nil {
			return nil, err
		}
		pages[i].body = body
	}
	return pages, nil
}

// searchWord is a word the demo's texts hold, so that the search page
// lists results.
const searchWord = "budget"
