package petition

import "slices"

// State is where a petition is on its way from draft to decision.
type State string

// The states, in their order.
const (
	Draft        State = "draft"        // private to its agent
	Collecting   State = "collecting"   // published: signatures are collected
	Filed        State = "filed"        // filed with the council: receipt number and date, the dossier frozen
	Admissible   State = "admissible"   // the bureau's reasoned decision: admissible
	Inadmissible State = "inadmissible" // the bureau's reasoned decision: inadmissible (final)
	OnAgenda     State = "on_agenda"    // on the agenda of an ordinary session, sent to a standing committee
	Decided      State = "decided"      // the council's deliberation (final)
)

// States lists every state in order.
var States = []State{Draft, Collecting, Filed, Admissible, Inadmissible, OnAgenda, Decided}

// Valid reports whether s is a known state.
func (s State) Valid() bool { return slices.Contains(States, s) }

// next holds the moves the law allows.
var next = map[State][]State{
	Draft:      {Collecting},
	Collecting: {Filed},
	Filed:      {Admissible, Inadmissible},
	Admissible: {OnAgenda},
	OnAgenda:   {Decided},
}

// CanMove reports whether a petition in from may move to to.
func CanMove(from, to State) bool { return slices.Contains(next[from], to) }

// Public reports whether a petition in s is shown to everyone: every state
// but the draft.
func (s State) Public() bool { return s.Valid() && s != Draft }

// Signable reports whether signatures are taken in s.
func (s State) Signable() bool { return s == Collecting }

// Frozen reports whether the dossier (texts and signatures) can no longer
// change: from the filing on.
func (s State) Frozen() bool { return s != Draft && s != Collecting }

// AwaitsDecision reports whether the bureau's admissibility decision is
// due in s.
func (s State) AwaitsDecision() bool { return s == Filed }
