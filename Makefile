# ChatCheckout — make run | make test | make build | make cert | make bench
SHELL := /bin/bash
.DEFAULT_GOAL := help

APT_PACKAGES := libssl-dev libsqlite3-dev pkg-config curl openssl ca-certificates
TEST_APT_PACKAGES := sqlite3
PIP_PACKAGES := cryptography
SWIFT_BUILD_FLAGS ?=
RELEASE_BIN := .build/release/chatcheckout
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help deps test-deps build debug run test cert bench clean

help:
	@echo "make run    build release and serve the demo shop (sandbox) on 127.0.0.1:8080 / 8443"
	@echo "make test   install what is missing, run every test target and the end-to-end tests"
	@echo "make build  release build of .build/release/chatcheckout"
	@echo "make cert   development CA + server certificate for 127.0.0.1/localhost in data/tls/"
	@echo "make bench  wrk benchmarks against the release binary and nginx (docs/PERFORMANCE.md)"

# Installs only what is missing: dpkg -s decides, apt-get update runs once when needed.
deps:
	@missing=""; for p in $(APT_PACKAGES) $(EXTRA_APT); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; fi

test-deps:
	@$(MAKE) --no-print-directory deps EXTRA_APT="$(TEST_APT_PACKAGES)"
	@for p in $(PIP_PACKAGES); do python3 -c "import $$p" 2>/dev/null || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then python3 -m pip install -q $$missing; fi

build: deps
	swift build -c release $(SWIFT_BUILD_FLAGS)

debug: deps
	swift build $(SWIFT_BUILD_FLAGS)

cert:
	@scripts/make-cert.sh data/tls

run: build
	@[ -f data/tls/server.pem ] || scripts/make-cert.sh data/tls
	CHECKOUT_SANDBOX=1 $(RELEASE_BIN) serve --demo

test: test-deps
	swift build --build-tests $(SWIFT_BUILD_FLAGS)
	swift build $(SWIFT_BUILD_FLAGS)
	CHECKOUT_BINARY=$(CURDIR)/.build/debug/chatcheckout swift test --skip-build $(SWIFT_BUILD_FLAGS)

clean:
	rm -rf .build
