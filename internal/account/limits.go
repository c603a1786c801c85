package account

// Bounds on what a person's forms may write, in characters; the forms
// (maxlength) and openapi.json state them. The organisations' are in
// org_rules.go.
const (
	MaxPersonNameLen = 120  // a person's public name
	MaxEmailLen      = 254  // an address (RFC 5321)
	MaxTokenNameLen  = 100  // the name of a personal access token
	MaxUserQueryLen  = 200  // the administration's search of people (?q=)
	MaxPasswordBytes = 1024 // a password, in bytes: it bounds the work of hashing it
)
