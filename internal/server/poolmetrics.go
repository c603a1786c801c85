package server

import (
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/web"
	"github.com/prometheus/client_golang/prometheus"
)

// registerPoolMetrics exposes the database pools' use, read at scrape time.
func registerPoolMetrics(m *web.Metrics, d *db.DB) {
	gauge := func(name, help string, read func() (float64, float64)) {
		desc := prometheus.NewDesc(name, help, []string{"pool"}, nil)
		m.Registry.MustRegister(collectorFunc{desc: desc, collect: func(ch chan<- prometheus.Metric) {
			r, w := read()
			ch <- prometheus.MustNewConstMetric(desc, prometheus.GaugeValue, r, "read")
			ch <- prometheus.MustNewConstMetric(desc, prometheus.GaugeValue, w, "write")
		}})
	}
	gauge("infitah_db_open_connections", "Open database connections by pool.", func() (float64, float64) {
		r, w := d.Stats()
		return float64(r.OpenConnections), float64(w.OpenConnections)
	})
	gauge("infitah_db_in_use_connections", "Database connections in use by pool.", func() (float64, float64) {
		r, w := d.Stats()
		return float64(r.InUse), float64(w.InUse)
	})
	gauge("infitah_db_wait_count", "Total waits for a database connection by pool.", func() (float64, float64) {
		r, w := d.Stats()
		return float64(r.WaitCount), float64(w.WaitCount)
	})
}

type collectorFunc struct {
	desc    *prometheus.Desc
	collect func(chan<- prometheus.Metric)
}

func (c collectorFunc) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }
func (c collectorFunc) Collect(ch chan<- prometheus.Metric) { c.collect(ch) }
