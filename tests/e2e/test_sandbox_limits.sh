# Rate limits (TIKTOK_API.md §4.1), posting caps and creator_info's HTTP-200 errors (§2.1, §4.2),
# the unaudited-client rule (§4.5), publish_id ownership, fault injection and latency, the
# command line (--help, --port-file, bad flags) and state persistence across restarts.
source "$(dirname "$0")/lib.sh"

SRC='"source_info":{"source":"FILE_UPLOAD","video_size":1000,"chunk_size":1000,"total_chunk_count":1}'
SELF='"post_info":{"privacy_level":"SELF_ONLY"}'

# --- command line ---
"$SBX_BIN" --help >"$T/help" && ok || fail "--help exits 0"
for flag in --port-file --auto-approve --state --fault --latency --stall-ms --access-ttl --refresh-ttl \
    --code-ttl --upload-ttl --complete-after --media-dir --verified-prefix /_sandbox/state /_sandbox/finish; do
    grep -q -- "$flag" "$T/help" && ok || fail "--help documents $flag"
done
"$SBX_BIN" --port nope 2>/dev/null
expect "bad --port exits 2" "$?" 2
"$SBX_BIN" --fault /x=600 2>/dev/null
expect "bad --fault exits 2" "$?" 2

sbx_start
kill -INT "$SBX_PID"
wait "$SBX_PID"
expect "SIGINT exits 0" "$?" 0

# --- the example state file in tests/data loads (copied: the sandbox writes its state back) ---
cp "$AGORAS_TESTDATA/sandbox-state.example.json" "$T/example.json"
sbx_start --state "$T/example.json"
req GET "$SBX_URL/_sandbox/state"
expect "example apps" "$(jget apps.1.client_key)/$(jget apps.1.audited)" unaudited_key/false
expect "example private account defaults" "$(jget accounts.1.privacy_level_options.0)/$(jget accounts.1.duet_disabled)" \
    FOLLOWER_OF_CREATOR/true
sbx_stop
grep -q '"grants"' "$T/example.json" && ok || fail "state written back at exit"

# --- faults from the command line, consumed in order; latency ---
sbx_start --auto-approve --latency 300 --fault /v2/post/publish/video/init/=429,500,403:spam_risk_too_many_posts \
    --fault /v2/oauth/token/=503
grep -qx "$SBX_PORT" "$T"/port.* && ok || fail "port file holds the port and a newline"
new_pkce
req GET "$(authorize_url)"
form /v2/oauth/token/ --data "client_key=$CLIENT_KEY"
check "token fault uses the flat OAuth shape" 503 temporarily_unavailable
login
api /v2/post/publish/video/init/ "{$SELF,$SRC}"
check "first fault" 429 rate_limit_exceeded
expect "Retry-After" "$(header Retry-After)" 1
api /v2/post/publish/video/init/ "{$SELF,$SRC}"
check "second fault" 500 internal_error
api /v2/post/publish/video/init/ "{$SELF,$SRC}"
check "fault with an error code" 403 spam_risk_too_many_posts
t0=${EPOCHREALTIME/./}
api /v2/post/publish/video/init/ "{$SELF,$SRC}"
t1=${EPOCHREALTIME/./}
check "faults used up, normal answer" 200 ok
[ $(((t1 - t0) / 1000)) -ge 300 ] && ok || fail "--latency 300 delays answers ($(((t1 - t0) / 1000)) ms)"
form /_sandbox/fault --data 'path=/v2/post/publish/creator_info/query/&codes=drop,stall'
api /v2/post/publish/creator_info/query/ '{}'
expect "drop closes without an answer" "$STATUS" 000
form /_sandbox/fault --data 'path=/x&codes=200'
check "runtime fault with a bad code" 400
req POST "$SBX_URL/v2/post/publish/creator_info/query/" --max-time 1 -H "Authorization: Bearer $ACCESS" \
    -H 'Content-Type: application/json' --data '{}'
