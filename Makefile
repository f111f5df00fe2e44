# starcoach: `make test` is the test command; `make test-fast` is the edit
# loop (no system packages installed, no audio server, under half a
# minute); `make demo` shows the whole job with no microphone; `make run`
# starts a practice session on your microphone.

BIN      := bin/starcoach
VERSION  := $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -X github.com/starcoach/starcoach/internal/cli.Version=$(VERSION)
GO       ?= go
FUZZTIME ?= 60s

.PHONY: all build deps test test-fast bench fuzz lint docs demo run install clean

all: build

deps:
	@scripts/deps.sh

build: deps
	$(GO) build -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/starcoach

test: deps
	$(GO) vet ./...
	$(GO) test -count=1 -timeout 9m ./...

# The tests that need no system program and no real-time audio server:
# those that do skip under -short, and make test runs them.
test-fast:
	$(GO) vet ./...
	$(GO) test -short -count=1 -timeout 2m ./...

# Every part runs even when one misses a target (bench.sh exits 1 on a
# missed target), so that one run gives all the figures; make bench then
# fails if any part did.
bench: build
	@status=0; \
	$(GO) test -run '^$$' -bench . -benchmem -timeout 60m ./... || status=1; \
	$(GO) test -count=1 -run '^TestFitFigures$$' -v ./internal/fit || status=1; \
	scripts/bench.sh || status=1; \
	$(GO) test -tags spokenbench -count=1 -v -run '^TestSpokenAnswers$$' -timeout 60m ./internal/star || status=1; \
	exit $$status

fuzz: deps
	$(GO) test -run '^$$' -fuzz '^FuzzReader$$' -fuzztime $(FUZZTIME) ./internal/wav
	$(GO) test -run '^$$' -fuzz '^FuzzRepair$$' -fuzztime $(FUZZTIME) ./internal/wav
	$(GO) test -run '^$$' -fuzz '^FuzzStream$$' -fuzztime $(FUZZTIME) ./internal/analyze
	$(GO) test -run '^$$' -fuzz '^FuzzSums16$$' -fuzztime $(FUZZTIME) ./internal/analyze
	$(GO) test -run '^$$' -fuzz '^FuzzDecode$$' -fuzztime $(FUZZTIME) ./internal/session
	$(GO) test -run '^$$' -fuzz '^FuzzParseWhisper$$' -fuzztime $(FUZZTIME) ./internal/stt
	$(GO) test -run '^$$' -fuzz '^FuzzParseVosk$$' -fuzztime $(FUZZTIME) ./internal/stt
	$(GO) test -run '^$$' -fuzz '^FuzzParsePocketSphinx$$' -fuzztime $(FUZZTIME) ./internal/stt
	$(GO) test -run '^$$' -fuzz '^FuzzParseCommandOutput$$' -fuzztime $(FUZZTIME) ./internal/stt

lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo "gofmt needed"; exit 1; }
	$(GO) vet ./...
	$(GO) run ./internal/cli/gendocs -check
	GO=$(GO) scripts/crossvet.sh

# The command reference under docs/ (man pages and Markdown), written from
# the commands' own help: run it after changing a command's help or flags.
docs:
	$(GO) run ./internal/cli/gendocs

demo: build
	STARCOACH_BIN=$(BIN) scripts/demo.sh

run: build
	$(BIN) practice $(ARGS)

install:
	@scripts/deps.sh --use
	$(GO) install -ldflags '$(LDFLAGS)' ./cmd/starcoach

clean:
	rm -rf bin
