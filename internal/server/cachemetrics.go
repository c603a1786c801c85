package server

import (
	"github.com/infitah/infitah/internal/platform/web"
	"github.com/prometheus/client_golang/prometheus"
)

// registerCacheMetrics exposes the page cache's figures, read at scrape
// time: how often it answers, renders and makes requests wait for a
// render, and how much memory it holds.
func registerCacheMetrics(m *web.Metrics, c *web.PageCache) {
	metric := func(name, help string, kind prometheus.ValueType, read func(web.PageCacheStats) float64) {
		desc := prometheus.NewDesc(name, help, nil, nil)
		m.Registry.MustRegister(collectorFunc{desc: desc, collect: func(ch chan<- prometheus.Metric) {
			ch <- prometheus.MustNewConstMetric(desc, kind, read(c.Stats()))
		}})
	}
	metric("infitah_page_cache_hits_total", "Answers served from the page cache.", prometheus.CounterValue,
		func(s web.PageCacheStats) float64 { return float64(s.Hits) })
	metric("infitah_page_cache_renders_total", "Cacheable requests that the page cache passed to the handler to render.", prometheus.CounterValue,
		func(s web.PageCacheStats) float64 { return float64(s.Renders) })
	metric("infitah_page_cache_waits_total", "Requests that waited for another request's render of the same page.", prometheus.CounterValue,
		func(s web.PageCacheStats) float64 { return float64(s.Waits) })
	metric("infitah_page_cache_evictions_total", "Entries the page cache dropped to stay within its bounds.", prometheus.CounterValue,
		func(s web.PageCacheStats) float64 { return float64(s.Evictions) })
	metric("infitah_page_cache_personal_total", "Answers to signed-in readers served from the page cache with their own account navigation.", prometheus.CounterValue,
		func(s web.PageCacheStats) float64 { return float64(s.Personal) })
	metric("infitah_page_cache_entries", "Entries in the page cache.", prometheus.GaugeValue,
		func(s web.PageCacheStats) float64 { return float64(s.Entries) })
	metric("infitah_page_cache_bytes", "Estimated size of the page cache's entries, gzip forms included.", prometheus.GaugeValue,
		func(s web.PageCacheStats) float64 { return float64(s.Bytes) })
}