expect "stall outlasts a 1 s client timeout" "$STATUS" 000
sbx_stop && ok || fail "SIGTERM during a stall still exits 0"

# --- rate limits per token per minute ---
sbx_start --auto-approve
login
for i in $(seq 1 20); do api /v2/post/publish/creator_info/query/ '{}'; done
check "20th creator_info" 200 ok
api /v2/post/publish/creator_info/query/ '{}'
check "21st creator_info in a minute" 429 rate_limit_exceeded
[ -n "$(header Retry-After)" ] && ok || fail "429 carries Retry-After"
for i in $(seq 1 6); do api /v2/post/publish/video/init/ "{$SELF,$SRC}"; done
check "6th video init" 200 ok
api /v2/post/publish/video/init/ "{$SELF,$SRC}"
check "7th video init in a minute" 429 rate_limit_exceeded
id=$(curl -s -X POST "$SBX_URL/v2/post/publish/inbox/video/init/" -H "Authorization: Bearer $ACCESS" \
    -H 'Content-Type: application/json' --data "{$SRC}" | sed -n 's/.*"publish_id":"\([^"]*\)".*/\1/p')
for i in $(seq 1 30); do api /v2/post/publish/status/fetch/ "{\"publish_id\":\"$id\"}"; done
check "30th status" 200 ok
api /v2/post/publish/status/fetch/ "{\"publish_id\":\"$id\"}"
check "31st status in a minute" 429 rate_limit_exceeded
login
for i in $(seq 1 6); do api /v2/post/publish/content/init/ '{"media_type":"PHOTO"}'; done
check "6th content init (invalid, still counted)" 400 invalid_params
api /v2/post/publish/content/init/ '{"media_type":"PHOTO"}'
check "7th content init in a minute" 429 rate_limit_exceeded
for i in $(seq 1 6); do api /v2/post/publish/inbox/video/init/ '{}'; done
api /v2/post/publish/inbox/video/init/ "{$SRC}"
check "7th inbox init in a minute" 429 rate_limit_exceeded
login
for i in $(seq 1 4); do api /v2/post/publish/inbox/video/init/ "{$SRC}"; done
check "5th pending inbox share" 200 ok
api /v2/post/publish/inbox/video/init/ "{$SRC}"
check "6th pending share in 24 h" 403 spam_risk_too_many_pending_share

# --- accounts from a state file: caps, bans, private accounts, unaudited clients, ownership ---
NOW=$(date +%s%3N)
cat >"$T/state.json" <<EOF
{"apps": [{"client_key": "sbx_client_key", "client_secret": "sbx_client_secret",
           "redirect_uris": ["http://127.0.0.1:*/callback/"], "audited": false}],
 "accounts": [{"username": "public_one", "nickname": "Public One", "daily_post_cap": 1},
              {"username": "private_one", "private_account": true},
              {"username": "banned_one", "private_account": true, "creator_info_error": "spam_risk_user_banned_from_posting"},
              {"username": "old_phone", "old_app_version": true},
              {"username": "capped_one", "private_account": true, "daily_post_cap": 1}],
 "posts": [{"publish_id": "v_pub_file~v2-1.1", "client_key": "other_app", "username": "capped_one",
            "status": "PUBLISH_COMPLETE", "created_at": $NOW}]}
