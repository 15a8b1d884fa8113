#!/usr/bin/env bash
# End-to-end tests of the top-level command line (SPEC §1): help, version, usage errors and
# their exit codes, -l before/after the action, env validation, the options table, secret hygiene.
# Only argument handling is exercised: no case here lets an action run.
set -u

BIN=${AGORAS_BIN:?set AGORAS_BIN to the agoras binary}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/agoras-e2e-cli.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# A clean environment: no inherited TikTok settings, a private store, and an API base that
# refuses connections, so a parsing bug can never reach the network.
for v in $(env | sed -n 's/^\(TIKTOK_[A-Z_]*\)=.*/\1/p; s/^\(STATUS_IMAGE_URL_[0-9]\)=.*/\1/p'); do
    unset "$v"
done
unset AGORAS_STORAGE_KEY
export AGORAS_STORAGE_DIR="$WORK/store" HOME="$WORK/home" NO_COLOR=1
export AGORAS_TIKTOK_API_BASE=http://127.0.0.1:9 AGORAS_TIKTOK_AUTHORIZE_URL=http://127.0.0.1:9/auth/
mkdir -p "$HOME"

FAILS=0
CASES=0
OUT="$WORK/out" ERR="$WORK/err" RC=0

# run ARGS...: run agoras with stdin closed, keep stdout, stderr and the exit code.
run() {
    "$BIN" "$@" <"$WORK/empty" >"$OUT" 2>"$ERR"
    RC=$?
}
: >"$WORK/empty"

fail() {
    FAILS=$((FAILS + 1))
    echo "FAIL: $CASE: $*"
    echo "  --- exit: $RC"
    echo "  --- stdout:"
    sed 's/^/  | /' "$OUT" | head -20
    echo "  --- stderr:"
    sed 's/^/  | /' "$ERR" | head -20
}

case_start() {
    CASE=$1
    shift
    run "$@"
}

case_end() {
    CASES=$((CASES + 1))
}

expect_rc() { [ "$RC" -eq "$1" ] || fail "exit code $RC, expected $1"; }
expect_stdout_has() { grep -qF -- "$1" "$OUT" || fail "stdout lacks: $1"; }
expect_stderr_has() { grep -qF -- "$1" "$ERR" || fail "stderr lacks: $1"; }
expect_stdout_empty() { [ ! -s "$OUT" ] || fail "stdout is not empty"; }
expect_stderr_empty() { [ ! -s "$ERR" ] || fail "stderr is not empty"; }
expect_nowhere() { ! grep -qF -- "$1" "$OUT" "$ERR" || fail "'$1' appears in the output"; }
expect_stderr_lines() {
    local n
    n=$(wc -l <"$ERR")
    [ "$n" -eq "$1" ] || fail "stderr has $n lines, expected $1"
}
# expect_stderr_exactly TEXT: the whole of stderr (printf-style escapes allowed).
expect_stderr_exactly() {
    printf '%b' "$1" >"$WORK/want"
    cmp -s "$WORK/want" "$ERR" || fail "stderr differs from: $(cat "$WORK/want")"
}
# A usage error as SPEC §1 wants it: exit 2, nothing on stdout, one error line + "Try '<path> --help'.".
expect_usage_error() {
    expect_rc 2
    expect_stdout_empty
    expect_stderr_lines 2
    [ "$(sed -n 2p "$ERR")" = "Try '$1 --help'." ] || fail "second stderr line is not: Try '$1 --help'."
    sed -n 1p "$ERR" | grep -q '^error: ' || fail "first stderr line does not start with 'error: '"
}

# ---- help and version ----

for args in "--help" "-h"; do
    # shellcheck disable=SC2086
    case_start "agoras $args" $args
    expect_rc 0
    expect_stderr_empty
    expect_stdout_has "usage: agoras [-l LEVEL] [-V] [-h] <platform> <action> [options]"
    expect_stdout_has "  tiktok "
    expect_stdout_has "  utils "
    expect_stdout_has "-l, --loglevel LEVEL"
    # The exit-code table, every code.
    for code in 0 1 2 3 4 5 6; do
        grep -q "^  $code  " "$OUT" || fail "help lacks exit code $code"
    done
    case_end
done

# Bare "agoras" is a mistake, not a request (issue 15, as git does): the help on stderr, exit 2.
case_start "agoras (no arguments)"
expect_rc 2
expect_stdout_empty
expect_stderr_has "usage: agoras [-l LEVEL] [-V] [-h] <platform> <action> [options]"
expect_stderr_has "  tiktok "
case_end

for flag in -V --version; do
    case_start "agoras $flag" "$flag"
    expect_rc 0
    expect_stderr_empty
    [ "$(wc -l <"$OUT")" -eq 1 ] || fail "version output is not one line"
    grep -qE '^agoras [0-9]+\.[0-9]+\.[0-9]+$' "$OUT" || fail "version line is not 'agoras X.Y.Z'"
    case_end
