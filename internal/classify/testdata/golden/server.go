package server

import (
	"context"
	"fmt"
	"net/http"
)

// Handler answers health checks and counts requests.
type Handler struct {
	hits int
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.hits++
	if err := r.Context().Err(); err != nil {
		http.Error(w, err.Error(), http.StatusServiceUnavailable)
		return
	}
	fmt.Fprintf(w, "ok %d\n", h.hits)
}

func Run(ctx context.Context, addr string) error {
	srv := &http.Server{Addr: addr, Handler: &Handler{}}
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	return srv.ListenAndServe()
}
