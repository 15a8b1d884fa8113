#!/usr/bin/env bash
# Credentials on every action: the store, unattended runs from the four TIKTOK_* env variables,
# refresh-token rotation (also when two runs refresh at once), expired and revoked tokens.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/client_lib.sh"

# Access tokens that live 2 s: agoras refreshes at half-life, so a run that starts 2 s after the
# last one refreshes, and the sandbox rotates the refresh token every time.
sbx_start --auto-approve --access-ttl 2
client_env
authorize_ok
R1=$(stored_field refresh_token)

sleep 2
run_agoras tiktok whoami
assert_rc "whoami refreshes" 0
R2=$(stored_field refresh_token)
[ "$R1" != "$R2" ] && ok || fail "the rotated refresh token was not stored"
expect "stored token is the sandbox's newest" "$(sandbox_state "s['grants'][-1]['refresh_token']")" "$R2"

# Unattended: only the four env variables and an empty store.
client_env "$T/empty-store"
export TIKTOK_REFRESH_TOKEN=$R2
sleep 2
run_agoras tiktok whoami
assert_rc "unattended whoami" 0
assert_err "env rotation warns that the env value is stale" "stale"
R3=$(stored_field refresh_token)
[ -n "$R3" ] && [ "$R3" != "$R2" ] && ok || fail "rotated env token not stored"
# The same (now stale) env value again: agoras recognises it and uses the stored newer one.
sleep 2
run_agoras tiktok whoami
assert_rc "stale env token recovered from the store" 0
assert_err "stale env warning" "TIKTOK_REFRESH_TOKEN is stale"

# Rotated twice since: the env value from CI is two rotations old and still recognised.
sleep 2
run_agoras tiktok whoami
sleep 2
TIKTOK_REFRESH_TOKEN=$R2 run_agoras tiktok whoami
assert_rc "env token several rotations old" 0
unset TIKTOK_REFRESH_TOKEN

# Two runs at once, both needing a refresh: both succeed and the store holds the newest token.
client_env
authorize_ok
sleep 2
"$AGORAS_BIN" tiktok whoami >"$T/c1.out" 2>"$T/c1.err" & P1=$!
"$AGORAS_BIN" tiktok whoami >"$T/c2.out" 2>"$T/c2.err" & P2=$!
wait $P1; RC1=$?
wait $P2; RC2=$?
cat "$T/c1.out" "$T/c1.err" "$T/c2.out" "$T/c2.err" >>"$SECRETS_LOG"
expect "concurrent run 1 ($(head -c 200 "$T/c1.err"))" "$RC1" 0
expect "concurrent run 2 ($(head -c 200 "$T/c2.err"))" "$RC2" 0
NEWEST=$(sandbox_state "s['grants'][-1]['refresh_token']")
expect "store holds the newest refresh token" "$(stored_field refresh_token)" "$NEWEST"

# An access token that is still fresh is reused: no refresh at all.
sbx_start --auto-approve
client_env
authorize_ok
before=$(sandbox_state "s['grants'][-1]['access_token']")
run_agoras tiktok whoami
assert_rc "whoami with a fresh token" 0
expect "no refresh while the access token is fresh" "$(sandbox_state "s['grants'][-1]['access_token']")" "$before"

# The access token is revoked behind our back: one refresh, one retry, success.
curl -s -o /dev/null "$SBX_URL/_sandbox/expire" --data-urlencode token=access \
    --data-urlencode "value=$(stored_field access_token)"
run_agoras tiktok whoami
assert_rc "401 then refresh and retry" 0

# The refresh token expires: exit 3 with the fix.
sbx_start --auto-approve --access-ttl 2
client_env
authorize_ok
curl -s -o /dev/null "$SBX_URL/_sandbox/expire" --data-urlencode token=refresh \
    --data-urlencode "value=$(stored_field refresh_token)"
sleep 2
run_agoras tiktok whoami
assert_rc "expired refresh token" 3
assert_err "expired refresh message" "refresh token expired or revoked — run 'agoras tiktok authorize'"

# Revoke: TikTok forgets the token, the store forgets the account; a later run says to authorize.
client_env
authorize_ok
OLD_REFRESH=$(stored_field refresh_token)
run_agoras tiktok revoke
assert_rc "revoke" 0
[ -e "$AGORAS_STORAGE_DIR/tokens/tiktok-sandbox_creator.token" ] && fail "revoke kept the token" || ok
run_agoras tiktok whoami
assert_rc "after revoke, nothing stored" 3
assert_err "after revoke, the fix" "agoras tiktok authorize"
TIKTOK_REFRESH_TOKEN=$OLD_REFRESH run_agoras tiktok whoami
assert_rc "revoked refresh token from env" 3

# Nothing stored and no env: exit 3 naming the way out.
client_env
run_agoras tiktok whoami
assert_rc "not authorized" 3
assert_err "not authorized message" "not authorized for TikTok: run 'agoras tiktok authorize'"

# A corrupt token file is an error naming the file, never "not authorized", and it is not replaced.
client_env
authorize_ok
printf 'garbage' >"$AGORAS_STORAGE_DIR/tokens/tiktok-sandbox_creator.token"
run_agoras tiktok whoami
expect "corrupt token is not 'not authorized'" "$([ "$RC" -ne 0 ] && [ "$RC" -ne 3 ] && echo yes)" yes
assert_err "corrupt token names the file" "tiktok-sandbox_creator.token"
expect "corrupt file untouched" "$(cat "$AGORAS_STORAGE_DIR/tokens/tiktok-sandbox_creator.token")" garbage

# shellcheck disable=SC2086
assert_no_secrets "$CLIENT_SECRET" "$R1" "$R2" "$R3" "$OLD_REFRESH" \
    $(sandbox_state "' '.join(g['access_token']+' '+g['refresh_token'] for g in s['grants'])")
finish
