# Thin wrappers around the go tool; CI runs .ci/run.
GO      ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X github.com/mamori-dev/mamori/internal/cli.Version=$(VERSION)
FUZZTIME ?= 10s

.PHONY: build test race lint fuzz-smoke bench bench-stages generate check-generated

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o mamori ./cmd/mamori

test:
	$(GO) test ./...

race:
	$(GO) test -race ./...

lint:
	test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); exit 1; }
	$(GO) vet ./...
	@if command -v golangci-lint >/dev/null; then golangci-lint run ./...; else echo "golangci-lint not installed; .ci/run installs it"; fi

# Every native fuzz target, briefly: FUZZTIME each (default 10s; CI uses 3000x, a count).
fuzz-smoke:
	@for pkg in $$($(GO) list ./...); do \
	  dir=$$($(GO) list -f '{{.Dir}}' $$pkg); \
	  for f in $$(grep -ho '^func Fuzz[A-Za-z0-9_]*' $$dir/*_test.go 2>/dev/null | sed 's/^func //'); do \
	    echo "fuzz $$pkg $$f"; \
	    $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
	  done; \
	done

# Side-by-side benchmark (bench/run.sh): a 210 MB corpus with planted credentials, mamori and the
# peers it finds (GITLEAKS=path, TRUFFLEHOG=path), one core each; prints the table of docs/performance.md.
bench:
	bench/run.sh

# Per-stage benchmarks, one core, as the notes report them.
bench-stages:
	GOMAXPROCS=1 $(GO) test -run '^$$' -bench . -benchtime 3x ./internal/...

generate:
	$(GO) generate ./...

check-generated: generate
	git diff --exit-code

# Retrain the document classifier (docs/classifier.md): fetch the pinned corpus into the
# git-ignored tools/train/.corpus (needs apt-get update, npm, sqlite3, pg_dump/psql on
# 127.0.0.1), then write internal/classify/model.bin and docs/classifier-report.md. CI never runs it.
CORPUS ?= tools/train/.corpus
.PHONY: model
model:
	tools/train/fetch.sh $(CORPUS)
	tools/train/unpack.sh $(CORPUS)
	$(GO) run ./tools/train -cache $(CORPUS) -out internal/classify/model.bin -report docs/classifier-report.md
