package mail

import (
	"bufio"
	"context"
	"net"
	"strings"
	"testing"
	"time"
)

const longLink = "https://region.example.ma/password/reset/confirm?token=AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdEfGhIjKlMnOp"

func TestComposeParseRoundTrip(t *testing.T) {
	m := Message{To: []string{"amina@example.ma"}, Subject: "تأكيد بريدكم الإلكتروني – جهة طنجة",
		Text: "مرحبا أمينة،\n\nافتحوا هذا الرابط:\n\n" + longLink + "\n"}
	raw, err := compose("Infitah <no-reply@region.ma>", m, time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(raw), "\r\n") {
		if len(line) > 998 {
			t.Fatal("a line exceeds RFC 5322's limit")
		}
	}
	got, err := Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	if got.Subject != m.Subject || got.Text != m.Text || len(got.To) != 1 || got.To[0] != "amina@example.ma" {
		t.Errorf("round trip: %+v", got)
	}
}

func TestComposeRejectsHeaderInjection(t *testing.T) {
	_, err := compose("no-reply@region.ma", Message{To: []string{"a@b.ma\r\nBcc: c@d.ma"}, Subject: "x", Text: "y"}, time.Now())
	if err == nil {
		t.Error("a recipient with a newline was accepted")
	}
	raw, err := compose("no-reply@region.ma", Message{To: []string{"a@b.ma"}, Subject: "x\r\nBcc: c@d.ma", Text: "y"}, time.Now())
	if err != nil || strings.Contains(string(raw), "\r\nBcc:") {
		t.Errorf("a subject with a newline made a header: %v", err)
	}
}

func TestFileSender(t *testing.T) {
	dir := t.TempDir()
	s, err := New("", dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, subject := range []string{"one", "two"} {
		if err := s.Send(context.Background(), Message{To: []string{"a@b.ma"}, Subject: subject, Text: longLink}); err != nil {
			t.Fatal(err)
		}
	}
	files, err := Files(dir + "/mail")
	if err != nil || len(files) != 2 {
		t.Fatalf("files: %v %v", files, err)
	}
	m, err := ReadFile(files[1])
	if err != nil || m.Subject != "two" || !strings.Contains(m.Text, longLink) {
		t.Errorf("second file: %+v %v", m, err)
	}
}

func TestNewSMTPURL(t *testing.T) {
	for _, bad := range []string{"http://x", "smtp://", "mail.example.ma:25"} {
		if _, err := New(bad, "", nil); err == nil {
			t.Errorf("%q was accepted", bad)
		}
	}
	s, err := NewSMTP("smtp://u:p@mail.example.ma?from=no-reply@region.ma", nil)
	if err != nil || s.From != "no-reply@region.ma" || s.addr() != "mail.example.ma:587" {
		t.Errorf("%+v %v", s, err)
	}
}

// TestSMTPSender talks to a minimal SMTP server that offers neither
// STARTTLS nor AUTH, and checks the envelope and the data it receives.
func TestSMTPSender(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	got := make(chan []string, 1)
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		var lines []string
		r := bufio.NewReader(conn)
		say := func(s string) { _, _ = conn.Write([]byte(s + "\r\n")) }
		say("220 test ESMTP")
		inData := false
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				break
			}
			line = strings.TrimRight(line, "\r\n")
			lines = append(lines, line)
			switch {
			case inData:
				if line == "." {
					inData = false
					say("250 queued")
				}
			case strings.HasPrefix(line, "EHLO"):
				say("250-test")
				say("250 8BITMIME")
			case strings.HasPrefix(line, "DATA"):
				inData = true
				say("354 go")
			case strings.HasPrefix(line, "QUIT"):
				say("221 bye")
				got <- lines
				return
			default:
				say("250 ok")
			}
		}
		got <- lines
	}()
	s, err := NewSMTP("smtp://"+ln.Addr().String()+"?from=no-reply@region.ma", nil)
	if err != nil {
		t.Fatal(err)
	}
	// The site's sender replaces the configured one, in the envelope too.
	if err := s.Send(context.Background(), Message{To: []string{"Amina <amina@example.ma>"}, Subject: "Hello", Text: longLink,
		FromName: "Council", FromAddress: "contact@region.ma"}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Join(<-got, "\n")
	for _, want := range []string{"MAIL FROM:<contact@region.ma>", "RCPT TO:<amina@example.ma>", "Subject: Hello",
		`From: "Council" <contact@region.ma>`} {
		if !strings.Contains(lines, want) {
			t.Errorf("the server did not get %q:\n%s", want, lines)
		}
	}
}

