package testenv

import (
	"bytes"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// S3ProxyOptions configure an S3Proxy.
type S3ProxyOptions struct {
	// FailPercent of requests (0–100), chosen deterministically by request
	// number, fail before reaching the server: alternately with 503
	// SlowDown and with a connection reset.
	FailPercent int
	// CutPercent of object downloads (GETs of a key), chosen
	// deterministically, break off half-way through the body: the
	// connection is closed before Content-Length bytes were sent.
	CutPercent int
	// Deny, when set, makes requests it returns true for fail with 403
	// AccessDenied.
	Deny func(r *http.Request) bool
	// Inject, when set, may answer a request with an S3 error of its own:
	// it returns the HTTP status (0 to pass the request on), error code
	// and message.
	Inject func(r *http.Request) (status int, code, msg string)
	// Rewrite, when set, may change the body of each successful response
	// to a request it is given.
	Rewrite func(r *http.Request, body []byte) []byte
}

// S3Proxy is a fault and feature proxy in front of an S3-compatible test
// server. It injects failures (503 SlowDown, connection resets, 403s), and
// implements the bucket sub-resources versitygw lacks, Block Public Access
// (?publicAccessBlock) and default encryption (?encryption), in memory.
// Requests pass through with their Host header unchanged, so SigV4
// signatures made for the proxy's address stay valid.
type S3Proxy struct {
	// Endpoint is the proxy's base URL.
	Endpoint string

	opts     S3ProxyOptions
	backend  *url.URL
	rp       *httputil.ReverseProxy
	n        atomic.Int64 // requests seen
	gets     atomic.Int64 // object downloads seen
	failures atomic.Int64 // requests failed on purpose

	mu     sync.Mutex
	stored map[string][]byte // "bucket?publicAccessBlock" → configuration XML
}

// NewS3Proxy starts a proxy to the server at endpoint; it stops when the
// test ends.
func NewS3Proxy(t testing.TB, endpoint string, opts S3ProxyOptions) *S3Proxy {
	t.Helper()
	u, err := url.Parse(endpoint)
	if err != nil {
		t.Fatalf("s3 proxy: %v", err)
	}
	p := &S3Proxy{opts: opts, backend: u, stored: map[string][]byte{}}
	p.rp = &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.Out.URL.Scheme, r.Out.URL.Host = u.Scheme, u.Host
			r.Out.Host = r.In.Host
		},
		ModifyResponse: p.modify,
		ErrorLog:       log.New(io.Discard, "", 0), // the cut bodies are on purpose
	}
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	p.Endpoint = srv.URL
	return p
}

// Failures returns how many requests the proxy failed on purpose.
func (p *S3Proxy) Failures() int64 { return p.failures.Load() }

// Requests returns how many requests the proxy received.
func (p *S3Proxy) Requests() int64 { return p.n.Load() }

// ServeHTTP injects a failure, answers an emulated sub-resource, or
// forwards the request.
func (p *S3Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := p.n.Add(1)
	if p.fail(n) {
		p.failures.Add(1)
		if n%2 == 0 {
			reset(w)
			return
		}
		s3Error(w, http.StatusServiceUnavailable, "SlowDown", "Please reduce your request rate.")
		return
	}
	if p.opts.Deny != nil && p.opts.Deny(r) {
		s3Error(w, http.StatusForbidden, "AccessDenied", "Access Denied")
		return
	}
	if p.opts.Inject != nil {
		if status, code, msg := p.opts.Inject(r); status != 0 {
			s3Error(w, status, code, msg)
			return
		}
	}
	q := r.URL.Query()
	for _, sub := range []string{"publicAccessBlock", "encryption"} {
		if q.Has(sub) {
			p.subresource(w, r, sub)
			return
		}
	}
	p.rp.ServeHTTP(w, r)
}

// fail decides deterministically whether request number n fails.
func (p *S3Proxy) fail(n int64) bool { return chosen(n, p.opts.FailPercent) }

// chosen picks percent of the numbers n deterministically.
func chosen(n int64, percent int) bool {
	if percent <= 0 {
		return false
	}
	h := fnv.New32a()
	h.Write([]byte(strconv.FormatInt(n, 10)))
	return int(h.Sum32()%100) < percent
}

// reset closes the client connection abruptly (TCP RST).
func reset(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic("s3 proxy: response writer cannot hijack")
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		return
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}

// s3Error writes an S3 error response.
func s3Error(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(status)
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>%s</Code><Message>%s</Message></Error>`, code, msg)
}

// notFoundCodes are the errors for an unset emulated sub-resource.
var notFoundCodes = map[string]string{
	"publicAccessBlock": "NoSuchPublicAccessBlockConfiguration",
	"encryption":        "ServerSideEncryptionConfigurationNotFoundError",
}

// subresource stores, returns or deletes the configuration XML of an
// emulated sub-resource. It does not check signatures.
func (p *S3Proxy) subresource(w http.ResponseWriter, r *http.Request, sub string) {
	bucket := strings.Trim(r.URL.Path, "/")
	key := bucket + "?" + sub
	p.mu.Lock()
	defer p.mu.Unlock()
	switch r.Method {
	case http.MethodPut:
		b, err := io.ReadAll(r.Body)
		if err != nil {
			s3Error(w, http.StatusBadRequest, "IncompleteBody", err.Error())
			return
		}
		p.stored[key] = b
		w.WriteHeader(http.StatusOK)
	case http.MethodDelete:
		delete(p.stored, key)
		w.WriteHeader(http.StatusNoContent)
	case http.MethodGet:
		b, ok := p.stored[key]
		if !ok {
			s3Error(w, http.StatusNotFound, notFoundCodes[sub], "The configuration was not found")
			return
		}
		w.Header().Set("Content-Type", "application/xml")
		_, _ = w.Write(b)
	default:
		s3Error(w, http.StatusMethodNotAllowed, "MethodNotAllowed", r.Method)
	}
}

// modify cuts object bodies short and applies Rewrite to successful
// responses.
func (p *S3Proxy) modify(resp *http.Response) error {
	r := resp.Request
	q := r.URL.Query()
	q.Del("x-id") // the SDK names the operation: x-id=GetObject
	isGet := r.Method == http.MethodGet && len(q) == 0 && strings.Count(strings.Trim(r.URL.Path, "/"), "/") > 0
	if isGet && resp.ContentLength > 1 && chosen(p.gets.Add(1), p.opts.CutPercent) {
		p.failures.Add(1)
		resp.Body = &cutBody{r: resp.Body, left: resp.ContentLength / 2}
		return nil
	}
	if p.opts.Rewrite == nil || resp.StatusCode/100 != 2 {
		return nil
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return err
	}
	b = p.opts.Rewrite(resp.Request, b)
	resp.Body = io.NopCloser(bytes.NewReader(b))
	resp.ContentLength = int64(len(b))
	resp.Header.Set("Content-Length", strconv.Itoa(len(b)))
	return nil
}

// A cutBody fails after left bytes, which makes the reverse proxy abort
// the response and close the connection.
type cutBody struct {
	r    io.ReadCloser
	left int64
}

func (c *cutBody) Read(b []byte) (int, error) {
	if c.left <= 0 {
		return 0, errors.New("s3 proxy: body cut on purpose")
	}
	if int64(len(b)) > c.left {
		b = b[:c.left]
	}
	n, err := c.r.Read(b)
	c.left -= int64(n)
	return n, err
}

func (c *cutBody) Close() error { return c.r.Close() }
