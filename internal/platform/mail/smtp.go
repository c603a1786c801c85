package mail

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"net"
	"net/smtp"
	"net/url"
	"time"
)

// SMTPSender relays messages through an SMTP server, given as
// smtp://user:pass@host:port (STARTTLS when the server offers it) or
// smtps://… (TLS from the first byte, usually port 465). A "from" query
// parameter sets the sender address: smtp://…:587?from=no-reply@region.ma.
type SMTPSender struct {
	URL     *url.URL
	From    string
	Log     *slog.Logger
	Timeout time.Duration
}

// NewSMTP parses the server URL.
func NewSMTP(raw string, log *slog.Logger) (*SMTPSender, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" {
		return nil, fmt.Errorf("mail: --smtp-url wants smtp://user:pass@host:port or smtps://…")
	}
	from := u.Query().Get("from")
	if from == "" {
		from = "no-reply@" + u.Hostname()
	}
	return &SMTPSender{URL: u, From: from, Log: log, Timeout: 30 * time.Second}, nil
}

func (s *SMTPSender) addr() string {
	port := s.URL.Port()
	if port == "" {
		port = "587"
		if s.URL.Scheme == "smtps" {
			port = "465"
		}
	}
	return net.JoinHostPort(s.URL.Hostname(), port)
}

// Send delivers m.
func (s *SMTPSender) Send(ctx context.Context, m Message) error {
	raw, err := compose(s.From, m, time.Now())
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, s.Timeout)
	defer cancel()
	host := s.URL.Hostname()
	tlsConf := &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
	d := &net.Dialer{}
	var conn net.Conn
	if s.URL.Scheme == "smtps" {
		conn, err = (&tls.Dialer{NetDialer: d, Config: tlsConf}).DialContext(ctx, "tcp", s.addr())
	} else {
		conn, err = d.DialContext(ctx, "tcp", s.addr())
	}
	if err != nil {
		return fmt.Errorf("mail: connect %s: %w", redact(s.URL), err)
	}
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("mail: %w", err)
	}
	defer c.Close()
	if err := c.Hello("localhost"); err != nil {
		return fmt.Errorf("mail: hello: %w", err)
	}
	if ok, _ := c.Extension("STARTTLS"); ok && s.URL.Scheme == "smtp" {
		if err := c.StartTLS(tlsConf); err != nil {
			return fmt.Errorf("mail: starttls: %w", err)
		}
	}
	if user := s.URL.User.Username(); user != "" {
		pass, _ := s.URL.User.Password()
		// PlainAuth refuses to send the password unencrypted except to localhost.
		if err := c.Auth(smtp.PlainAuth("", user, pass, host)); err != nil {
			return fmt.Errorf("mail: auth: %w", err)
		}
	}
	if err := c.Mail(envelope(From(s.From, m))); err != nil {
		return fmt.Errorf("mail: from: %w", err)
	}
	for _, to := range m.To {
		if err := c.Rcpt(envelope(to)); err != nil {
			return fmt.Errorf("mail: rcpt: %w", err)
		}
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("mail: data: %w", err)
	}
	if _, err := w.Write(raw); err != nil {
		return fmt.Errorf("mail: data: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("mail: data: %w", err)
	}
	if s.Log != nil {
		s.Log.Info("mail sent", "subject", m.Subject, "recipients", len(m.To))
	}
	return c.Quit()
}
