// Package inforeq is the access-to-information desk under Moroccan Law 31.13:
// people ask a body of the site (an organisation that accepts requests, with
// its designated person in charge) for information; the law's deadlines are
// kept in working days; the person in charge asks for clarification,
// extends, answers, refuses with a ground, or transfers; and every request
// and answer is public in a register, without personal data.
//
// The rules are plain Go: calendar.go (working days and holidays),
// deadline.go (the legal deadlines, extensions, urgency, the clock stopped
// by a clarification, complaint windows) and state.go (the states and what
// may follow each). The store keeps the requester's identity (name, CIN or
// residence card number, postal address, email) in columns of their own,
// apart from what the register shows, so that they can be encrypted at rest
// later like the petitions' identities; no public page, feed, API answer or
// export reads them.
package inforeq
