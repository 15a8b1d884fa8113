#!/usr/bin/env bash
# agoras x authorize against the sandbox: tokens from the env checked with GET /2/users/me and stored
# without a browser; the three-legged flow through the loopback callback (a forged callback ignored);
# the PIN flow (--pin, and by default without a display); refusals store nothing; the record is Python
# Agoras's (x-<md5 of the consumer key> and x-default, decrypted by Python's Fernet); nothing on
# stdout, no secret anywhere.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/client_lib.sh"
source "$(dirname "$0")/x_lib.sh"

sbx_start --auto-approve
x_env
SRC=${AGORAS_SOURCE_DIR}

# py_field FIELD [identifier]: a field of the stored record, decrypted by Python's cryptography.
py_field() {
    "$PY" "$SRC/tests/unit/fernet_check.py" decrypt "$AGORAS_STORAGE_DIR/.key" \
        "$AGORAS_STORAGE_DIR/tokens/x-${2:-$X_ID}.token" |
        "$PY" -c "import json,sys; print(json.load(sys.stdin).get(sys.argv[1]))" "$1"
}

# --- both env tokens: checked, stored, no browser ---
x_mark
BROWSER=false run_agoras x authorize
assert_rc "env tokens" 0
expect "env tokens: nothing on stdout" "$(cat "$OUT")" ""
expect "env tokens: one line on stderr" "$(wc -l <"$ERR")" 1
assert_err "env tokens: confirmation" "Authorized X account @sbx_user"
expect "env tokens: checked with users/me" "$(x_sent users_me)" 1
expect "env tokens: no request token" "$(x_sent request_token)" 0
expect "record named after MD5(consumer key)" "$(py_field consumer_key)" "$X_CK"
expect "Python reads oauth_token" "$(py_field oauth_token)" "$X_TOKEN"
expect "Python reads oauth_secret" "$(py_field oauth_secret)" "$X_SECRET"
expect "Python reads consumer_secret" "$(py_field consumer_secret)" "$X_CS"
expect "user_id kept" "$(py_field user_id)" "$X_USER"
expect "screen_name kept" "$(py_field screen_name)" sbx_user
expect "x-default too" "$(py_field oauth_token default)" "$X_TOKEN"
expect "token files are 0600" "$(stat -c %a "$AGORAS_STORAGE_DIR/tokens/x-$X_ID.token")" 600

x_env
TWITTER_OAUTH_SECRET=wrong run_agoras x authorize
assert_rc "env tokens X refuses" 3
expect "refused: nothing stored" "$(ls "$AGORAS_STORAGE_DIR/tokens" 2>/dev/null | grep -c '^x-')" 0
unset TWITTER_OAUTH_SECRET
run_agoras x authorize
assert_rc "only one of the two env tokens" 2
assert_err "one token: says which" "TWITTER_OAUTH_SECRET"
unset TWITTER_CONSUMER_SECRET
run_agoras x authorize
assert_rc "no consumer secret" 2

# --- three-legged, loopback callback (a browser that follows the redirect) ---
x_env
unset TWITTER_OAUTH_TOKEN TWITTER_OAUTH_SECRET
PORT=$(free_port)
CB="http://127.0.0.1:$PORT/callback"
# The "browser" first plays a local process forging the callback, then follows the consent redirect.
cat >"$T/browser.sh" <<SH
#!/bin/sh
curl -s -o /dev/null "$CB?oauth_token=forged&oauth_verifier=1234567"
exec curl -s -o /dev/null -L "\$1"
SH
chmod +x "$T/browser.sh"
x_mark
BROWSER="$T/browser.sh" run_agoras x authorize --callback-url "$CB" --timeout 20
assert_rc "three-legged through the callback" 0
assert_err "forged callback ignored" "ignored a request to the callback address"
expect "callback: one request token" "$(x_sent request_token)" 1
expect "callback: one access token" "$(x_sent access_token)" 1
expect "callback: nothing on stdout" "$(cat "$OUT")" ""
issued=$(py_field oauth_token)
case $issued in 1000000001-*) [ "$issued" != "$X_TOKEN" ] && ok || fail "callback: a new token was not stored" ;; *) fail "callback: stored '$issued'" ;; esac
issued_secret=$(py_field oauth_secret)
# The stored token works.
(unset TWITTER_OAUTH_TOKEN TWITTER_OAUTH_SECRET TWITTER_CONSUMER_KEY TWITTER_CONSUMER_SECRET
    run_agoras x post --text "with the authorized token"
    expect "authorized token posts" "$RC" 0)