done

case_start "agoras tiktok --help" tiktok --help
expect_rc 0
expect_stderr_empty
expect_stdout_has "usage: agoras tiktok <action> [options]"
for action in authorize video post status whoami revoke; do
    grep -qE "^  $action +[^ ]" "$OUT" || fail "tiktok help does not list '$action'"
done
# The credentials come from TikTok's descriptor, each with its env variable.
for var in TIKTOK_USERNAME TIKTOK_CLIENT_KEY TIKTOK_CLIENT_SECRET TIKTOK_REFRESH_TOKEN; do
    grep -qE "^  $var +[^ ]" "$OUT" || fail "tiktok help does not name the credential $var"
done
grep -qE "^  TIKTOK_REFRESH_TOKEN .*\(secret\)$" "$OUT" || fail "tiktok help does not mark the refresh token secret"
case_end

case_start "agoras tiktok -h" tiktok -h
expect_rc 0
grep -qE "^  video +" "$OUT" || fail "tiktok -h does not list video"
case_end

case_start "agoras utils --help" utils --help
expect_rc 0
expect_stderr_empty
expect_stdout_has "tokens list"
expect_stdout_has "media-limits"
case_end

case_start "agoras tiktok video --help" tiktok video --help
expect_rc 0
expect_stderr_empty
expect_stdout_has "usage: agoras tiktok video [options]"
expect_stdout_has "--[no-]allow-comments"
expect_stdout_has "TIKTOK_ALLOW_COMMENTS"
expect_stdout_has "--privacy LEVEL"
expect_stdout_has "PUBLIC_TO_EVERYONE"
expect_stdout_has "-l, --loglevel LEVEL"
case_end

# Nested help at every level (issue 15): the group "utils tokens" has help of its own.
for args in "utils tokens --help" "utils tokens -h" "utils -l DEBUG tokens --help"; do
    # shellcheck disable=SC2086
    case_start "agoras $args" $args
    expect_rc 0
    expect_stderr_empty
    expect_stdout_has "usage: agoras utils tokens <action> [options]"
    for action in list show delete unattended-format; do
        grep -qE "^  $action +[^ ]" "$OUT" || fail "tokens help does not list '$action'"
    done
    case_end
done

case_start "agoras utils tokens (no action)" utils tokens
expect_usage_error "agoras utils tokens"
expect_stderr_has "missing action after 'tokens' (available: list, show, delete, unattended-format)"
case_end

case_start "agoras utils tokens bogus" utils tokens bogus
expect_usage_error "agoras utils tokens"
expect_stderr_has "unknown action 'bogus'"
case_end

case_start "agoras utils tokens list --help" utils tokens list --help
expect_rc 0
expect_stdout_has "usage: agoras utils tokens list [options]"
case_end

# --dry-run says it asks TikTok (issue 15): it reads the creator's options, so it needs the network.
case_start "--dry-run help names the network" tiktok video --help
expect_rc 0
grep -A2 -- '--\[no-\]dry-run' "$OUT" | grep -q "needs the network" || fail "--dry-run help does not say it needs the network"
case_end

# Help wins over a missing required option.
case_start "agoras tiktok status --help" tiktok status --help
expect_rc 0
expect_stderr_empty
expect_stdout_has "--publish-id ID"
case_end

# ---- usage errors: exit 2, one line + Try ----

case_start "unknown platform" facebook post
expect_usage_error agoras
expect_stderr_has "'facebook'"
case_end

case_start "unknown global option" --bogus tiktok video
expect_usage_error agoras
expect_stderr_has "unknown option '--bogus'"
case_end

case_start "agoras tiktok (no action)" tiktok
expect_usage_error "agoras tiktok"
case_end

case_start "agoras utils (no action)" utils
expect_usage_error "agoras utils"
case_end

case_start "unknown action" tiktok upload
expect_usage_error "agoras tiktok"
expect_stderr_has "'upload'"
expect_stderr_has "video"
case_end

case_start "agoras tiktok video --bogus" tiktok video --bogus
expect_usage_error "agoras tiktok video"
expect_stderr_exactly "error: unknown option '--bogus'\nTry 'agoras tiktok video --help'.\n"
case_end

case_start "abbreviated long option" tiktok video --titl "hello"
expect_usage_error "agoras tiktok video"
expect_stderr_has "unknown option '--titl'"
case_end

case_start "--no- on a non-boolean" tiktok video --no-title
expect_usage_error "agoras tiktok video"
case_end

case_start "boolean with a value" tiktok video --allow-comments=yes
expect_usage_error "agoras tiktok video"
expect_stderr_has "takes no value"
case_end