EOF
sbx_start --state "$T/state.json" --complete-after 100
login_as public_one
PUBLIC_ACCESS=$ACCESS
api /v2/post/publish/video/init/ "{$SELF,$SRC}"
check "unaudited client, public account" 403 unaudited_client_can_only_post_to_private_accounts
login_as private_one
api /v2/post/publish/creator_info/query/ '{}'
expect "private account options" "$(jget data.privacy_level_options)" '["FOLLOWER_OF_CREATOR","MUTUAL_FOLLOW_FRIENDS","SELF_ONLY"]'
expect "private account: duets off" "$(jget data.duet_disabled)/$(jget data.stitch_disabled)" true/true
api /v2/post/publish/video/init/ '{"post_info":{"privacy_level":"FOLLOWER_OF_CREATOR"},'"$SRC"'}'
check "unaudited client, private account, followers" 403 unaudited_client_can_only_post_to_private_accounts
api /v2/post/publish/video/init/ "{$SELF,$SRC}"
check "unaudited client, private account, SELF_ONLY" 200 ok
PRIVATE_POST=$(jget data.publish_id)
api /v2/post/publish/status/fetch/ "{\"publish_id\":\"$PRIVATE_POST\"}" "$PUBLIC_ACCESS"
check "someone else's publish_id" 400 token_not_authorized_for_specified_publish_id
api /v2/post/publish/video/init/ "{$SELF,$SRC}"
check "second post" 200 ok
login_as banned_one
api /v2/post/publish/creator_info/query/ '{}'
check "banned creator: creator_info answers HTTP 200" 200 spam_risk_user_banned_from_posting
api /v2/post/publish/video/init/ "{$SELF,$SRC}"
check "banned creator: init refused" 403 spam_risk_user_banned_from_posting
api /v2/post/publish/inbox/video/init/ "{$SRC}"
check "banned creator: inbox refused" 403 spam_risk_user_banned_from_posting
REFRESH_BEFORE=$REFRESH
login_as capped_one
api /v2/post/publish/creator_info/query/ '{}'
check "daily cap (shared by all clients): creator_info answers HTTP 200" 200 spam_risk_too_many_posts
api /v2/post/publish/video/init/ "{$SELF,$SRC}"
check "daily cap: init refused" 403 spam_risk_too_many_posts
login_as old_phone
api /v2/post/publish/content/init/ "{\"media_type\":\"PHOTO\",\"post_mode\":\"MEDIA_UPLOAD\",\"source_info\":{\"source\":\"PULL_FROM_URL\",\"photo_images\":[\"$SBX_URL/media/p.jpg\"],\"photo_cover_index\":0}}"
check "photo MEDIA_UPLOAD with an app older than 31.8" 400 app_version_check_failed
sbx_stop && ok || fail "exit 0 with --state"

# --- persistence: grants and posts survive a restart; the cap counts persisted posts ---
grep -q "$PRIVATE_POST" "$T/state.json" && ok || fail "state file holds the posts"
sbx_start --state "$T/state.json" --complete-after 100
form /v2/oauth/token/ --data-urlencode "client_key=$CLIENT_KEY" --data-urlencode "client_secret=$CLIENT_SECRET" \
    --data-urlencode grant_type=refresh_token --data-urlencode "refresh_token=$REFRESH_BEFORE"
check "refresh token persisted" 200
req GET "$SBX_URL/_sandbox/state"
expect "posts persisted" "$(jget posts.1.publish_id)" "$PRIVATE_POST"
sbx_stop

# --- an unaudited client already used by 5 other creators today: reached_active_user_cap ---
seed=
for u in a b c d e; do
    seed+="{\"publish_id\":\"v_pub_file~v2-1.$u\",\"client_key\":\"sbx_client_key\",\"username\":\"$u\",\"status\":\"PUBLISH_COMPLETE\",\"created_at\":$NOW},"
done
cat >"$T/state2.json" <<EOF
{"apps": [{"client_key": "sbx_client_key", "client_secret": "sbx_client_secret",
           "redirect_uris": ["http://127.0.0.1:*/callback/"], "audited": false}],
 "accounts": [{"username": "sixth", "private_account": true}],
 "posts": [${seed%,}]}
EOF
sbx_start --auto-approve --state "$T/state2.json"
login
api /v2/post/publish/creator_info/query/ '{}'
check "active user cap: creator_info answers HTTP 200" 200 reached_active_user_cap
api /v2/post/publish/video/init/ "{$SELF,$SRC}"
check "active user cap: init refused" 403 reached_active_user_cap
finish
