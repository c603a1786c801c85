package web

import (
	"net/http"

	"github.com/infitah/infitah/internal/platform/i18n"
)

// LocaleCookie remembers the language a visitor chose.
const LocaleCookie = "lang"

// Locales picks the request's language: a valid ?lang= (remembered in a
// cookie for a year), else the cookie, else Accept-Language, else Arabic. An
// unknown ?lang= is a bad request, answered in the language the request
// would otherwise get. It runs inside the site middleware, so that the
// cookie is Secure when the site is used over https (IsHTTPS).
func Locales(errs *Errors) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			l := i18n.Default
			fromCookie := false
			if c, err := r.Cookie(LocaleCookie); err == nil {
				if cl, ok := i18n.Parse(c.Value); ok {
					l, fromCookie = cl, true
				}
			}
			if !fromCookie {
				l = i18n.Negotiate(r.Header.Get("Accept-Language"))
			}
			if q, ok := r.URL.Query()["lang"]; ok {
				ql, valid := i18n.Parse(firstOf(q))
				if !valid {
					r = r.WithContext(WithLocale(r.Context(), l))
					errs.BadRequest(w, r, "error.invalid_language")
					return
				}
				l = ql
				http.SetCookie(w, &http.Cookie{Name: LocaleCookie, Value: string(l), Path: "/",
					MaxAge: 365 * 24 * 3600, HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: IsHTTPS(r)})
			}
			w.Header().Add("Vary", "Accept-Language, Cookie")
			next.ServeHTTP(w, r.WithContext(WithLocale(r.Context(), l)))
		})
	}
}

func firstOf(vs []string) string {
	if len(vs) == 0 {
		return ""
	}
	return vs[0]
}
