#!/usr/bin/env bash
# Run first by `make test-tsan`: proves that ThreadSanitizer sees `Locked` (the lock every
# shared value goes through), so the suite needs no suppression for it and a real race stays
# visible. Builds .ci/tsan-lock-check.swift with Locked.swift under -sanitize=thread
# -DCHECKOUT_TSAN, then: contention inside the lock must give no report, and a counter also
# written outside the lock must be reported. Also prints what a bare Mutex gets
# (.ci/tsan-mutex-check.swift: a false report on this toolchain, the reason for the annotation).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d /tmp/tsan-lock-check.XXXXXX)
trap 'rm -rf "$work"' EXIT
cp .ci/tsan-lock-check.swift "$work/main.swift"
swiftc -sanitize=thread -DCHECKOUT_TSAN -parse-as-library -I Sources/CLinux \
  Sources/CheckoutThreads/Locked.swift "$work/main.swift" -o "$work/check"
swiftc -sanitize=thread .ci/tsan-mutex-check.swift -o "$work/bare"
run() { # mode -> "status reports"
  local log="$work/$1.log" status=0
  TSAN_OPTIONS="exitcode=66" "$work/check" "$1" > "$log" 2>&1 || status=$?
  echo "$status $(grep -c 'WARNING: ThreadSanitizer' "$log" || true)"
}
read -r status reports <<< "$(run locked)"
grep -q "^count 200000$" "$work/locked.log" || { cat "$work/locked.log"; echo "tsan-lock-check: lost appends"; exit 1; }
[ "$status" = 0 ] && [ "$reports" = 0 ] \
  || { cat "$work/locked.log"; echo "tsan-lock-check: TSan reported accesses inside Locked.withLock"; exit 1; }
read -r status reports <<< "$(run outside)"
[ "$status" = 66 ] && [ "$reports" -gt 0 ] \
  || { cat "$work/outside.log"; echo "tsan-lock-check: a write outside the lock was not reported"; exit 1; }
bare=$(TSAN_OPTIONS="exitcode=0" "$work/bare" 2>&1 | grep -c 'WARNING: ThreadSanitizer' || true)
echo "tsan-lock-check: Locked contended: 0 reports; a write outside it: reported; a bare Mutex: $bare false report(s)"
