#!/usr/bin/env bash
# End-to-end demo: build ferrofips, install it under target/prefix, and use it through the stock `openssl`
# command (provider listing, SHA-256 and SHA3-256 digests, `openssl fipsinstall`), then `ferrofips check`.
# Every step is verified; the script exits non-zero on the first failure.
# Environment: OPENSSL (default: openssl) picks the openssl command; CARGO_TARGET_DIR is honoured.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ -t 1 ]]; then bold=$'\e[1m' reset=$'\e[0m'; else bold='' reset=''; fi
step() { printf '\n%s==> %s%s\n' "$bold" "$*" "$reset"; }
fail() { printf 'demo: FAILED: %s\n' "$*" >&2; exit 1; }

openssl=${OPENSSL:-openssl}
target_dir=${CARGO_TARGET_DIR:-$PWD/target}
prefix=$PWD/target/prefix
ferrofips=$target_dir/release/ferrofips

step "cargo build --release -p ferrofips -p ferrofips-cli"
cargo build --release -p ferrofips -p ferrofips-cli

step "ferrofips install --prefix $prefix"
"$ferrofips" install --prefix "$prefix"
module=$prefix/lib/ossl-modules/ferrofips.so
export OPENSSL_CONF=$prefix/ssl/openssl.cnf

step "OPENSSL_CONF=$OPENSSL_CONF $openssl list -providers -verbose"
providers=$("$openssl" list -providers -verbose)
printf '%s\n' "$providers"
# The ferrofips entry must be there and active.
awk '/^  [^ ]/ { p = $1 } p == "ferrofips" && /^    status: active/ { ok = 1 } END { exit !ok }' <<<"$providers" ||
  fail "ferrofips is not listed as active"

step "digests of a file through ferrofips (only ferrofips and base are loaded; base has no digests)"
input=$prefix/demo-input.txt
seq 1 100000 >"$input"
for alg in sha256 sha3-256; do
  ours=$("$openssl" dgst "-$alg" "$input")
  echo "$ours"
  # Cross-check with OpenSSL's own default provider (an empty config loads it).
  theirs=$(OPENSSL_CONF=/dev/null "$openssl" dgst "-$alg" "$input")
  [[ ${ours##*= } == "${theirs##*= }" ]] || fail "$alg differs from OpenSSL's default provider: $theirs"
done
echo "both digests match OpenSSL's default provider"

# fipsinstall runs with an empty config (OPENSSL_CONF=/dev/null: its HMAC comes from OpenSSL's default
# provider) so that it loads ferrofips itself and shows the self-test events. Under our openssl.cnf the
# provider is already active when fipsinstall starts, so OpenSSL 3.0 would not load it (nor run its
# self-tests, nor honour -corrupt_*) again.
fipsinstall() {
  OPENSSL_CONF=/dev/null "$openssl" fipsinstall -module "$module" -provider_name ferrofips \
    -section_name ferrofips_sect "$@" 2>&1
}
step "$openssl fipsinstall -module $module -provider_name ferrofips -section_name ferrofips_sect"
fipsinstall_out=$prefix/ssl/fipsinstall-ferrofips.cnf
log=$(fipsinstall -out "$fipsinstall_out") || { printf '%s\n' "$log"; fail "openssl fipsinstall failed"; }
printf '%s\n' "$log"
grep -q 'INSTALL PASSED' <<<"$log" || fail "openssl fipsinstall did not print INSTALL PASSED"
grep -q 'HMAC : (Module_Integrity) : Pass' <<<"$log" || fail "fipsinstall shows no module integrity test"
echo "--- $fipsinstall_out"
cat "$fipsinstall_out"
# fipsinstall MACs the module with the same key: its module-mac must equal the one ferrofips install wrote.
mac_of() { sed -n 's/^[[:space:]]*module-mac[[:space:]]*=[[:space:]]*//p' "$1" | tr -d '[:space:]'; }
[[ $(mac_of "$fipsinstall_out") == "$(mac_of "$prefix/ssl/ferrofips.cnf")" ]] ||
  fail "module-mac from openssl fipsinstall differs from ferrofips install's"
echo "module-mac from openssl fipsinstall equals the one in $prefix/ssl/ferrofips.cnf"

step "$openssl fipsinstall ... -corrupt_desc SHA2 (a corrupted self-test must fail the install)"
if log=$(fipsinstall -out "$prefix/ssl/fipsinstall-corrupt.cnf" -corrupt_desc SHA2); then
  printf '%s\n' "$log"
  fail "fipsinstall passed although a SHA2 self-test was corrupted"
fi
grep -E 'SHA2 : \(KAT_Digest\) : Corrupt Fail|INSTALL FAILED' <<<"$log"
rm -f "$prefix/ssl/fipsinstall-corrupt.cnf"

step "ferrofips check"
"$ferrofips" check

printf '\n%sDEMO PASSED%s\n' "$bold" "$reset"
