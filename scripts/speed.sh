#!/usr/bin/env bash
# Compares digest throughput of ferrofips and OpenSSL's default provider with `openssl speed -evp`.
#
# Builds the module (cargo build --release -p ferrofips; a no-op when up to date), seals a copy into
# target/speed-prefix (module-mac = HMAC-SHA-256 with OpenSSL's FIPS install key, computed by `openssl mac`),
# then runs `openssl speed -evp ALG -bytes N -seconds S` for every algorithm and size, the providers
# interleaved (ferrofips, default, ferrofips, default, ... per cell, ROUNDS times) to spread clock drift and
# noisy neighbours evenly, and prints the mean of the rounds as a table.
#
# How the providers are selected:
#  * ferrofips has no DRBG yet and `openssl speed` needs one, so by default both providers run under one
#    config that loads ferrofips + default + base (no `default_properties = fips=yes`) and
#    `-propquery provider=ferrofips` / `-propquery provider=default` picks the digest implementation.
#  * If `openssl rand` works under the pure ferrofips config (ferrofips + base, fips=yes), i.e. ferrofips has
#    grown its own DRBG, the ferrofips runs use that config instead (no default provider loaded at all).
#  * With OpenSSL 3.5 at $OPENSSL35 (default ~/.cache/ferrofips/openssl-3.5/bin/openssl), its default
#    provider is measured too, as an extra column.
#
# Usage: scripts/speed.sh [-s SECONDS] [-r ROUNDS] [-a "ALGS"] [-b "SIZES"] [--no-build] [--no-35]
#   -s SECONDS  per run (default 3)            -a ALGS   default "sha1 sha256 sha512 sha3-256"
#   -r ROUNDS   runs per provider (default 2)  -b SIZES  default "16 1024 16384"
# Environment: OPENSSL (default openssl), OPENSSL35, CARGO_TARGET_DIR, FERROFIPS_MODULE (use this built module
# instead of building). Output: the table on stdout, raw results in target/speed-prefix/speed-raw.txt.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

seconds=3
rounds=2
algs="sha1 sha256 sha512 sha3-256"
sizes="16 1024 16384"
build=1
use35=1
while (($#)); do
  case $1 in
    -s | --seconds) seconds=$2; shift 2 ;;
    -r | --rounds) rounds=$2; shift 2 ;;
    -a | --algs) algs=$2; shift 2 ;;
    -b | --bytes) sizes=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    --no-35) use35=0; shift ;;
    -h | --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    *) echo "speed.sh: unknown argument: $1 (try --help)" >&2; exit 2 ;;
  esac
done
[[ $seconds =~ ^[1-9][0-9]*$ && $rounds =~ ^[1-9][0-9]*$ ]] || { echo "speed.sh: -s and -r take positive integers" >&2; exit 2; }

fail() { printf 'speed.sh: %s\n' "$*" >&2; exit 1; }

openssl=${OPENSSL:-openssl}
openssl35=${OPENSSL35:-$HOME/.cache/ferrofips/openssl-3.5/bin/openssl}
command -v "$openssl" >/dev/null || fail "$openssl not found"
if ((use35)) && [[ ! -x $openssl35 ]]; then use35=0; fi

# --- build and seal -------------------------------------------------------------------------------------------
target_dir=${CARGO_TARGET_DIR:-$PWD/target}
if [[ -n ${FERROFIPS_MODULE:-} ]]; then
  built=$FERROFIPS_MODULE
else
  built=$target_dir/release/libferrofips.so
  if ((build)); then cargo build --release -p ferrofips >&2; fi
fi
[[ -f $built ]] || fail "module not found: $built (run cargo build --release -p ferrofips)"

prefix=$PWD/target/speed-prefix
moddir=$prefix/lib/ossl-modules
ssldir=$prefix/ssl
mkdir -p "$moddir" "$ssldir"
module=$moddir/ferrofips.so
cp -f "$built" "$module"
install_key=f4556650ac31d35461610bac4ed81b1a181b2d8a43ea2854cbae22ca74560813
mac=$(OPENSSL_CONF=/dev/null "$openssl" mac -digest SHA256 -macopt "hexkey:$install_key" -in "$module" HMAC)
[[ $mac =~ ^[0-9A-Fa-f]{64}$ ]] || fail "openssl mac gave an unexpected result: $mac"

cat >"$ssldir/ferrofips.cnf" <<EOF
[ferrofips_sect]
activate = 1
module = $module
install-version = 1
conditional-errors = 1
security-checks = 1
module-mac = $mac
EOF

# ferrofips + default + base, no fips=yes default: the provider is chosen per run with -propquery.
cat >"$ssldir/openssl-speed.cnf" <<EOF
openssl_conf = openssl_init
.include $ssldir/ferrofips.cnf
[openssl_init]
providers = provider_sect
[provider_sect]
ferrofips = ferrofips_sect
default = default_sect
base = base_sect
[default_sect]
activate = 1
[base_sect]
activate = 1
EOF

# ferrofips + base only, fips=yes: what a FIPS deployment runs.
cat >"$ssldir/openssl-ferrofips.cnf" <<EOF
openssl_conf = openssl_init
.include $ssldir/ferrofips.cnf
[openssl_init]
providers = provider_sect
alg_section = algorithm_sect
[provider_sect]
ferrofips = ferrofips_sect
base = base_sect
[base_sect]
activate = 1
[algorithm_sect]
default_properties = fips=yes
EOF

