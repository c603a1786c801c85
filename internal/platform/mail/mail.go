// Package mail sends the site's emails: over SMTP when an operator gives an
// smtp:// URL, otherwise into .eml files under the data directory, so that
// a demo or a developer's machine works offline and tests can read what was
// sent.
package mail

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"net/url"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Message is a plain-text email.
type Message struct {
	To      []string
	Subject string
	Text    string
	// FromName and FromAddress, when set, replace the name and the address
	// of the sender's own From (a site's configured sender); left empty,
	// the sender's are used.
	FromName, FromAddress string
	// Headers are extra header fields, such as List-Unsubscribe. Names must
	// be well formed and not one that compose writes itself (From, To,
	// Subject, Date, …); values are single lines (non-ASCII text is
	// encoded). compose rejects anything else rather than let a value add a
	// header of its own.
	Headers map[string]string
}

// reserved are the header fields compose writes itself, or that would
// change who receives a message; Message.Headers may not set them.
var reserved = map[string]bool{
	"From": true, "To": true, "Cc": true, "Bcc": true, "Subject": true, "Date": true, "Message-Id": true,
	"Mime-Version": true, "Content-Type": true, "Content-Transfer-Encoding": true, "Auto-Submitted": true,
	"Sender": true, "Reply-To": true, "Return-Path": true, "Received": true,
}

// maxHeaderValue bounds an extra header's value, well under RFC 5322's
// 998-character line limit.
const maxHeaderValue = 900

// checkHeader reports whether name: value may be written as an extra
// header, and returns the value to write.
func checkHeader(name, value string) (string, error) {
	if name == "" || reserved[textproto.CanonicalMIMEHeaderKey(name)] {
		return "", fmt.Errorf("mail: header %q may not be set", name)
	}
	for i := 0; i < len(name); i++ {
		if c := name[i]; c <= ' ' || c >= 0x7f || c == ':' {
			return "", fmt.Errorf("mail: bad header name %q", name)
		}
	}
	for _, r := range value {
		if r < ' ' && r != '\t' || r == 0x7f {
			return "", fmt.Errorf("mail: header %s: control character in value", name)
		}
	}
	value = mime.QEncoding.Encode("utf-8", value)
	if len(value) > maxHeaderValue {
		return "", fmt.Errorf("mail: header %s: value too long", name)
	}
	return value, nil
}

// Sender delivers messages.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// New returns the SMTP sender for smtpURL, or, when it is empty, a file
// sender writing into dataDir/mail.
func New(smtpURL, dataDir string, log *slog.Logger) (Sender, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if strings.TrimSpace(smtpURL) == "" {
		if dataDir == "" {
			dataDir = "data"
		}
		return &FileSender{Dir: filepath.Join(dataDir, "mail"), Log: log}, nil
	}
	return NewSMTP(smtpURL, log)
}

// From is the From of m sent by a sender whose own From is def: m's name
// and address where set, def's otherwise. A non-ASCII name is encoded
// (RFC 2047).
func From(def string, m Message) string {
	if m.FromName == "" && m.FromAddress == "" {
		return def
	}
	a := &mail.Address{Address: def}
	if p, err := mail.ParseAddress(def); err == nil {
		a = p
	}
	if m.FromName != "" {
		a.Name = m.FromName
	}
	if m.FromAddress != "" {
		a.Address = m.FromAddress
	}
	return a.String()
}

