#!/usr/bin/env bash
# Runs the whole ferrofips test suite, failing fast:
#   fmt check, clippy (-D warnings, all targets), release build of the module and the CLI, the workspace
#   tests (native CPU backends), the tests again with the portable backends forced at run time and compiled
#   in only (portable-only feature), the aarch64 tests under QEMU, the bindgen regenerate-and-diff test, and
#   the end-to-end demo (scripts/demo.sh).
# Environment:
#   AARCH64_ENV            script that sets up the aarch64 cross build (default ../shared/scripts/aarch64-env.sh)
#   FERROFIPS_SKIP_AARCH64 set to 1 to skip the aarch64 section (local runs without the cross toolchain)
#   OPENSSL35_SCRIPT       script that builds OpenSSL 3.5 (default ../shared/scripts/openssl35.sh)
#   FERROFIPS_SKIP_OPENSSL35 set to 1 to skip building OpenSSL 3.5 (its checks then report SKIPPED)
#   CARGO_TARGET_DIR       honoured as usual (one target dir serves every section)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ -t 1 ]]; then bold=$'\e[1m' red=$'\e[31m' green=$'\e[32m' reset=$'\e[0m'; else bold='' red='' green='' reset=''; fi
suite_start=$SECONDS
current=''
section_start=$SECONDS

finish_section() {
  if [[ -n $current ]]; then
    printf '%s---- ok: %s (%ds)%s\n' "$green" "$current" $((SECONDS - section_start)) "$reset"
  fi
}

section() {
  finish_section
  current=$1
  section_start=$SECONDS
  printf '\n%s==== %s ====%s\n' "$bold" "$current" "$reset"
}

on_exit() {
  local rc=$?
  if ((rc != 0)); then
    printf '\n%sFAILED: %s (exit %d, after %ds)%s\n' "$red" "${current:-setup}" "$rc" $((SECONDS - suite_start)) "$reset" >&2
  fi
}
trap on_exit EXIT

section "cargo fmt --check"
cargo fmt --all -- --check

section "cargo clippy (workspace, all targets, -D warnings)"
cargo clippy --workspace --all-targets -- -D warnings

section "release build: module (libferrofips.so) and CLI (ferrofips)"
cargo build --release -p ferrofips -p ferrofips-cli

if [[ ${FERROFIPS_SKIP_OPENSSL35:-0} == 1 ]]; then
  section "OpenSSL 3.5 (skipped: FERROFIPS_SKIP_OPENSSL35=1; its CLI/TLS checks will say SKIPPED)"
else
  # The 3.5 CLI and TLS checks (tests/tests/ec_cli.rs, tls_cli.rs) and the handshake bench's 3.5 columns use
  # OpenSSL 3.5 with its FIPS provider, built once into $HOME/.cache/ferrofips/openssl-3.5 (idempotent; about
  # 5 minutes on 2 cores the first time). With it built, a missing 3.5 is a test failure, not a skip.
  section "OpenSSL 3.5 for the 3.5 CLI/TLS checks (../shared/scripts/openssl35.sh)"
  openssl35_script=${OPENSSL35_SCRIPT:-../shared/scripts/openssl35.sh}
  if [[ ! -f $openssl35_script ]]; then
    echo "$openssl35_script not found: it builds OpenSSL 3.5 (or set FERROFIPS_SKIP_OPENSSL35=1)" >&2
    exit 1
  fi
  FERROFIPS_OPENSSL35="$(bash "$openssl35_script" | tail -n 1)/bin/openssl"
  export FERROFIPS_OPENSSL35 FERROFIPS_REQUIRE_OPENSSL35=1
  "$FERROFIPS_OPENSSL35" version
fi

section "cargo test --workspace (native CPU backends)"
cargo test --workspace

section "tests with the portable backends forced at run time (FERROFIPS_CPU=portable)"
FERROFIPS_CPU=portable cargo test -p ferrofips-crypto -p ferrofips-tests

section "provider cipher tests on the narrower x86 kernels (FERROFIPS_CPU=no-avx512, then no-vaes)"
if grep -qw avx512f /proc/cpuinfo 2>/dev/null; then
  FERROFIPS_CPU=no-avx512 cargo test -p ferrofips-tests --test 'cipher*' --test 'mac*' --test tls_memory
fi
if grep -qw vaes /proc/cpuinfo 2>/dev/null; then
  FERROFIPS_CPU=no-vaes cargo test -p ferrofips-tests --test 'cipher*' --test 'mac*' --test tls_memory
fi

section "ferrofips-crypto tests with only the portable backends compiled in (--features portable-only)"
cargo test -p ferrofips-crypto --features portable-only

section "ffi: regenerate the bindings with bindgen and diff them against the checked-in copy"
log=$(mktemp)
cargo test -p ferrofips-ffi --test bindgen_regen -- --nocapture 2>&1 | tee "$log"
if grep -q '^SKIP' "$log"; then
  rm -f "$log"
  echo "the bindgen diff test was skipped (libclang-14-dev and libssl-dev are needed)" >&2
  exit 1
fi
rm -f "$log"

if [[ ${FERROFIPS_SKIP_AARCH64:-0} == 1 ]]; then
  section "aarch64 (skipped: FERROFIPS_SKIP_AARCH64=1)"
else
  section "aarch64 under QEMU: ferrofips-crypto and ferrofips-selftest"
  aarch64_env=${AARCH64_ENV:-../shared/scripts/aarch64-env.sh}
  if [[ ! -f $aarch64_env ]]; then
    echo "$aarch64_env not found: it sets up the aarch64 cross toolchain (or set FERROFIPS_SKIP_AARCH64=1)" >&2
    exit 1
  fi
  # A subshell, so the cross environment (RUSTC=Debian's rustc, ...) does not leak into later sections.
  (
    env_text=$(bash "$aarch64_env")
    eval "$env_text"
    cargo test -p ferrofips-crypto -p ferrofips-selftest --target aarch64-unknown-linux-gnu
  )
fi

section "end-to-end demo (scripts/demo.sh)"
./scripts/demo.sh

finish_section
current=''
printf '\n%sALL TESTS PASSED (%ds)%s\n' "$green$bold" $((SECONDS - suite_start)) "$reset"
