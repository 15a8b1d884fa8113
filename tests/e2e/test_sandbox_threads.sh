#!/usr/bin/env bash
# Threads' emulator (issue 24): the consent page, the code, exchange and refresh token endpoints and
# the Graph API under /threads as §5-§8 and §10.3 of X_THREADS_API.md and the Threads contract
# describe them, driven with curl: consent (approve, deny, bad redirect, bad client), code single
# use and expiry, token rules, every container rule, the status machine, publish, repost, delete,
# quotas, each fault kind and request counts.
source "$(dirname "$0")/lib.sh"

APP_ID=1000000000000001
APP_SECRET=sbx-threads-app-secret
CALLBACK=https://127.0.0.1:8443/callback/
USER_ID=17841400000000001
LONG=THQVJsbx-threads-long-lived
FRESH=THQVJsbx-threads-fresh
EXPIRED=THQVJsbx-threads-expired
FRIEND_POST=18000000000000000
SCOPE=threads_basic,threads_content_publish,threads_delete

# use_sandbox: point the helpers at the last sandbox started.
use_sandbox() {
    BASE="$SBX_URL/threads"
    API="$BASE/v1.0"
    MEDIA="$SBX_URL/media"
}

# g METHOD PATH [curl args...]: a Graph call with the built-in long-lived token in the query.
g() {
    local method=$1 path=$2 sep='?'
    shift 2
    [[ $path == *\?* ]] && sep='&'
    req "$method" "$API$path${sep}access_token=${TOKEN:-$LONG}" "$@"
}

# create FIELD=VALUE...: a container from form fields.
create() {
    local args=() kv
    for kv in "$@"; do args+=(--data-urlencode "$kv"); done
    g POST /me/threads "${args[@]}"
}

# status ID: the container's status (one status call).
status() {
    g GET "/$1?fields=id,status,error_message"
    jget status
}

# gcheck NAME HTTP-STATUS CODE [SUBCODE]: a Graph error's status, code and subcode.
gcheck() {
    expect "$1" "$STATUS $(jget error.code) $(jget error.error_subcode)" "$2 $3 ${4:-null}"
}

# tcheck NAME CODE [SUBCODE]: a token endpoint error {"error_type","code","error_message"}.
tcheck() {
    expect "$1" "$STATUS $(jget error_type) $(jget code) $(jget error_subcode)" "400 OAuthException $2 ${3:-null}"
}

# authorize [curl args...]: the consent page with the built-in app's parameters; extra args override.
authorize() {
    req GET "$BASE/oauth/authorize" -G --data-urlencode "client_id=${CID:-$APP_ID}" \
        --data-urlencode "redirect_uri=${RURI:-$CALLBACK}" --data-urlencode "scope=${SCOPES:-$SCOPE}" \
        --data-urlencode "response_type=${RTYPE:-code}" --data-urlencode "state=st-42" "$@"
}

