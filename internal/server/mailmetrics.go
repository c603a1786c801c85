package server

import (
	"context"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/outbox"
	"github.com/infitah/infitah/internal/platform/web"
	"github.com/prometheus/client_golang/prometheus"
)

// registerMailMetrics exposes the mail queue by status (pending, sending,
// sent, failed), counted at scrape time: a growing "failed" or an old
// "pending" means the mail server refuses or cannot be reached.
func registerMailMetrics(m *web.Metrics, d *db.DB) {
	desc := prometheus.NewDesc("infitah_mail_queue_messages", "Messages in the outgoing mail queue by status.", []string{"status"}, nil)
	m.Registry.MustRegister(collectorFunc{desc: desc, collect: func(ch chan<- prometheus.Metric) {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		counts, err := outbox.Counts(ctx, d.R())
		if err != nil {
			return
		}
		for _, s := range []string{outbox.StatusPending, outbox.StatusSending, outbox.StatusSent, outbox.StatusFailed} {
			ch <- prometheus.MustNewConstMetric(desc, prometheus.GaugeValue, float64(counts[s]), s)
		}
	}})
}
