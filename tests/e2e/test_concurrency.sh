#!/usr/bin/env bash
# Concurrency (issue 11): 8 `agoras tiktok video --video-file` runs at once sharing one token store,
# while the sandbox rotates the refresh token on every refresh and kills the previous access token.
# The stored access token is revoked before they start, so all 8 need a refresh at once; 60 s access
# tokens are refreshed again at half-life while the runs wait out the 6 inits/minute rate limit.
# All must succeed, make 8 posts, and leave the store holding the sandbox's newest refresh token.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/client_lib.sh"

N=8
gen_video "$T/clip.mp4" 1 640x360 25
echo '{"accounts":[{"username":"sandbox_creator","nickname":"Sandbox Creator","daily_post_cap":1000}]}' >"$T/state.json"
sbx_start --auto-approve --access-ttl 60 --complete-after 200 --state "$T/state.json"
client_env
authorize_ok
R0=$(stored_field refresh_token)
curl -s -o /dev/null "$SBX_URL/_sandbox/expire" --data-urlencode token=access \
    --data-urlencode "value=$(stored_field access_token)"

pids=()
for i in $(seq 1 $N); do
    "$AGORAS_BIN" tiktok video --video-file "$T/clip.mp4" --title "concurrent $i" >"$T/c$i.out" 2>"$T/c$i.err" &
    pids+=($!)
done
for i in $(seq 1 $N); do
    wait "${pids[$((i - 1))]}"
    rc=$?
    cat "$T/c$i.out" "$T/c$i.err" >>"$SECRETS_LOG"
    expect "run $i exit code ($(tail -c 300 "$T/c$i.err"))" "$rc" 0
    grep -q '"status":"PUBLISH_COMPLETE"' "$T/c$i.out" && ok || fail "run $i: no result line: $(cat "$T/c$i.out")"
done

expect "posts in the sandbox" "$(sandbox_state "len(s['posts'])")" "$N"
expect "distinct publish_ids" "$(cat "$T"/c*.out | sort -u | wc -l)" "$N"
NEWEST=$(sandbox_state "s['grants'][-1]['refresh_token']")
STORED=$(stored_field refresh_token)
expect "store holds the newest refresh token" "$STORED" "$NEWEST"
[ "$STORED" != "$R0" ] && ok || fail "the refresh token never rotated"
# The newest token works: one more run succeeds (and rotates once more).
run_agoras tiktok whoami
assert_rc "whoami with the stored token" 0
# No temp or lock debris beyond the token files and the lock.
left=$(find "$AGORAS_STORAGE_DIR" -name '*.tmp*' | wc -l)
expect "no temporary files left in the store" "$left" 0

assert_no_secrets "$CLIENT_SECRET" $(sandbox_state "' '.join(g['access_token']+' '+g['refresh_token'] for g in s['grants'])")
finish
