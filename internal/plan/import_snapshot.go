package plan

// The audit ledger keeps what a change did: the fields of the record before
// and after it, only those that changed (audit.Diff). A snapshot is a
// record's writable fields as JSON-ready values, named as the
// administration forms name them in the ledger; organisations appear by id.
// Contacts are roles and names of offices, never e-mail addresses or phone
// numbers.

type snapshot map[string]any

// orNil is the snapshot as the ledger takes it: a nil interface for none,
// not a nil map inside one.
func (s snapshot) orNil() any {
	if s == nil {
		return nil
	}
	return map[string]any(s)
}

// commitmentSnapshot is nil for nil (a commitment about to be created).
func commitmentSnapshot(c *Commitment) snapshot {
	if c == nil {
		return nil
	}
	partners := make([]map[string]any, 0, len(c.Partners))
	for _, p := range c.Partners {
		partners = append(partners, map[string]any{"organisation_id": p.ID, "sector": p.Sector})
	}
	var lead any
	if c.Lead != nil {
		lead = c.Lead.ID
	}
	return snapshot{
		"ref": c.Ref, "position": c.Position,
		"title": c.Title, "problem": c.Problem, "cause": c.Cause, "status_quo": c.StatusQuo,
		"objective": c.Objective, "expected_results": c.ExpectedResults, "solution": c.Solution,
		"contact_name": c.ContactName, "contact_role": c.ContactRole,
		"ogp_values": nonNil(c.Values), "themes": nonNil(c.Themes),
		"lead_organisation_id": lead, "partners": partners,
		"start_date": c.StartDate, "end_date": c.EndDate, "status": c.Status, "progress": c.Progress,
	}
}

// milestoneSnapshot is nil for nil (a milestone about to be created).
func milestoneSnapshot(m *Milestone) snapshot {
	if m == nil {
		return nil
	}
	var resp any
	if m.Responsible != nil {
		resp = m.Responsible.ID
	}
	return snapshot{
		"position": m.Position, "title": m.Title, "deliverable": m.Deliverable,
		"responsible_organisation_id": resp, "start_date": m.StartDate, "end_date": m.EndDate,
		"status": m.Status, "progress": m.Progress, "weight": m.Weight,
	}
}