# code_from_location: the code of the last redirect's Location (after checking its form).
code_from_location() {
    local loc
    loc=$(header Location)
    [[ $loc == "$CALLBACK?code="*"&state=st-42#_" ]] || { echo "bad-location:$loc"; return; }
    loc=${loc#*code=}
    echo "${loc%%&*}"
}

# exchange_code CODE [redirect]: the code for a short-lived token.
exchange_code() {
    form /threads/oauth/access_token --data-urlencode "client_id=$APP_ID" \
        --data-urlencode "client_secret=${SECRET:-$APP_SECRET}" --data-urlencode grant_type=authorization_code \
        --data-urlencode "redirect_uri=${2:-$CALLBACK}" --data-urlencode "code=$1"
}

# state_post ID FIELD: a field of a stored post.
state_post() {
    curl -s "$SBX_URL/_sandbox/state?network=threads" | jq -r --arg id "$1" --arg f "$2" \
        '[.posts[] | select(.id == $id)][0][$f]'
}

mkdir -p "$T/media"
ffmpeg -loglevel error -y -f lavfi -i testsrc=size=320x240:rate=1 -frames:v 1 "$T/media/a.jpg"
gen_video "$T/media/v.mp4" 1 320x240 25
echo "not a picture" >"$T/media/note.jpg"

# ===== the built-in world, consent approving at once =====
sbx_start --auto-approve --media-dir "$T/media" --stall-ms 300
use_sandbox

# --- print_exports: the lines that point agoras here ---
grep -q "AGORAS_THREADS_API_BASE='$SBX_URL/threads'" "$T/sandbox.log" && ok || fail "exports name the API base"
grep -q "AGORAS_THREADS_AUTHORIZE_URL='$SBX_URL/threads/oauth/authorize'" "$T/sandbox.log" && ok ||
    fail "exports name the authorize URL"
grep -q "THREADS_REFRESH_TOKEN='$LONG'" "$T/sandbox.log" && ok || fail "exports the long-lived token"
grep -q "THREADS_USER_ID='$USER_ID'" "$T/sandbox.log" && ok || fail "exports the user id"
grep -q "THREADS_APP_ID='$APP_ID'" "$T/sandbox.log" && ok || fail "exports the app id"

# --- consent ---
authorize
expect "auto-approve redirects" "$STATUS" 302
CODE=$(code_from_location)
[[ $CODE == AQB* ]] && ok || fail "the redirect carries code=AQB...&state=st-42#_ (got $CODE)"
RURI=https://127.0.0.1:8443/callback authorize
expect "redirect without the registered trailing slash" "$STATUS $(jget error_code)" "400 1349168"
RURI=http://127.0.0.1:8443/callback/ authorize
expect "http redirect is not the registered one" "$STATUS $(jget error_code)" "400 1349168"
CID=1000000000000002 authorize
expect "another client_id" "$STATUS $(jget error_code)" "400 1349026"
SCOPES=threads_content_publish authorize
expect "a scope without threads_basic" "$STATUS $(jget error_code)" "400 100"
SCOPES='threads_basic threads_delete' authorize
expect "space-separated scope" "$STATUS" 302
RTYPE=token authorize
expect "response_type other than code" "$STATUS $(jget error_code)" "400 100"
# The form's decision (as the page without --auto-approve posts it).
form /threads/oauth/authorize --data-urlencode "client_id=$APP_ID" --data-urlencode "redirect_uri=$CALLBACK" \
    --data-urlencode "scope=$SCOPE" --data-urlencode response_type=code --data-urlencode state=st-42 \
    --data-urlencode decision=deny
expect "deny redirects" "$STATUS" 302
expect "deny carries access_denied" "$(header Location)" \
    "$CALLBACK?error=access_denied&error_reason=user_denied&error_description=The+user+denied+your+request&state=st-42#_"
form /threads/oauth/authorize --data-urlencode "client_id=$APP_ID" --data-urlencode "redirect_uri=$CALLBACK" \
    --data-urlencode "scope=$SCOPE" --data-urlencode response_type=code --data-urlencode decision=maybe
expect "an unknown decision" "$STATUS $(jget error_code)" "400 100"
form /threads/oauth/authorize --data-urlencode "client_id=$APP_ID" --data-urlencode "redirect_uri=${CALLBACK}x" \
    --data-urlencode "scope=$SCOPE" --data-urlencode response_type=code --data-urlencode decision=approve
expect "the form's redirect is checked too" "$STATUS $(jget error_code)" "400 1349168"

# --- code -> short-lived token ---
SECRET=wrong exchange_code "$CODE"
tcheck "a wrong client_secret" 101
exchange_code "$CODE" https://127.0.0.1:8443/other/
tcheck "another redirect_uri than the authorize's" 36008
form /threads/oauth/access_token --data-urlencode "client_id=$APP_ID" --data-urlencode "client_secret=$APP_SECRET" \
    --data-urlencode grant_type=refresh_token --data-urlencode "redirect_uri=$CALLBACK" --data-urlencode "code=$CODE"
tcheck "grant_type other than authorization_code" 100
exchange_code "$CODE"
expect "code -> short-lived token" "$STATUS" 200
SHORT=$(jget access_token)
[[ $SHORT == THQVJ* ]] && ok || fail "the short-lived token starts THQVJ"
grep -q "\"user_id\":$USER_ID[,}]" "$BODY" && ok || fail "user_id is a 17-digit JSON number"
exchange_code "$CODE"
tcheck "the code is single use" 400
expect "... with the doc's message" "$(jget error_message)" "Matching code was not found or was already used"
exchange_code AQBnotacode
tcheck "an unknown code" 400

# --- short -> long-lived ---
req GET "$BASE/access_token?grant_type=th_exchange_token&client_secret=wrong&access_token=$SHORT"
tcheck "exchange with a wrong secret" 101
req GET "$BASE/access_token?grant_type=th_refresh_token&client_secret=$APP_SECRET&access_token=$SHORT"
tcheck "exchange with the wrong grant_type" 100
req GET "$BASE/access_token?grant_type=th_exchange_token&client_secret=$APP_SECRET&access_token=$LONG"
tcheck "a long-lived token is not exchanged" 100
req GET "$BASE/access_token?grant_type=th_exchange_token&client_secret=$APP_SECRET&access_token=THQVJnope"
tcheck "an unknown token" 190
req GET "$BASE/access_token?grant_type=th_exchange_token&client_secret=$APP_SECRET&access_token=$SHORT"
expect "short -> long-lived" "$STATUS $(jget token_type) $(jget expires_in)" "200 bearer 5184000"
NEWLONG=$(jget access_token)
TOKEN=$NEWLONG g GET "/me?fields=id,username"
expect "the long-lived token works" "$STATUS $(jget id) $(jget username)" "200 $USER_ID sbx_threads"
TOKEN=$SHORT g GET /me
expect "the short-lived token works too" "$STATUS $(jget id)" "200 $USER_ID"

# --- refresh ---
req GET "$BASE/refresh_access_token?grant_type=th_refresh_token&access_token=$FRESH"
tcheck "a token under 24 h is not refreshed" 100
req GET "$BASE/refresh_access_token?grant_type=th_refresh_token&access_token=$NEWLONG"
tcheck "a just-exchanged token is not refreshed" 100
req GET "$BASE/refresh_access_token?grant_type=th_refresh_token&access_token=$EXPIRED"
tcheck "an expired token is not refreshed" 190 463
req GET "$BASE/refresh_access_token?grant_type=th_refresh_token&access_token=$SHORT"
tcheck "a short-lived token is not refreshed" 100
req GET "$BASE/refresh_access_token?grant_type=th_exchange_token&access_token=$LONG"
tcheck "refresh with the wrong grant_type" 100
req GET "$BASE/refresh_access_token?grant_type=th_refresh_token&access_token=$LONG"
expect "a 2-day-old token is refreshed" "$STATUS $(jget token_type) $(jget expires_in)" "200 bearer 5184000"
REFRESHED=$(jget access_token)
[ "$REFRESHED" != "$LONG" ] && [[ $REFRESHED == THQVJ* ]] && ok || fail "the refresh answers a new token"
TOKEN=$REFRESHED g GET /me
expect "the refreshed token works" "$STATUS $(jget id)" "200 $USER_ID"

# --- Graph authentication ---
req GET "$API/me"
gcheck "no token" 400 2500
TOKEN=THQVJnope g GET /me
gcheck "an unknown token" 400 190
TOKEN=$EXPIRED g GET /me
gcheck "an expired token" 400 190 463
req GET "$API/me" -H "Authorization: Bearer $LONG"
expect "a Bearer header" "$STATUS $(jget id)" "200 $USER_ID"
req POST "$API/me/threads" --data-urlencode "access_token=$LONG" --data-urlencode media_type=TEXT \
    --data-urlencode text=in-the-form
expect "the token in the form body" "$STATUS" 200
g GET /17841400000000002/threads_publishing_limit
gcheck "another user's limit" 400 100 33
g GET /me/nothing_here
gcheck "an unknown edge" 400 100

# --- container rules ---
create media_type=TEXT "text=$(printf 'a%.0s' {1..500})"
expect "500 characters" "$STATUS" 200
create media_type=TEXT "text=$(printf 'a%.0s' {1..501})"
gcheck "501 characters" 400 100
[[ $(jget error.message) == *500* ]] && ok || fail "the message names the 500 limit"
create media_type=TEXT "text=$(printf 'é%.0s' {1..500})"
expect "500 accented letters are 500 characters" "$STATUS" 200
create media_type=TEXT "text=$(printf '😀%.0s' {1..125})"
expect "125 emojis count 500 (their UTF-8 bytes)" "$STATUS" 200
create media_type=TEXT "text=$(printf '😀%.0s' {1..126})"
gcheck "126 emojis count 504" 400 100
links5="https://a.example/1 https://a.example/2 http://a.example/3 https://a.example/4 https://a.example/5"
create media_type=TEXT "text=$links5 https://a.example/1."
expect "5 unique links (a repeat counts once)" "$STATUS" 200
create media_type=TEXT "text=$links5 https://a.example/6"
gcheck "6 links" 400 100
[[ $(jget error.message) == THREADS_API__LINK_LIMIT_EXCEEDED* ]] && ok || fail "the link-limit message"
create media_type=TEXT "text=$links5 https://b.example/$(printf 'p%.0s' {1..300})"
gcheck "a long sixth link counts too" 400 100
create media_type=TEXT "text=$links5" link_attachment=https://b.example/
gcheck "link_attachment is a sixth link" 400 100
create media_type=TEXT "text=$links5" link_attachment=https://a.example/2
expect "link_attachment among the text's links" "$STATUS" 200
create text=hello
gcheck "no media_type" 400 100
create media_type=REEL text=hello
gcheck "an unknown media_type" 400 100
create media_type=TEXT
gcheck "TEXT without text" 400 100
create media_type=IMAGE
gcheck "IMAGE without image_url" 400 100
create media_type=VIDEO
gcheck "VIDEO without video_url" 400 100
create media_type=TEXT text=hi reply_control=nobody
gcheck "an unknown reply_control" 400 100
create media_type=TEXT text=hi reply_control=mentioned_only
expect "reply_control mentioned_only" "$STATUS" 200
create media_type=IMAGE "image_url=$MEDIA/a.jpg" link_attachment=https://b.example/
gcheck "link_attachment on an IMAGE" 400 100
create media_type=IMAGE "image_url=$MEDIA/a.jpg" auto_publish_text=true
gcheck "auto_publish_text on an IMAGE" 400 100
create media_type=TEXT text=hi is_carousel_item=true
gcheck "is_carousel_item on TEXT" 400 100
create media_type=IMAGE "image_url=$MEDIA/a.jpg" "alt_text=$(printf 'a%.0s' {1..1001})"
gcheck "alt_text over 1000" 400 100

# --- TEXT: FINISHED at once; auto_publish_text ---
create media_type=TEXT text=plain
TEXT_C=$(jget id)
expect "a TEXT container is FINISHED" "$(status "$TEXT_C")" FINISHED
g POST "/me/threads_publish?creation_id=$TEXT_C"
expect "publish a TEXT container" "$STATUS" 200
TEXT_POST=$(jget id)
[ "$TEXT_POST" != "$TEXT_C" ] && ok || fail "the media id is not the container id"
expect "its post reads back TEXT_POST" "$(state_post "$TEXT_POST" media_type)" TEXT_POST
g POST "/me/threads_publish?creation_id=$TEXT_C"
gcheck "publishing twice" 400 100
expect "the container is PUBLISHED" "$(status "$TEXT_C")" PUBLISHED
create media_type=TEXT text=at-once auto_publish_text=true reply_control=accounts_you_follow
AUTO=$(jget id)
expect "auto_publish_text answers a post id" "$(state_post "$AUTO" text) $(state_post "$AUTO" reply_control)" \
    "at-once accounts_you_follow"
g GET "/$AUTO?fields=id,permalink"
expect "a post's permalink" "$STATUS $(jget id)" "200 $AUTO"
[[ $(jget permalink) == https://* ]] && ok || fail "the permalink is a URL"
g GET "/$AUTO?fields=id,status"
expect "status of a post is THApiException 100" "$STATUS $(jget error.code) $(jget error.type)" "400 100 THApiException"
g GET "/18999999999999999?fields=id,status"
gcheck "an unknown id" 400 100 33
g POST /me/threads_publish
gcheck "publish without creation_id" 400 100
g POST "/me/threads_publish?creation_id=18999999999999999"
gcheck "publish an unknown container" 400 24 4279009

# --- IMAGE: fetched, FINISHED at the first status call ---
create media_type=IMAGE "image_url=$MEDIA/a.jpg" alt_text=a-test-card
IMG=$(jget id)
g POST "/me/threads_publish?creation_id=$IMG"
gcheck "publish before the image is FINISHED" 400 24 4279009
expect "first status call: FINISHED" "$(status "$IMG")" FINISHED
g POST "/me/threads_publish?creation_id=$IMG"
expect "publish the FINISHED image" "$STATUS" 200
IMG_POST=$(jget id)
expect "the post keeps the image URL" "$(state_post "$IMG_POST" media_url)" "$MEDIA/a.jpg"
create media_type=IMAGE "image_url=$MEDIA/missing.jpg"
MISS=$(jget id)
expect "an unreachable image: ERROR" "$(status "$MISS") $(jget error_message)" "ERROR UNKNOWN"
g POST "/me/threads_publish?creation_id=$MISS"
gcheck "publish an ERROR container" 400 24 4279009
create media_type=IMAGE "image_url=$MEDIA/note.jpg"
expect "a file that is no image: ERROR" "$(status "$(jget id)")" ERROR
create media_type=IMAGE "image_url=http://127.0.0.1:1/a.jpg"
expect "a refused connection: ERROR" "$(status "$(jget id)")" ERROR
create media_type=IMAGE image_url=https://example.invalid/a.jpg
expect "a host off the machine is not fetched: ERROR" "$(status "$(jget id)")" ERROR
create media_type=IMAGE image_url=ftp://127.0.0.1/a.jpg
expect "a scheme other than http(s): ERROR" "$(status "$(jget id)")" ERROR

# --- VIDEO: FINISHED at the third status call ---
create media_type=VIDEO "video_url=$MEDIA/v.mp4"
VID=$(jget id)
s1=$(status "$VID")
s2=$(status "$VID")
s3=$(status "$VID")
expect "video status progression" "$s1 $s2 $s3" "IN_PROGRESS IN_PROGRESS FINISHED"
g GET "/$VID?fields=id"
expect "a call without status does not advance it" "$(jget status)" null
create media_type=VIDEO "video_url=$MEDIA/none.mp4"
expect "an unreachable video" "$(status "$(jget id)") $(jget error_message)" "ERROR FAILED_DOWNLOADING_VIDEO"
create media_type=VIDEO "video_url=$MEDIA/note.jpg"
expect "an unreadable video" "$(status "$(jget id)") $(jget error_message)" "ERROR FAILED_PROCESSING_VIDEO"

# --- CAROUSEL ---
create media_type=IMAGE "image_url=$MEDIA/a.jpg" is_carousel_item=true
K1=$(jget id)
create media_type=IMAGE "image_url=$MEDIA/a.jpg" is_carousel_item=true
K2=$(jget id)
create media_type=CAROUSEL "children=$K1,$K2"
gcheck "children not yet FINISHED" 400 100
status "$K1" >/dev/null
status "$K2" >/dev/null
create media_type=CAROUSEL "children=$K1"
gcheck "one child" 400 100
create media_type=CAROUSEL "children=$(seq -s, 1 21)"
gcheck "21 children" 400 100
create media_type=CAROUSEL "children=$K1,$IMG"
gcheck "a child that is not a carousel item" 400 100
g POST "/me/threads_publish?creation_id=$K1"
gcheck "a carousel item is not published alone" 400 100
create media_type=CAROUSEL "children=$K1,$K2" text=two-cards
CAR=$(jget id)
expect "a carousel of 2" "$STATUS" 200
g POST "/me/threads_publish?creation_id=$CAR"
gcheck "publish the carousel before its status call" 400 24 4279009
expect "carousel FINISHED at its first status call" "$(status "$CAR")" FINISHED
g POST "/me/threads_publish?creation_id=$CAR"
CAR_POST=$(jget id)
expect "publish the carousel" "$STATUS $(state_post "$CAR_POST" media_type)" "200 CAROUSEL_ALBUM"
expect "its children are published with it" "$(status "$K1")" PUBLISHED
create media_type=IMAGE "image_url=$MEDIA/a.jpg" is_carousel_item=true
K3=$(jget id)
status "$K3" >/dev/null
create media_type=CAROUSEL "children=$K1,$K3"
gcheck "a published child is not reused" 400 100

# --- repost, delete ---
g POST "/$FRIEND_POST/repost"
expect "repost a friend's post" "$STATUS" 200
REPOST=$(jget id)
expect "the repost is a REPOST_FACADE of it" "$(state_post "$REPOST" media_type) $(state_post "$REPOST" reposted_post_id)" \
    "REPOST_FACADE $FRIEND_POST"
g POST /18999999999999999/repost
gcheck "repost an unknown post" 400 100 33
g DELETE "/$FRIEND_POST"
gcheck "delete a friend's post" 403 10
g DELETE "/$TEXT_POST"
expect "delete an own post" "$STATUS $(jget success) $(jget deleted_id)" "200 true $TEXT_POST"
g DELETE "/$TEXT_POST"
gcheck "delete it again" 400 100 33
g GET "/$TEXT_POST?fields=id"
gcheck "a deleted post is gone" 400 100 33
g POST "/$TEXT_POST/repost"
gcheck "a deleted post is not reposted" 400 100 33

# --- the quota endpoint ---
published=$(curl -s "$SBX_URL/_sandbox/state?network=threads" |
    jq "[.posts[] | select(.user_id == \"$USER_ID\" and .media_type != \"REPOST_FACADE\")] | length")
g GET /me/threads_publishing_limit
expect "quota_usage counts the posts (reposts not)" "$STATUS $(jget data.0.quota_usage)" "200 $published"
expect "config" "$(jget data.0.config)" '{"quota_total":250,"quota_duration":86400}'
expect "no delete fields unasked" "$(jget data.0.delete_quota_usage)" null
g GET "/me/threads_publishing_limit?fields=quota_usage,delete_quota_usage,delete_config"
expect "delete quota" "$(jget data.0.delete_quota_usage) $(jget data.0.delete_config.quota_total)" "1 100"
expect "only the fields asked" "$(jget data.0.config)" null

# --- faults, each kind ---
fault threads:authorize 500
authorize
expect "authorize fault: 500 in the window's shape" "$STATUS $(jget error_code)" "500 2"
fault threads:oauth_access_token 429
exchange_code whatever
expect "code exchange fault: 429, code 4" "$STATUS $(jget error_type) $(jget code)" "429 OAuthException 4"
fault threads:exchange 400:190/463
req GET "$BASE/access_token?grant_type=th_exchange_token&client_secret=$APP_SECRET&access_token=$SHORT"
expect "exchange fault with code and subcode" "$STATUS $(jget code) $(jget error_subcode)" "400 190 463"
fault threads:refresh 503
req GET "$BASE/refresh_access_token?grant_type=th_refresh_token&access_token=$LONG"
expect "refresh fault: 503, code 2" "$STATUS $(jget code)" "503 2"
fault threads:create 429
create media_type=TEXT text=throttled
gcheck "create fault: 429" 429 4
expect "... transient" "$(jget error.is_transient)" true
fault threads:status drop
g GET "/$IMG?fields=status"
expect "status fault: dropped" "$STATUS" 000
fault threads:me 403:10
g GET /me
gcheck "me fault with a code" 403 10
fault threads:delete 500
g DELETE "/$IMG_POST"
gcheck "delete fault: 500" 500 2
expect "... transient" "$(jget error.is_transient)" true
g GET "/$IMG_POST?fields=id"
expect "the faulted delete deleted nothing" "$STATUS" 200
fault threads:limit stall
started=$(date +%s%N)
g GET /me/threads_publishing_limit
expect "limit stall, then the answer" "$STATUS" 200
expect_at_least "stalled for --stall-ms" $((($(date +%s%N) - started) / 1000000)) 300
create media_type=TEXT text=not-ready
NR=$(jget id)
fault threads:publish not_ready
g POST "/me/threads_publish?creation_id=$NR"
gcheck "not_ready: 24/4279009 though FINISHED" 400 24 4279009
expect "... the container still FINISHED" "$(status "$NR")" FINISHED
g POST "/me/threads_publish?creation_id=$NR"
expect "the next publish goes through" "$STATUS" 200
create media_type=TEXT text=dropped
CD=$(jget id)
fault threads:publish commit_drop
g POST "/me/threads_publish?creation_id=$CD"
expect "publish commit_drop: no answer" "$STATUS" 000
expect "... but published" "$(status "$CD")" PUBLISHED
before=$(curl -s "$SBX_URL/_sandbox/state?network=threads" | jq '[.posts[] | select(.media_type == "REPOST_FACADE")] | length')
fault threads:repost commit_drop
g POST "/$FRIEND_POST/repost"
expect "repost commit_drop: no answer" "$STATUS" 000
after=$(curl -s "$SBX_URL/_sandbox/state?network=threads" | jq '[.posts[] | select(.media_type == "REPOST_FACADE")] | length')
expect "... but reposted" "$after" $((before + 1))
req POST "$SBX_URL/_sandbox/fault" --data "path=threads:create&codes=commit_drop"
expect "commit_drop is not a create kind" "$STATUS" 400
req POST "$SBX_URL/_sandbox/fault" --data "path=threads:repost&codes=not_ready"
expect "not_ready is publish's only" "$STATUS" 400
req POST "$SBX_URL/_sandbox/fault" --data "path=threads:publish&codes=bogus"
expect "an unknown kind" "$STATUS" 400

# --- request counts ---
mark=$(requests_mark)
create media_type=TEXT text=counted
C=$(jget id)
status "$C" >/dev/null
status "$C" >/dev/null
g POST "/me/threads_publish?creation_id=$C"
g GET /me
expect "counts: create" "$(requests_count threads:create "$mark")" 1
expect "counts: status" "$(requests_count threads:status "$mark")" 2
expect "counts: publish" "$(requests_count threads:publish "$mark")" 1
expect "counts: me" "$(requests_count threads:me "$mark")" 1
expect "counts: delete untouched" "$(requests_count threads:delete "$mark")" 0
mark=$(requests_mark)
authorize
exchange_code nope
expect "counts: authorize" "$(requests_count threads:authorize "$mark")" 1
expect "counts: oauth_access_token" "$(requests_count threads:oauth_access_token "$mark")" 1

# --- the page and the state ---
req GET "$SBX_URL/"
grep -q "Threads containers" "$BODY" && ok || fail "the page has a Threads section"
req GET "$SBX_URL/_sandbox/state?network=threads"
expect "state: no runtime codes" "$(jget _codes)" null
expect "state: the world's user" "$(jget users.0.username)" sbx_threads
sbx_stop

# ===== the consent form without --auto-approve; short lifetimes and quotas =====
cat >"$T/world.json" <<'JSON'
{"threads": {"code_ttl_secs": 1, "short_token_ttl_secs": 1, "container_ttl_secs": 1,
             "post_quota": 2, "delete_quota": 1, "image_status_calls": 0}}
JSON
sbx_start --state "$T/world.json" --media-dir "$T/media"
use_sandbox
authorize
expect "without --auto-approve: the consent page" "$STATUS" 200
grep -q 'name=decision value=approve' "$BODY" && grep -q 'name=decision value=deny' "$BODY" && ok ||
    fail "the page offers approve and deny"
grep -q "name=state value=\"st-42\"" "$BODY" && ok || fail "the page carries the state"
form /threads/oauth/authorize --data-urlencode "client_id=$APP_ID" --data-urlencode "redirect_uri=$CALLBACK" \
    --data-urlencode "scope=$SCOPE" --data-urlencode response_type=code --data-urlencode state=st-42 \
    --data-urlencode decision=approve
expect "approve from the form" "$STATUS" 302
CODE=$(code_from_location)
sleep 1.2
exchange_code "$CODE"
tcheck "a code past code_ttl_secs" 400
form /threads/oauth/authorize --data-urlencode "client_id=$APP_ID" --data-urlencode "redirect_uri=$CALLBACK" \
    --data-urlencode "scope=$SCOPE" --data-urlencode response_type=code --data-urlencode state=st-42 \
    --data-urlencode decision=approve
exchange_code "$(code_from_location)"
SHORT=$(jget access_token)
expect "a fresh code works" "$STATUS" 200
sleep 1.2
req GET "$BASE/access_token?grant_type=th_exchange_token&client_secret=$APP_SECRET&access_token=$SHORT"
tcheck "an expired short-lived token is not exchanged" 190 463
TOKEN=$SHORT g GET /me
gcheck "nor used" 400 190 463

create media_type=IMAGE "image_url=$MEDIA/a.jpg"
expect "image_status_calls 0: FINISHED at creation" "$(status "$(jget id)")" FINISHED
create media_type=TEXT text=to-expire
EXP=$(jget id)
sleep 1.2
expect "an unpublished container EXPIREs" "$(status "$EXP")" EXPIRED
g POST "/me/threads_publish?creation_id=$EXP"
gcheck "an EXPIRED container is not published" 400 24 4279009
create media_type=TEXT text=q1 auto_publish_text=true
Q1=$(jget id)
create media_type=TEXT text=q2
g POST "/me/threads_publish?creation_id=$(jget id)"
expect "the second post of a quota of 2" "$STATUS" 200
create media_type=TEXT text=q3 auto_publish_text=true
gcheck "auto-publish past the quota" 400 9 2207042
create media_type=TEXT text=q4
Q4=$(jget id)
g POST "/me/threads_publish?creation_id=$Q4"
gcheck "publish past the quota" 400 9 2207042
g GET /me/threads_publishing_limit
expect "limit: spent" "$(jget data.0.quota_usage) $(jget data.0.config.quota_total)" "2 2"
g DELETE "/$Q1"
expect "the one delete of the quota" "$STATUS" 200
g DELETE "/$(curl -s "$SBX_URL/_sandbox/state?network=threads" | jq -r '[.posts[] | select(.text == "q2")][0].id')"
gcheck "a second delete past the quota" 400 9 2207042
sbx_stop
expect "the world is saved" "$(jq '[.threads.posts[] | select(.text == "q1")][0].deleted' "$T/world.json")" true
expect "codes are not saved" "$(jq '.threads._codes' "$T/world.json")" null

echo '{"threads": {"users": [{"id": 5}]}}' >"$T/bad.json"
"$SBX_BIN" --port 0 --state "$T/bad.json" 2>"$T/bad.log" &
pid=$!
wait "$pid"
expect "a bad Threads section is refused at start" "$?" 1
grep -q "threads" "$T/bad.log" && ok || fail "the refusal names the threads section"
finish
