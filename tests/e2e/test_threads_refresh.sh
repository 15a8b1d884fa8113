#!/usr/bin/env bash
# The Threads long-lived token's lifetime against the sandbox: a young stored token is used as it is,
# one past half its life (and >= 24 h old) is refreshed under the lock and stored before use, an
# expired one makes every action exit 3 asking to authorize again (never used silently); env tokens
# of unknown age are used until Threads refuses them.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/client_lib.sh"
source "$(dirname "$0")/threads_lib.sh"

sbx_start --auto-approve
th_env
th_authorize th_paste_ok
assert_rc "authorize" 0
unset THREADS_APP_ID THREADS_APP_SECRET

# A stored token 2 days old of 60: used, not refreshed.
th_record_edit "r['refresh_token'] = r['access_token'] = '$TH_LONG'; r['obtained_at'] = r['issued_at'] = int(time.time()) - 2 * 86400; r['expires_at'] = r['obtained_at'] + 60 * 86400"
th_mark
run_agoras threads post --text "young token"
assert_rc "young token" 0
expect "young token: not refreshed" "$(th_sent refresh)" 0

# 31 days old: refreshed first, and the new token stored (the sandbox's token is >= 24 h old).
th_record_edit "r['obtained_at'] = r['issued_at'] = int(time.time()) - 31 * 86400; r['expires_at'] = r['obtained_at'] + 60 * 86400"
th_mark
run_agoras threads post --text "old token"
assert_rc "old token" 0
expect "old token: refreshed once" "$(th_sent refresh)" 1
new=$(th_stored refresh_token)
holds "old token: a new token stored" "[ -n '$new' ] && [ '$new' != '$TH_LONG' ]"
expect "old token: the access token is the new one" "$(th_stored access_token)" "$new"
holds "old token: issued_at is now" "[ $(( $(date +%s) - $(th_stored issued_at) )) -le 5 ]"
expect "old token: the post made with the new token" "$(th_post "$(out_id)" "p['text']")" "old token"
th_mark
run_agoras threads post --text "after the refresh"
assert_rc "after the refresh" 0
expect "after the refresh: not refreshed again" "$(th_sent refresh)" 0

# Expired (61 days): the refresh is refused; exit 3, re-authorize; nothing posted.
th_record_edit "r['refresh_token'] = r['access_token'] = '$TH_EXPIRED'; r['obtained_at'] = r['issued_at'] = int(time.time()) - 61 * 86400; r['expires_at'] = r['obtained_at'] + 60 * 86400"
th_mark
run_agoras threads post --text "dead token"
assert_rc "expired token" 3
assert_err "expired token: the fix" "agoras threads authorize"
expect "expired token: no container" "$(th_sent create)" 0
expect "expired token: still stored as it was (nothing better exists)" "$(th_stored refresh_token)" "$TH_EXPIRED"

# Env tokens (CI, an empty store): age unknown, used; a refused one is refreshed once, then exit 3.
th_env
th_env_token "$TH_FRESH"
th_mark
run_agoras threads share --post-id 18000000000000000
assert_rc "fresh env token" 0
expect "fresh env token: not refreshed" "$(th_sent refresh)" 0
th_env_token "$TH_EXPIRED"
th_mark
run_agoras threads share --post-id 18000000000000000
assert_rc "expired env token" 3
expect "expired env token: one refresh tried" "$(th_sent refresh)" 1
expect "expired env token: the repost refused once, not retried after" "$(th_sent repost)" 1

assert_no_secrets "$TH_APP_SECRET" "$TH_LONG" "$TH_FRESH" "$new"
finish
