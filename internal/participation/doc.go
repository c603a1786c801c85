// Package participation is the public page of participation figures,
// /participation, and its CSV download: contributions (proposals, comments,
// supports), distinct participants and organisations per month and per
// consultation.
//
// The figures are counts only, computed by the database with GROUP BY over
// bounded windows (Months months, the MaxConsultations latest
// consultations): no name, no address, no row about a person leaves it.
// What the public cannot see is not counted: proposals hidden by moderation
// or in unpublished consultations, their supports, and comments that are
// not shown. A participant is an account that contributed; guests'
// comments count as contributions but not as participants, since a guest is
// known only by an address this page must not read. Months are calendar
// months in UTC, bucketed per dialect (months.go).
package participation
