package plan

// Bounds on what a request may write into a plan. The administration's
// forms, the CSV import and the API writes hold every field to the same
// bound (in characters, per language for a translatable text), and
// openapi.json states them as maxLength and maxItems. They are generous for
// a government's texts and keep one request from filling the database.
const (
	MaxRefLen   = 40    // a commitment's reference in its plan ("TTA-01")
	MaxSlugLen  = 64    // a plan's slug
	MaxTitleLen = 300   // titles: plan, stage, commitment, milestone, evidence
	MaxNameLen  = 200   // a contact's name or role, an assessor
	MaxTextLen  = 10000 // long texts: summaries, the template's texts, deliverables, updates, assessments
	MaxURLLen   = 2000  // a web address (evidence, an assessment's evidence)

	MaxStages   = 20 // co-creation stages of a plan
	MaxPartners = 30 // partners of a commitment
	MaxEvidence = 20 // evidence links of one progress update
	MaxFiles    = 5  // evidence files uploaded with one progress update
)

// CommitmentTextMax bounds each translatable field of the OGP Local template.
var CommitmentTextMax = map[string]int{
	"title": MaxTitleLen, "problem": MaxTextLen, "cause": MaxTextLen, "status_quo": MaxTextLen,
	"objective": MaxTextLen, "expected_results": MaxTextLen, "solution": MaxTextLen,
	"contact_name": MaxNameLen, "contact_role": MaxNameLen,
}

// The lists whose items are choices are bounded by their choices: a value
// given twice counts once, and an unknown one is refused.
var (
	MaxValues = len(Values) // OGP values of a commitment or an assessment
	MaxThemes = len(Themes) // themes of a commitment
)