# ferrofips + base only, without the fips=yes default: for the fips=no services (X25519), e.g.
# `OPENSSL_CONF=target/speed-prefix/ssl/openssl-ferrofips-nofips.cnf openssl speed ecdhx25519`.
cat >"$ssldir/openssl-ferrofips-nofips.cnf" <<EOF
openssl_conf = openssl_init
.include $ssldir/ferrofips.cnf
[openssl_init]
providers = provider_sect
[provider_sect]
ferrofips = ferrofips_sect
base = base_sect
[base_sect]
activate = 1
EOF

# OpenSSL's default provider only (for OpenSSL 3.5, so it reads none of its own config).
cat >"$ssldir/openssl-default.cnf" <<EOF
openssl_conf = openssl_init
[openssl_init]
providers = provider_sect
[provider_sect]
default = default_sect
[default_sect]
activate = 1
EOF

providers=$(OPENSSL_CONF=$ssldir/openssl-speed.cnf "$openssl" list -providers 2>&1) ||
  fail "ferrofips does not load: $providers"
grep -q '^  ferrofips$' <<<"$providers" || fail "ferrofips is not among the loaded providers: $providers"

if OPENSSL_CONF=$ssldir/openssl-ferrofips.cnf "$openssl" rand -hex 16 >/dev/null 2>&1; then
  mode="pure: ferrofips runs under openssl-ferrofips.cnf (ferrofips + base, fips=yes; ferrofips DRBG)"
  ferro_conf=$ssldir/openssl-ferrofips.cnf
  ferro_args=()
else
  mode="mixed: openssl-speed.cnf (ferrofips + default + base), -propquery provider=ferrofips|default (ferrofips has no DRBG)"
  ferro_conf=$ssldir/openssl-speed.cnf
  ferro_args=(-propquery provider=ferrofips)
fi

# --- measure --------------------------------------------------------------------------------------------------
raw=$prefix/speed-raw.txt
: >"$raw"

# run LABEL CONF OPENSSL ALG BYTES [ARGS...]: appends "LABEL ALG BYTES bytes_per_second" to $raw.
run() {
  local label=$1 conf=$2 bin=$3 alg=$4 bytes=$5 out rate
  shift 5
  out=$(OPENSSL_CONF=$conf "$bin" speed -mr -evp "$alg" -bytes "$bytes" -seconds "$seconds" "$@" 2>&1) ||
    fail "$label: openssl speed -evp $alg -bytes $bytes failed:"$'\n'"$out"
  # Machine-readable result: "+F:<n>:<alg>:<bytes per second>".
  rate=$(awk -F: '$1 == "+F" { print $NF }' <<<"$out")
  # A failed fetch still prints "+F:...:0.00" (and an error) with exit status 0.
  awk -v r="$rate" 'BEGIN { exit !(r + 0 > 0) }' ||
    fail "$label: no positive +F result from openssl speed -evp $alg -bytes $bytes:"$'\n'"$out"
  printf '%s %s %s %s\n' "$label" "$alg" "$bytes" "$rate" >>"$raw"
}

read -ra alg_list <<<"$algs"
read -ra size_list <<<"$sizes"
total=$((${#alg_list[@]} * ${#size_list[@]} * rounds * (2 + use35)))
printf 'speed.sh: %d runs of %ds each (about %d min)\n' "$total" "$seconds" $(((total * seconds + 59) / 60)) >&2
for alg in "${alg_list[@]}"; do
  for bytes in "${size_list[@]}"; do
    for ((r = 1; r <= rounds; r++)); do
      printf '  %s %s bytes, round %d/%d\n' "$alg" "$bytes" "$r" "$rounds" >&2
      run ferrofips "$ferro_conf" "$openssl" "$alg" "$bytes" "${ferro_args[@]}"
      run default "$ssldir/openssl-speed.cnf" "$openssl" "$alg" "$bytes" -propquery provider=default
      if ((use35)); then
        run default35 "$ssldir/openssl-default.cnf" "$openssl35" "$alg" "$bytes" -propquery provider=default
      fi
    done
  done
done

# --- report ---------------------------------------------------------------------------------------------------
printf '# %s, %s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')" "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
printf '# %s' "$("$openssl" version)"
if ((use35)); then printf '; extra column: %s' "$("$openssl35" version)"; fi
printf '\n# %s\n# -seconds %d, mean of %d interleaved round(s); kB/s = 1000 bytes/s\n' "$mode" "$seconds" "$rounds"
awk -v use35="$use35" -v algs="$algs" -v sizes="$sizes" '
  { sum[$1, $2, $3] += $4; n[$1, $2, $3]++ }
  function kbs(label, alg, bytes) { return n[label, alg, bytes] ? sum[label, alg, bytes] / n[label, alg, bytes] / 1000 : 0 }
  END {
    printf "%-9s %6s %14s %14s %7s", "alg", "bytes", "ferrofips kB/s", "default kB/s", "ratio"
    if (use35) printf " %14s %8s", "3.5 dflt kB/s", "ratio35"
    printf "\n"
    na = split(algs, A, " "); ns = split(sizes, S, " ")
    for (i = 1; i <= na; i++) for (j = 1; j <= ns; j++) {
      f = kbs("ferrofips", A[i], S[j]); d = kbs("default", A[i], S[j])
      printf "%-9s %6d %14.2f %14.2f %7.3f", A[i], S[j], f, d, (d > 0 ? f / d : 0)
      if (use35) { d35 = kbs("default35", A[i], S[j]); printf " %14.2f %8.3f", d35, (d35 > 0 ? f / d35 : 0) }
      printf "\n"
    }
  }' "$raw"