# A callback URL X does not know (the app registers http://127.0.0.1:*/callback) is refused by X.
x_env "$T/store.unregistered"
unset TWITTER_OAUTH_TOKEN TWITTER_OAUTH_SECRET
run_agoras x authorize --callback-url "http://127.0.0.1:$PORT/elsewhere" --timeout 5
assert_rc "callback X does not know" 1
expect "unregistered callback: nothing stored" "$(ls "$AGORAS_STORAGE_DIR/tokens" 2>/dev/null | grep -c '^x-')" 0

# The user clicks Deny on the consent page: X sends denied=<token>, which ends the wait at once.
sbx_start
x_env "$T/store.denied"
unset TWITTER_OAUTH_TOKEN TWITTER_OAUTH_SECRET
cat >"$T/deny.sh" <<'SH'
#!/bin/sh
token=${1##*oauth_token=}
exec curl -s -o /dev/null -L --data "oauth_token=$token&decision=deny" "${1%%\?*}"
SH
chmod +x "$T/deny.sh"
start=$(date +%s)
BROWSER="$T/deny.sh" run_agoras x authorize --callback-url "http://127.0.0.1:$(free_port)/callback" --timeout 60
assert_rc "consent denied" 3
assert_err "denied: says so" "access_denied"
expect "denied: no wait for the timeout" "$(( $(date +%s) - start < 30 ))" 1
expect "denied: nothing stored" "$(ls "$AGORAS_STORAGE_DIR/tokens" 2>/dev/null | grep -c '^x-')" 0
sbx_start --auto-approve

# --- PIN flow: the user reads the PIN on X's page and types it ---
pin_run() { # pin_run ARGS...: run authorize in the background, reading its stdin from a fifo.
    rm -f "$T/pin.fifo"
    mkfifo "$T/pin.fifo"
    "$AGORAS_BIN" x authorize "$@" >"$OUT" 2>"$ERR" <"$T/pin.fifo" &
    PIN_PID=$!
    exec 7>"$T/pin.fifo"
    for _ in $(seq 1 100); do grep -q 'oauth_token=' "$ERR" && break; sleep 0.05; done
    URL=$(grep -o 'http://[^ ]*oauth/authorize?oauth_token=[^ ]*' "$ERR" | head -1)
}
pin_end() { exec 7>&-; wait "$PIN_PID" && RC=0 || RC=$?; cat "$OUT" "$ERR" >>"$SECRETS_LOG"; }

x_env "$T/store.pin"
unset TWITTER_OAUTH_TOKEN TWITTER_OAUTH_SECRET
x_mark
pin_run --pin
pin=$(curl -s "$URL" | sed -n 's/.*<code id="pin">\([0-9]*\)<\/code>.*/\1/p')
expect "the PIN page shows 7 digits" "${#pin}" 7
echo " $pin " >&7
pin_end
assert_rc "PIN flow" 0
expect "PIN: stored" "$(py_field user_id)" "$X_USER"
expect "PIN: nothing on stdout" "$(cat "$OUT")" ""
expect "PIN: no callback server needed" "$(x_sent access_token)" 1
pin_secret=$(py_field oauth_secret)

# Without a display or BROWSER, the PIN flow is the default; a wrong PIN is refused, nothing stored.
x_env "$T/store.headless"
unset TWITTER_OAUTH_TOKEN TWITTER_OAUTH_SECRET BROWSER DISPLAY WAYLAND_DISPLAY
pin_run
expect "headless: the consent URL is printed" "$([ -n "$URL" ] && echo yes)" yes
echo 0000000 >&7
pin_end
assert_rc "wrong PIN" 3
expect "wrong PIN: nothing stored" "$(ls "$AGORAS_STORAGE_DIR/tokens" 2>/dev/null | grep -c '^x-')" 0
run_agoras x authorize
assert_rc "headless, no PIN typed" 3
assert_err "no PIN: says so" "no PIN was entered"

# AGORAS_X_AUTHORIZE_URL replaces the consent page.
AGORAS_X_AUTHORIZE_URL=http://127.0.0.1:1/consent run_agoras x authorize --pin
assert_err "AGORAS_X_AUTHORIZE_URL used" "http://127.0.0.1:1/consent?oauth_token="

assert_no_secrets "$X_CS" "$X_SECRET" "$issued" "$issued_secret" "$pin_secret"
finish