// compose renders m as an RFC 5322 message: UTF-8 text, quoted-printable,
// so that any SMTP server relays it unchanged. from is the sender's own
// From, which m may override (see From).
func compose(from string, m Message, now time.Time) ([]byte, error) {
	from = From(from, m)
	if strings.ContainsAny(m.FromName, "\r\n") || strings.ContainsAny(m.FromAddress, "\r\n<>") {
		return nil, fmt.Errorf("mail: bad sender %q <%s>", m.FromName, m.FromAddress)
	}
	if len(m.To) == 0 {
		return nil, fmt.Errorf("mail: no recipient")
	}
	for _, a := range append([]string{from}, m.To...) {
		if _, err := mail.ParseAddress(a); err != nil || strings.ContainsAny(a, "\r\n") {
			return nil, fmt.Errorf("mail: bad address %q", a)
		}
	}
	names := make([]string, 0, len(m.Headers))
	extra := make(map[string]string, len(m.Headers))
	for k, v := range m.Headers {
		v, err := checkHeader(k, v)
		if err != nil {
			return nil, err
		}
		k = textproto.CanonicalMIMEHeaderKey(k)
		if _, dup := extra[k]; dup {
			return nil, fmt.Errorf("mail: header %s given twice", k)
		}
		names = append(names, k)
		extra[k] = v
	}
	sort.Strings(names)
	var b bytes.Buffer
	id := make([]byte, 12)
	_, _ = rand.Read(id)
	domain := "infitah.local"
	if at := strings.LastIndexByte(from, '@'); at >= 0 {
		domain = strings.Trim(from[at+1:], "<> ")
	}
	header := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	header("From", from)
	header("To", strings.Join(m.To, ", "))
	header("Subject", mime.QEncoding.Encode("utf-8", strings.ReplaceAll(m.Subject, "\n", " ")))
	header("Date", now.Format(time.RFC1123Z))
	header("Message-ID", "<"+hex.EncodeToString(id)+"@"+domain+">")
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "quoted-printable")
	header("Auto-Submitted", "auto-generated")
	for _, k := range names {
		header(k, extra[k])
	}
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	if _, err := io.WriteString(qp, strings.ReplaceAll(strings.ReplaceAll(m.Text, "\r\n", "\n"), "\n", "\r\n")); err != nil {
		return nil, err
	}
	if err := qp.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Parse reads a message written by compose back into a Message (tests
// follow the links in it).
func Parse(raw []byte) (Message, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return Message{}, err
	}
	dec := new(mime.WordDecoder)
	subject, err := dec.DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		return Message{}, err
	}
	var body io.Reader = msg.Body
	if strings.EqualFold(msg.Header.Get("Content-Transfer-Encoding"), "quoted-printable") {
		body = quotedprintable.NewReader(msg.Body)
	}
	text, err := io.ReadAll(body)
	if err != nil {
		return Message{}, err
	}
	var fromName, fromAddress string
	if a, err := msg.Header.AddressList("From"); err == nil && len(a) == 1 {
		fromName, fromAddress = a[0].Name, a[0].Address
	}
	var to []string
	if list, err := msg.Header.AddressList("To"); err == nil {
		for _, a := range list {
			to = append(to, a.Address)
		}
	}
	var headers map[string]string
	for k := range msg.Header {
		if reserved[k] {
			continue
		}
		v, err := dec.DecodeHeader(msg.Header.Get(k))
		if err != nil {
			return Message{}, err
		}
		if headers == nil {
			headers = map[string]string{}
		}
		headers[k] = v
	}
	return Message{To: to, Subject: subject, Text: strings.ReplaceAll(string(text), "\r\n", "\n"), Headers: headers,
		FromName: fromName, FromAddress: fromAddress}, nil
}

// redact hides a URL's password for logs.
func redact(u *url.URL) string {
	c := *u
	if _, ok := c.User.Password(); ok {
		c.User = url.UserPassword(c.User.Username(), "xxxxx")
	}
	return c.String()
}

// envelope is the bare address of "Name <a@b>" for the SMTP envelope.
func envelope(a string) string {
	if p, err := mail.ParseAddress(a); err == nil {
		return p.Address
	}
	return a
}

// Check reports whether m could be composed: at least one well-formed
// recipient, and extra headers that compose accepts. A queue checks a
// message when it is enqueued, so a bad one fails at once rather than on
// every retry.
func Check(m Message) error {
	_, err := compose("check@infitah.local", m, time.Time{})
	return err
}
