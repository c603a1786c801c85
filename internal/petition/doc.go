// Package petition holds petitions to the territorial councils (Organic Laws
// 111.14 for regions, 112.14 for prefectures and provinces, 113.14 for
// communes): the law's rules as plain functions (threshold rule sets, the
// share each division must bring, eligibility, the format of the national
// identity card number, the bureau's deadline and the states from draft to
// decision), their storage, the public pages, the signing with emailed
// confirmation, the API and the Atom feed.
//
// The national identity card number (CIN) of a signer is never stored in the
// clear: a keyed hash (HMAC-SHA256) finds a second signature with the same
// number, and an AES-GCM ciphertext keeps it for the council's verifier. The
// key comes from outside the database (Keys, platform/secretkey).
package petition