case_start "missing value" tiktok status --publish-id
expect_usage_error "agoras tiktok status"
expect_stderr_has "option '--publish-id' needs a value"
case_end

case_start "unexpected positional" tiktok status --publish-id v_pub_1 extra
expect_usage_error "agoras tiktok status"
expect_stderr_has "unexpected argument 'extra'"
case_end

case_start "enum validation" tiktok video --privacy EVERYONE
expect_usage_error "agoras tiktok video"
expect_stderr_has "invalid value 'EVERYONE' for --privacy: choose from PUBLIC_TO_EVERYONE, MUTUAL_FOLLOW_FRIENDS"
case_end

case_start "seconds validation" tiktok status --publish-id v_pub_1 --wait-timeout 0
expect_usage_error "agoras tiktok status"
expect_stderr_has "invalid value '0' for --wait-timeout"
case_end

case_start "agoras tiktok status without --publish-id" tiktok status
expect_usage_error "agoras tiktok status"
expect_stderr_has "missing required option '--publish-id'"
case_end

for verb in like share delete; do
    case_start "agoras tiktok $verb" tiktok "$verb"
    expect_rc 2
    expect_stdout_empty
    expect_stderr_has "TikTok's API does not support '$verb'"
    expect_stderr_has "video"
    case_end
done

# ---- -l / --loglevel before and after the action ----

case_start "-l DEBUG before the platform" -l DEBUG tiktok status
expect_usage_error "agoras tiktok status"
expect_stderr_has "missing required option '--publish-id'"
case_end

# Between the platform and the action too (issue 15; SPEC §1: general options anywhere).
case_start "-l DEBUG after the platform" tiktok -l DEBUG status
expect_usage_error "agoras tiktok status"
expect_stderr_has "missing required option '--publish-id'"
case_end

case_start "--loglevel=ERROR after the platform, then --help" tiktok --loglevel=ERROR video --help
expect_rc 0
expect_stdout_has "usage: agoras tiktok video [options]"
case_end

case_start "bad log level after the platform" tiktok -l LOUD status
expect_usage_error "agoras tiktok"
expect_stderr_has "'LOUD'"
case_end

case_start "unknown option after the platform" tiktok --bogus status
expect_usage_error "agoras tiktok"
expect_stderr_has "unknown option '--bogus'"
case_end

case_start "-l DEBUG after the action" tiktok status -l DEBUG
expect_usage_error "agoras tiktok status"
expect_stderr_has "missing required option '--publish-id'"
case_end

case_start "--loglevel=debug after the action, then --help" tiktok video --loglevel=debug --help
expect_rc 0
expect_stderr_empty
expect_stdout_has "usage: agoras tiktok video [options]"
case_end

case_start "-lWARNING before, --loglevel ERROR after" -lWARNING tiktok status --loglevel ERROR --help
expect_rc 0
expect_stdout_has "usage: agoras tiktok status [options]"
case_end

case_start "bad log level before the platform" -l LOUD tiktok status --publish-id v_pub_1
expect_usage_error agoras
expect_stderr_has "'LOUD'"
case_end

case_start "bad log level after the action" tiktok status --publish-id v_pub_1 -l LOUD
expect_usage_error "agoras tiktok status"
expect_stderr_has "invalid value 'LOUD' for --loglevel"
case_end

case_start "-l without a value" -l
expect_usage_error agoras
case_end

# ---- env validation ----

CASE="TIKTOK_ALLOW_COMMENTS=maybe"
TIKTOK_ALLOW_COMMENTS=maybe run tiktok video --video-url https://example.com/v.mp4
expect_usage_error "agoras tiktok video"
expect_stderr_has "invalid value 'maybe' for TIKTOK_ALLOW_COMMENTS"
case_end

CASE="TIKTOK_PRIVACY_STATUS=public"
TIKTOK_PRIVACY_STATUS=public run tiktok video --video-url https://example.com/v.mp4
expect_usage_error "agoras tiktok video"
expect_stderr_has "invalid value 'public' for TIKTOK_PRIVACY_STATUS"
case_end

# ---- the machine-readable options table ----

case_start "agoras --options-table" --options-table
expect_rc 0
expect_stderr_empty
[ -s "$OUT" ] || fail "options table is empty"
awk -F'\t' 'NF != 10 { print "line " NR " has " NF " fields: " $0; bad = 1 } END { exit bad }' "$OUT" >"$WORK/awk" ||
    fail "$(cat "$WORK/awk")"
awk -F'\t' '{ for (i = 1; i <= NF; i++) if ($i == "") { print "empty field " i " on line " NR; bad = 1 } } END { exit bad }' \
    "$OUT" >"$WORK/awk" || fail "$(cat "$WORK/awk")"
