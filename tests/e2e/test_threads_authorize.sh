#!/usr/bin/env bash
# agoras threads authorize against the sandbox: the paste flow (consent URL on stderr, the redirected
# address pasted on stdin, "#_" stripped), code -> short -> long-lived token stored with its times in
# 0600 files, nothing on stdout; a forged state, a denial, no paste, bad redirect URIs and a failing
# token endpoint refused with their exit codes; no secret ever printed.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/client_lib.sh"
source "$(dirname "$0")/threads_lib.sh"

sbx_start --auto-approve
th_env

th_authorize th_paste_ok
assert_rc "authorize" 0
expect "authorize: nothing on stdout" "$(wc -c <"$OUT")" 0
assert_err "authorize: the consent URL asks the three scopes" "scope=threads_basic%2cthreads_content_publish%2cthreads_delete"
assert_err "authorize: the redirect URI is URL-encoded" "redirect_uri=https%3a%2f%2f127.0.0.1%3a8443%2fcallback%2f"
assert_err "authorize: success said" "Authorized Threads user $TH_USER"
expect "stored: user id as a string of 17 digits" "$(th_stored user_id)" "$TH_USER"
expect "stored: app id" "$(th_stored app_id)" "$TH_APP_ID"
token=$(th_stored refresh_token)
expect "stored: a long-lived token (the sandbox knows it as long)" \
    "$(th_state "[t['kind'] for t in s['tokens'] if t['token'] == '$token']")" "['long']"
expect "stored: refresh_token is the access token" "$(th_stored access_token)" "$token"
now=$(date +%s)
expires=$(th_stored expires_at)
holds "stored: expires_at about 60 days ahead" "[ $((expires - now)) -gt $((59 * 86400)) ] && [ $((expires - now)) -le $((61 * 86400)) ]"
holds "stored: issued_at now" "[ $(( $(th_stored issued_at) - now )) -le 5 ]"
expect "token files are 0600" "$(stat -c %a "$AGORAS_STORAGE_DIR/tokens/threads-$TH_APP_ID.token")" 600
expect "the default copy too" "$(stat -c %a "$AGORAS_STORAGE_DIR/tokens/threads-default.token")" 600

# The stored account posts with nothing but the store.
unset THREADS_APP_ID THREADS_APP_SECRET
run_agoras threads post --text "from the store"
assert_rc "post from the stored record" 0
expect "post from the store: published" "$(th_post "$(out_id)" "p['text']")" "from the store"
th_env

# Refusals: a forged state, a denial, nothing pasted.
th_authorize th_paste_bad_state
assert_rc "forged state" 3
assert_err "forged state: said" "state"
th_authorize th_paste_denied
assert_rc "denied" 3
assert_err "denied: Threads' reason" "access_denied"
run_agoras threads authorize
assert_rc "nothing pasted" 3
assert_err "nothing pasted: how to fix" "paste the address"

# Redirect URIs: https only, never localhost (before anything is sent); unregistered: Threads' 1349168.
th_mark
run_agoras threads authorize --redirect-uri http://127.0.0.1:8443/callback/
assert_rc "http redirect" 2
THREADS_REDIRECT_URI=https://localhost:8443/callback/ run_agoras threads authorize
assert_rc "localhost redirect (env)" 2
assert_err "localhost: the fix" "https://127.0.0.1:8443/callback/"
expect "refused redirects: nothing sent" "$(th_sent oauth_access_token)" 0
# (Threads shows the error on its page: nothing comes back to paste.)
th_authorize th_paste_ok --redirect-uri https://127.0.0.1:9999/other/
holds "unregistered redirect: refused" "[ $RC -ne 0 ]"
expect "unregistered redirect: Threads' page says 1349168" \
    "$(curl -s "$(grep -o "$SBX_URL/threads/oauth/authorize[^ ]*" "$ERR" | head -1)" | grep -c 1349168)" 1

# The token endpoint failing: temporary; the code is spent, so authorize again.
fault threads:oauth_access_token 503
th_authorize th_paste_ok
assert_rc "code exchange 503" 5
fault threads:exchange 400:190
th_authorize th_paste_ok
assert_rc "long-lived exchange refused" 3

assert_no_secrets "$TH_APP_SECRET" "$token"
finish