func TestComposeExtraHeaders(t *testing.T) {
	m := Message{To: []string{"a@b.ma"}, Subject: "x", Text: "y", Headers: map[string]string{
		"List-Unsubscribe":      "<https://region.ma/unsubscribe/AbC>",
		"list-unsubscribe-post": "List-Unsubscribe=One-Click",
		"X-Infitah-Kind":        "تحديث",
	}}
	raw, err := compose("no-reply@region.ma", m, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(raw), "\r\nList-Unsubscribe: <https://region.ma/unsubscribe/AbC>\r\n") ||
		!strings.Contains(string(raw), "\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n") {
		t.Errorf("headers missing:\n%s", raw)
	}
	got, err := Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	if got.Headers["List-Unsubscribe"] != "<https://region.ma/unsubscribe/AbC>" || got.Headers["X-Infitah-Kind"] != "تحديث" {
		t.Errorf("parsed headers: %v", got.Headers)
	}
	if _, ok := got.Headers["Subject"]; ok {
		t.Error("Parse put a standard header among the extra ones")
	}
}

func TestComposeRejectsBadExtraHeaders(t *testing.T) {
	for name, h := range map[string]map[string]string{
		"newline in value":  {"List-Unsubscribe": "<https://a.ma/x>\r\nBcc: c@d.ma"},
		"bare LF in value":  {"List-Unsubscribe": "<https://a.ma/x>\nBcc: c@d.ma"},
		"colon in name":     {"X-A: b\r\nBcc": "c@d.ma"},
		"space in name":     {"X A": "b"},
		"empty name":        {"": "b"},
		"reserved Bcc":      {"bcc": "c@d.ma"},
		"reserved From":     {"From": "evil@d.ma"},
		"reserved Subject":  {"SUBJECT": "x"},
		"too long":          {"X-Long": strings.Repeat("a", 1000)},
		"NUL in value":      {"X-A": "a\x00b"},
		"non-ASCII in name": {"X-É": "b"},
		"given twice":       {"X-A": "1", "x-a": "2"},
	} {
		m := Message{To: []string{"a@b.ma"}, Subject: "x", Text: "y", Headers: h}
		if raw, err := compose("no-reply@region.ma", m, time.Now()); err == nil {
			t.Errorf("%s: accepted:\n%s", name, raw)
		}
	}
}

func TestFrom(t *testing.T) {
	for _, c := range []struct {
		def, name, addr, want string
	}{
		{"Infitah <no-reply@region.ma>", "", "", "Infitah <no-reply@region.ma>"},
		{"Infitah <no-reply@region.ma>", "Conseil", "", `"Conseil" <no-reply@region.ma>`},
		{"no-reply@region.ma", "", "contact@region.ma", "<contact@region.ma>"},
		{"Infitah <no-reply@region.ma>", "", "contact@region.ma", `"Infitah" <contact@region.ma>`},
		{"x", "مجلس الجهة", "contact@region.ma", "=?utf-8?q?"},
	} {
		got := From(c.def, Message{FromName: c.name, FromAddress: c.addr})
		if !strings.HasPrefix(got, c.want) {
			t.Errorf("From(%q, %q, %q) = %q, want %q", c.def, c.name, c.addr, got, c.want)
		}
	}
	// An Arabic name survives composing and parsing.
	raw, err := compose("Infitah <no-reply@region.ma>", Message{To: []string{"a@b.ma"}, Subject: "s", Text: "t",
		FromName: "مجلس جهة طنجة", FromAddress: "contact@region.ma"}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	m, err := Parse(raw)
	if err != nil || m.FromName != "مجلس جهة طنجة" || m.FromAddress != "contact@region.ma" {
		t.Errorf("parsed sender %q <%s>, %v", m.FromName, m.FromAddress, err)
	}
	for _, bad := range []Message{{FromAddress: "not an address"}, {FromAddress: "a@b.ma>\r\nBcc: c@d.ma"}, {FromName: "x\r\nBcc: c@d.ma"}} {
		bad.To, bad.Subject, bad.Text = []string{"a@b.ma"}, "s", "t"
		if _, err := compose("no-reply@region.ma", bad, time.Now()); err == nil {
			t.Errorf("sender %q <%s> accepted", bad.FromName, bad.FromAddress)
		}
	}
}