grep -qvE '^agoras (tiktok|telegram|x|discord|threads|utils) ' "$OUT" && fail "a line does not start with a command path"
grep -qP '^agoras tiktok video\tallow-comments\t-\tbool\tTIKTOK_ALLOW_COMMENTS\ttrue\t' "$OUT" ||
    fail "no allow-comments row for tiktok video"
grep -qP '^agoras tiktok authorize\tclient-secret\t-\tstring\tTIKTOK_CLIENT_SECRET\t-\t-\trequired,secret\t' "$OUT" ||
    fail "no client-secret row for tiktok authorize"
grep -qP '^agoras tiktok status\tpublish-id\t.*\trequired\t' "$OUT" || fail "no publish-id row for tiktok status"
# One line per option: the same count as the options each action's --help shows (no hidden rows today).
total=0
for action in authorize video post status whoami revoke; do
    n=$("$BIN" tiktok "$action" --help | grep -cE '^  (-., )?--')
    total=$((total + n - 2)) # minus --loglevel and --help, which are not table rows
done
tiktok_rows=$(grep -c '^agoras tiktok ' "$OUT")
[ "$tiktok_rows" -eq "$total" ] || fail "$tiktok_rows tiktok rows in the table, $total options in --help"
case_end

# ---- the machine-readable credentials table ----

CASE="agoras --credentials-table"
TIKTOK_CLIENT_SECRET=S3CRETVALUE TIKTOK_REFRESH_TOKEN=S3CRETVALUE run --credentials-table
expect_rc 0
expect_stderr_empty
[ -s "$OUT" ] || fail "credentials table is empty"
awk -F'\t' 'NF != 8 { print "line " NR " has " NF " fields: " $0; bad = 1 } END { exit bad }' "$OUT" >"$WORK/awk" ||
    fail "$(cat "$WORK/awk")"
grep -qvP '^[a-z]+\t[^\t]+\t(credential|api-base)\t' "$OUT" && fail "a line is neither a credential nor an API base"
grep -qP '^tiktok\tTikTok\tcredential\tTIKTOK_REFRESH_TOKEN\trefresh_token\t-\tsecret,refresh\t' "$OUT" ||
    fail "no refresh-token row for tiktok"
grep -qP '^tiktok\tTikTok\tcredential\tTIKTOK_USERNAME\tusername\tusername\tid\t' "$OUT" ||
    fail "no username row for tiktok"
grep -qP '^tiktok\tTikTok\tapi-base\tAGORAS_TIKTOK_API_BASE\tapi\t-\t-\thttps://open\.tiktokapis\.com$' "$OUT" ||
    fail "no API base row for tiktok"
expect_nowhere S3CRETVALUE # it lists the descriptors, never a value
case_end

case_start "agoras tiktok --credentials-table" tiktok --credentials-table
expect_usage_error "agoras tiktok"
expect_stderr_has "unknown option '--credentials-table'"
case_end

# ---- secrets given as flags never appear in the output ----

SECRET=S3CRETVALUE

case_start "secret flag, later invalid value" tiktok authorize --client-secret "$SECRET" --client-key ck \
    --username alice --timeout "$SECRET"
expect_usage_error "agoras tiktok authorize"
expect_nowhere "$SECRET"
expect_stderr_has "invalid value '[REDACTED]' for --timeout"
case_end

case_start "invalid value before the secret flag" tiktok authorize --timeout "$SECRET" --client-secret "$SECRET" \
    --client-key ck --username alice
expect_usage_error "agoras tiktok authorize"
expect_nowhere "$SECRET"
expect_stderr_has "invalid value '[REDACTED]' for --timeout"
case_end

case_start "secret flag (=form) with DEBUG, then unknown option" -l DEBUG tiktok authorize \
    --client-secret="$SECRET" --client-key ck --username alice --bogus
expect_usage_error "agoras tiktok authorize"
expect_nowhere "$SECRET"
case_end

case_start "secret flag, missing required username" tiktok authorize --client-secret "$SECRET" --client-key ck -l DEBUG
expect_usage_error "agoras tiktok authorize"
expect_nowhere "$SECRET"
expect_stderr_has "missing required option '--username' (or set TIKTOK_USERNAME)"
case_end

case_start "secret repeated as a positional" tiktok authorize --client-secret "$SECRET" --client-key ck \
    --username alice "$SECRET"
expect_usage_error "agoras tiktok authorize"
expect_nowhere "$SECRET"
expect_stderr_has "unexpected argument '[REDACTED]'"
case_end

CASE="secret from env, invalid flag echoing it"
TIKTOK_CLIENT_SECRET=$SECRET run tiktok authorize --client-key ck --username alice --timeout "x${SECRET}x"
expect_usage_error "agoras tiktok authorize"
expect_nowhere "$SECRET"
case_end

echo "test_cli.sh: $CASES cases, $FAILS failures"
[ "$FAILS" -eq 0 ]
