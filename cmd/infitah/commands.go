package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/infitah/infitah/internal/demo"
	"github.com/infitah/infitah/internal/platform/files"
	"github.com/infitah/infitah/internal/server"
)

func migrate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	c, err := parseFlags("migrate", args, getenv, stderr, false)
	if err != nil {
		return err
	}
	d, err := c.openDB(ctx)
	if err != nil {
		return err
	}
	defer d.Close()
	fmt.Fprintln(stdout, "migrations applied")
	return nil
}

func loadDemo(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	c, err := parseFlags("demo", args, getenv, stderr, false)
	if err != nil {
		return err
	}
	d, err := c.openDB(ctx)
	if err != nil {
		return err
	}
	defer d.Close()
	// Its documents go where the server reads uploaded files.
	loaded, err := demo.LoadWithFiles(ctx, d, files.InDataDir(c.dataDir, 0))
	if err != nil {
		return err
	}
	if loaded {
		fmt.Fprintln(stdout, "demo site loaded")
	} else {
		fmt.Fprintln(stdout, "demo site already present; nothing added")
	}
	if c.scale > 0 {
		return fillScale(ctx, d, c.scale, stdout)
	}
	return nil
}

// serve listens first, so a busy port is an error before anything else
// starts; it runs the mail worker beside the HTTP server. On SIGINT or
// SIGTERM it stops accepting, lets requests in flight finish (up to 15 s),
// stops the mail worker (it finishes the message it is sending; queued mail
// waits in the database for the next start) and closes the database.
func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	c, err := parseFlags("serve", args, getenv, stderr, true)
	if err != nil {
		return err
	}
	log := c.logger(stderr)
	d, err := c.openDB(ctx)
	if err != nil {
		return err
	}
	defer d.Close()
	if c.demo {
		loaded, err := demo.LoadWithFiles(ctx, d, files.InDataDir(c.dataDir, c.maxUpload))
		if err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		log.Info("demo site", "loaded_now", loaded)
	}
	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	defer ln.Close()
	scheme := "http"
	var tlsConf *tls.Config
	var plain *http.Server // with TLS: ACME challenges and redirects to https
	var plainLn net.Listener
	if c.tls.on() {
		scheme = "https"
		var redirect http.Handler
		if tlsConf, redirect, err = c.tls.config(ln.Addr().(*net.TCPAddr).Port); err != nil {
			return err
		}
		if redirect != nil && c.tls.httpAddr != "" {
			if plainLn, err = net.Listen("tcp", c.tls.httpAddr); err != nil {
				return fmt.Errorf("listen: %w", err)
			}
			defer plainLn.Close()
			plain = &http.Server{Handler: redirect, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 10 * time.Second,
				WriteTimeout: 10 * time.Second, IdleTimeout: 30 * time.Second, MaxHeaderBytes: 16 << 10,
				ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
		}
	}
	if len(c.trusted) > 0 {
		log.Info("trusting X-Forwarded-For and X-Forwarded-Proto", "from", c.trusted)
	}
	for _, p := range c.trusted {
		if p.Bits() == 0 {
			log.Warn("every address is a trusted proxy: any client can choose the address rate limits see", "prefix", p)
		}
	}
	local := c.localURL(scheme, ln.Addr())
	srv, err := server.New(ctx, d, server.Options{Log: log, DataDir: c.dataDir, SMTPURL: c.smtpURL, MaxUploadBytes: c.maxUpload,
		BaseURL: c.baseURL, LocalURL: local, TrustedProxies: c.trusted, SecretKey: c.secretKey})
	if err != nil {
		return err
	}
	if !srv.Sites.Configured() && len(c.tls.domains) == 0 {
		log.Warn("no public URL is configured: links in emails, feeds and the sitemap point to "+local+
			"; set --base-url (INFITAH_BASE_URL) or the public URL in the site settings", "links", local)
	}
	// The mail worker has its own context: it stops after the HTTP server,
	// since requests in flight may still queue mail.
	workCtx, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	workDone := make(chan error, 1)
	go func() { workDone <- srv.RunWorkers(workCtx) }()
	defer func() {
		stopWork()
		select {
		case err := <-workDone:
			if err != nil {
				log.Error("mail worker", "err", err)
			}
		case <-time.After(30 * time.Second):
			log.Error("mail worker did not stop in time")
		}
	}()
	hs := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		TLSConfig:         tlsConf,
		// Connections that fail (TLS handshakes from scanners, say) are
		// logged in the structured log.
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 2)
	if plain != nil {
		fmt.Fprintf(stdout, "infitah: redirecting http://%s to https\n", displayAddr(plainLn.Addr()))
		go func() { errc <- plain.Serve(plainLn) }()
	}
	fmt.Fprintf(stdout, "infitah: serving on %s://%s\n", scheme, displayAddr(ln.Addr()))
	go func() {
		if tlsConf != nil {
			errc <- hs.ServeTLS(ln, "", "") // the certificates are in TLSConfig
			return
		}
		errc <- hs.Serve(ln)
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if plain != nil {
		if err := plain.Shutdown(shutdownCtx); err != nil {
			return fmt.Errorf("shutdown: %w", err)
		}
		if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
			return err
		}
	}
	if err := hs.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func displayAddr(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if ok && (tcp.IP == nil || tcp.IP.IsUnspecified()) {
		return fmt.Sprintf("localhost:%d", tcp.Port)
	}
	return a.String()
}
