package server

import (
	_ "embed"
	"net/http"

	"github.com/infitah/infitah/internal/platform/web"
)

// openAPIDoc is the OpenAPI 3.1 description of every /api/v1 route. A test
// (openapi_test.go) fails when a route registered in the code is missing from
// it, or when a documented path does not answer.
//
//go:embed openapi.json
var openAPIDoc []byte

// serveOpenAPI answers GET /api/v1/openapi.json.
func serveOpenAPI(w http.ResponseWriter, r *http.Request) {
	web.Send(w, r, http.StatusOK, "application/json", openAPIDoc)
}
