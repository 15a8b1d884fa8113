#!/usr/bin/env bash
# X's emulator (issue 17): OAuth 1.0a and the v2 endpoints under /x as X_THREADS_API.md §1.2, §1.3,
# §2, §3 and §10.3 document them, driven with curl.  Requests are signed by a small Python signer
# written here from RFC 5849 (a third implementation, beside the client's and the sandbox's),
# itself checked first against the doc's test vector.
source "$(dirname "$0")/lib.sh"

cat >"$T/xsign.py" <<'EOF'
import base64, hashlib, hmac, os, secrets, sys, time
import urllib.parse as up

def pct(s):
    return up.quote(s, safe="-._~")

method, url = sys.argv[1].upper(), sys.argv[2]
body = sys.argv[3] if len(sys.argv) > 3 else ""
env = os.environ.get
oauth = {"oauth_consumer_key": env("XCK", ""), "oauth_nonce": env("XNONCE") or secrets.token_hex(16),
         "oauth_signature_method": "HMAC-SHA1", "oauth_timestamp": env("XTIME") or str(int(time.time())),
         "oauth_version": "1.0"}
for name in ("token", "callback", "verifier"):
    if env("X" + name.upper()):
        oauth["oauth_" + name] = env("X" + name.upper())
u = up.urlsplit(url)
params = list(oauth.items()) + up.parse_qsl(u.query, keep_blank_values=True)
if body:
    params += up.parse_qsl(body, keep_blank_values=True)
pairs = sorted((pct(k), pct(v)) for k, v in params)
base = "&".join([method, pct(f"{u.scheme}://{u.netloc.lower()}{u.path}"),
                 pct("&".join(f"{k}={v}" for k, v in pairs))])
key = pct(env("XCS", "")) + "&" + pct(env("XSECRET", ""))
oauth["oauth_signature"] = base64.b64encode(hmac.new(key.encode(), base.encode(), hashlib.sha1).digest()).decode()
if env("XSIGONLY"):
    print(oauth["oauth_signature"])
else:
    print("OAuth " + ", ".join(f'{pct(k)}="{pct(v)}"' for k, v in oauth.items()))
EOF

# The signer itself, on the doc's vector (§1.2): a wrong helper would make every check below moot.
sig=$(XSIGONLY=1 XCK=xvz1evFS4wEEPTGEFPHBog XCS=kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw \
    XTOKEN=370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb XSECRET=LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE \
    XNONCE=kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg XTIME=1318622958 "$PY" "$T/xsign.py" POST \
    'https://api.x.com/1.1/statuses/update.json?include_entities=true' \
    'status=Hello%20Ladies%20%2B%20Gentlemen%2C%20a%20signed%20OAuth%20request%21')
expect "the test signer reproduces the doc's vector" "$sig" "Ls93hJiZbQ3akF3HF3x1Bz8/zU4="

# The built-in world's credentials (the contract's), and the current ones of each request.
export XCK=sbx-x-consumer-key XCS=sbx-x-consumer-secret
WRITE=1000000001-sbxWriteToken WRITE_SECRET=sbx-x-token-secret
export XTOKEN=$WRITE XSECRET=$WRITE_SECRET
ME=1000000001
FRIEND_POST=1800000000000000001

auth() { "$PY" "$T/xsign.py" "$@"; }
# xreq METHOD PATH [curl args...]: signed, no body parameters.
xreq() {
    local m=$1 url=$SBX_URL/x$2
    shift 2
    req "$m" "$url" -H "Authorization: $(auth "$m" "$url")" "$@"
}
# xjson PATH JSON [METHOD]
xjson() {
    local url=$SBX_URL/x$1
    req "${3:-POST}" "$url" -H "Authorization: $(auth "${3:-POST}" "$url")" -H 'Content-Type: application/json' \
        --data-binary "$2"
}
# xform PATH BODY: a signed form body (its parameters are signed too).
xform() {
    local url=$SBX_URL/x$1
    req POST "$url" -H "Authorization: $(auth POST "$url" "$2")" -H 'Content-Type: application/x-www-form-urlencoded' \
        --data-binary "$2"
}
form_value() { query_param "?$(cat "$BODY")" "$1"; }
# problem NAME STATUS [TYPE-SUFFIX]: a v2 problem answer.
problem() {
    expect "$1: status" "$STATUS" "$2"
    expect "$1: problem status" "$(jget status)" "$2"
    [ -z "${3:-}" ] || case "$(jget type)" in *"$3") ok ;; *) fail "$1: type '$(jget type)', expected *$3" ;; esac
}
legacy() {
    expect "$1: status" "$STATUS" "$2"
    expect "$1: code" "$(jget errors.0.code)" "$3"
}
tweet() { xjson /2/tweets "$1"; }
state() { curl -s "$SBX_URL/_sandbox/state?network=x" >"$BODY"; jget "$1"; }

sbx_start --stall-ms 400 --retry-after 7

# --- signatures ---
xreq GET /2/users/me
expect "users/me: status" "$STATUS" 200
expect "users/me: id" "$(jget data.id)" $ME
expect "users/me: username" "$(jget data.username)" sbx_user
expect "rate limit header" "$(header x-rate-limit-limit)" 75
expect "remaining counts down" "$(header x-rate-limit-remaining)" 74
expect_at_least "reset is in the future" "$(header x-rate-limit-reset)" "$(date +%s)"
XSECRET=wrong xreq GET /2/users/me
problem "wrong token secret" 401
expect "401 body" "$(jget title)/$(jget detail)" "Unauthorized/Unauthorized"
expect "every answer has rate headers" "$(header x-rate-limit-limit)" 75
XCS=wrong xreq GET /2/users/me; problem "wrong consumer secret" 401
XCK=nobody xreq GET /2/users/me; problem "unknown consumer key" 401
XTOKEN=1000000001-nosuchToken xreq GET /2/users/me; problem "unknown token" 401
req GET "$SBX_URL/x/2/users/me"; problem "no Authorization header" 401
XTIME=$(($(date +%s) - 400)) xreq GET /2/users/me; legacy "stale timestamp" 401 135
expect "stale timestamp message" "$(jget errors.0.message)" "Timestamp out of bounds."
XTIME=$(($(date +%s) + 400)) xreq GET /2/users/me; legacy "future timestamp" 401 135
XTIME=$(($(date +%s) - 200)) xreq GET /2/users/me; expect "a timestamp 200 s old is fine" "$STATUS" 200
nonce=n$RANDOM$RANDOM now=$(date +%s)
XNONCE=$nonce XTIME=$now xreq GET /2/users/me; expect "a fresh nonce" "$STATUS" 200
XNONCE=$nonce XTIME=$now xreq GET /2/users/me; problem "a replayed nonce" 401
# Query parameters are signed: changing one after signing breaks the signature.
url="$SBX_URL/x/2/media/upload?command=STATUS&media_id=1"
req GET "$SBX_URL/x/2/media/upload?command=STATUS&media_id=2" -H "Authorization: $(auth GET "$url")"
problem "a query parameter changed after signing" 401
req GET "$url" -H "Authorization: $(auth GET "$url")"
expect "the same query signed: past the signature (unknown media)" "$STATUS" 400
# Percent-encoding (§1.2's vectors): reserved characters, '+', a space and UTF-8 in the query and in
# a signed form body go through both signers alike.
url="$SBX_URL/x/2/media/upload?command=STATUS&media_id=1&note=Ladies%20%2B%20Gentlemen%2C%20%E2%98%83%21&empty="
req GET "$url" -H "Authorization: $(auth GET "$url")"
expect "encoded query parameters: past the signature" "$STATUS" 400
XTOKEN='' XSECRET='' xform /oauth/request_token "oauth_callback=oob&note=Dogs%2C+Cats+%26+Mice%20%E2%98%83"
expect "encoded form parameters ('+' a space): past the signature" "$STATUS" 200
# The host is part of the base string: signing for another host fails.
req GET "$SBX_URL/x/2/users/me" -H "Authorization: $(auth GET "http://localhost:$SBX_PORT/x/2/users/me")"
problem "signed for another host" 401
# A JSON body is not signed; a form body is (tampering with it breaks the signature).
url=$SBX_URL/x/oauth/request_token
req POST "$url" -H "Authorization: $(XTOKEN='' XSECRET='' auth POST "$url" "oauth_callback=oob")" \
    --data-binary "oauth_callback=http%3A%2F%2F127.0.0.1%3A9%2Fcallback"
legacy "a form body changed after signing" 401 32

# --- three legs: loopback callback, consent form ---
CALLBACK=http://127.0.0.1:8765/callback
XTOKEN='' XSECRET='' XCALLBACK=$CALLBACK xreq POST /oauth/request_token
expect "request_token: status" "$STATUS" 200
expect "request_token: callback confirmed" "$(form_value oauth_callback_confirmed)" true
RT=$(form_value oauth_token) RS=$(form_value oauth_token_secret)
[ -n "$RT" ] && [ -n "$RS" ] && ok || fail "request_token gave no token"
req GET "$SBX_URL/x/oauth/authorize?oauth_token=$RT"
expect "consent page" "$STATUS" 200
grep -q 'name=decision value=approve' "$BODY" && ok || fail "the consent page has no approve button"
XTOKEN=$RT XSECRET=$RS XVERIFIER=early xreq POST /oauth/access_token
legacy "access_token before consent" 401 32
form "/x/oauth/authorize" --data "oauth_token=$RT&decision=approve"
expect "approve: redirect" "$STATUS" 302
loc=$(header Location)
case "$loc" in "$CALLBACK?"*) ok ;; *) fail "approve redirects to '$loc'" ;; esac
expect "callback carries the request token" "$(query_param "$loc" oauth_token)" "$RT"
VERIFIER=$(query_param "$loc" oauth_verifier)
XTOKEN=$RT XSECRET=$RS XVERIFIER=wrong xreq POST /oauth/access_token; legacy "wrong verifier" 401 32
XTOKEN=$RT XSECRET=wrong XVERIFIER=$VERIFIER xreq POST /oauth/access_token
legacy "access_token signed with a wrong request secret" 401 32
XTOKEN=$RT XSECRET=$RS XVERIFIER=$VERIFIER xreq POST /oauth/access_token
expect "access_token: status" "$STATUS" 200
expect "access_token: user_id" "$(form_value user_id)" $ME
expect "access_token: screen_name" "$(form_value screen_name)" sbx_user
AT=$(form_value oauth_token) AS=$(form_value oauth_token_secret)
XTOKEN=$RT XSECRET=$RS XVERIFIER=$VERIFIER xreq POST /oauth/access_token
legacy "a request token is single-use" 401 89
XTOKEN=$AT XSECRET=$AS xreq GET /2/users/me
expect "the new access token works" "$STATUS/$(jget data.id)" "200/$ME"
XCK=sbx-x-unenrolled-key XCS=sbx-x-unenrolled-secret XTOKEN=$AT XSECRET=$AS xreq GET /2/users/me
problem "an issued token is its app's only" 401

# --- PIN (oob) and deny ---
XTOKEN='' XSECRET='' XCALLBACK=oob xreq POST /oauth/request_token
RT=$(form_value oauth_token) RS=$(form_value oauth_token_secret)
form "/x/oauth/authorize" --data "oauth_token=$RT&decision=approve"
PIN=$(sed -n 's/.*<code id="pin">\([0-9]*\)<\/code>.*/\1/p' "$BODY")
expect "the PIN page shows 7 digits" "${#PIN}" 7
form "/x/oauth/authorize" --data "oauth_token=$RT&decision=approve"
expect "the consent is answered once" "$STATUS" 400
XTOKEN=$RT XSECRET=$RS XVERIFIER=$PIN xreq POST /oauth/access_token
expect "PIN as verifier" "$STATUS/$(form_value screen_name)" "200/sbx_user"
XTOKEN='' XSECRET='' XCALLBACK=$CALLBACK xreq POST /oauth/request_token
RT=$(form_value oauth_token) RS=$(form_value oauth_token_secret)
form "/x/oauth/authorize" --data "oauth_token=$RT&decision=deny"
expect "deny: redirect" "$STATUS" 302
expect "deny: denied=TOKEN" "$(query_param "$(header Location)" denied)" "$RT"
expect "deny: no verifier" "$(query_param "$(header Location)" oauth_verifier)" ""
XTOKEN=$RT XSECRET=$RS XVERIFIER=anything xreq POST /oauth/access_token; legacy "access_token after deny" 401 32
form "/x/oauth/authorize" --data "oauth_token=$RT&decision=maybe"
expect "a decision that is neither" "$STATUS" 400
req GET "$SBX_URL/x/oauth/authorize?oauth_token=nosuch"; expect "authorize with an unknown token" "$STATUS" 400
XTOKEN='' XSECRET='' XCALLBACK=http://evil.example/callback xreq POST /oauth/request_token
legacy "unregistered callback" 403 415
XTOKEN='' XSECRET='' XCALLBACK=http://127.0.0.1:8765/other xreq POST /oauth/request_token
legacy "callback on another path" 403 415
XTOKEN='' XSECRET='' xreq POST /oauth/request_token; legacy "no oauth_callback" 400 215
XTOKEN='' XSECRET='' xform /oauth/request_token "oauth_callback=oob"
expect "oauth_callback in a signed form body" "$STATUS" 200
XTOKEN='' XSECRET='' XCS=wrong XCALLBACK=oob xreq POST /oauth/request_token; legacy "request_token bad signature" 401 32
XSECRET='' XCALLBACK=oob xreq POST /oauth/request_token; legacy "request_token with an oauth_token" 401 32
XTOKEN='' XSECRET='' XCALLBACK=oob xreq POST /oauth/request_token
RT=$(form_value oauth_token) RS=$(form_value oauth_token_secret)
XTOKEN=$RT XSECRET=$RS xreq GET /2/users/me; problem "a request token is no access token" 401
# x_auth_access_type=read: the token it leads to cannot write.
XTOKEN='' XSECRET='' XCALLBACK=oob xreq POST "/oauth/request_token?x_auth_access_type=read"
RT=$(form_value oauth_token) RS=$(form_value oauth_token_secret)
form "/x/oauth/authorize" --data "oauth_token=$RT&decision=approve"
PIN=$(sed -n 's/.*<code id="pin">\([0-9]*\)<\/code>.*/\1/p' "$BODY")
XTOKEN=$RT XSECRET=$RS XVERIFIER=$PIN xreq POST /oauth/access_token
XTOKEN=$(form_value oauth_token) XSECRET=$(form_value oauth_token_secret) tweet '{"text":"from a read token"}'
problem "x_auth_access_type=read gives a read-only token" 403 oauth1-permissions

# --- posts ---
tweet '{"text":"hello from the sandbox"}'
expect "create: status" "$STATUS" 201
POST_ID=$(jget data.id)
expect "create: id is a string of digits" "$(echo "$POST_ID" | tr -d 0-9)" ""
grep -q '"id":"[0-9]*"' "$BODY" && ok || fail "the id is not a JSON string"
expect "create: text" "$(jget data.text)" "hello from the sandbox"
expect "create: rate limit" "$(header x-rate-limit-limit)" 100
expect "create: the app's 24-hour quota" "$(header x-app-limit-24hour-limit)" 10000
expect_at_least "create: 24-hour reset" "$(header x-app-limit-24hour-reset)" $(($(date +%s) + 86000))
tweet '{"text":"hello from the sandbox"}'
problem "duplicate text" 403
expect "duplicate detail" "$(jget detail)" "You are not allowed to create a Tweet with duplicate content."
a280=$(head -c 280 /dev/zero | tr '\0' a)
tweet "{\"text\":\"$a280\"}"; expect "280 characters" "$STATUS" 201
tweet "{\"text\":\"b$a280\"}"; problem "281 characters" 400 invalid-request
expect "too long: parameter" "$(jget errors.0.parameters.text.0)" "b$a280"
cjk=$(printf '%.0s日' $(seq 140))
tweet "{\"text\":\"$cjk\"}"; expect "140 CJK characters weigh 280" "$STATUS" 201
tweet "{\"text\":\"本$cjk\"}"; problem "141 CJK characters weigh 282" 400
url="https://example.com/$(head -c 100 /dev/zero | tr '\0' p)"
tweet "{\"text\":\"${a280:0:256} $url\"}"; expect "256 + space + a URL (23) = 280" "$STATUS" 201
tweet "{\"text\":\"${a280:0:257} $url\"}"; problem "257 + space + a URL (23) = 281" 400
family='👨‍👩‍👧'
tweet "{\"text\":\"${a280:0:277}x$family\"}"; expect "a ZWJ emoji sequence weighs 2" "$STATUS" 201
tweet "{\"text\":\"${a280:0:278}x$family\"}"; problem "... and 279 + 2 is over" 400
tweet '{"text":""}'; problem "empty text without media" 400
tweet '{"text":"x","poll_options":[]}'; problem "an unknown field" 400
tweet '{"text":"x","media":{"media_ids":[123]}}'; problem "a numeric media id" 400
tweet '{"text":"x","media":{"media_ids":["1","2","3","4","5"]}}'; problem "five media" 400
tweet '{"text":"x","media":{"media_ids":["1999"]}}'; problem "an unknown media id" 400
expect "unknown media message" "$(jget errors.0.message)" "Your media IDs are invalid."
tweet 'not json'; problem "a body that is not JSON" 400
req POST "$SBX_URL/x/2/tweets" -H "Authorization: $(auth POST "$SBX_URL/x/2/tweets")" -H 'Content-Type: text/plain' \
    --data-binary '{"text":"typed wrong"}'
problem "a body that is not application/json" 400
XTOKEN=1000000001-sbxReadToken XSECRET=sbx-x-read-secret tweet '{"text":"read only"}'
problem "read-only token" 403 oauth1-permissions
expect "read-only detail" "$(jget detail)" \
    "Your client app is not configured with the appropriate oauth1 app permissions for this endpoint."
XTOKEN=1000000001-sbxReadToken XSECRET=sbx-x-read-secret xreq GET /2/users/me
expect "a read-only token reads" "$STATUS" 200
XCK=sbx-x-unenrolled-key XCS=sbx-x-unenrolled-secret tweet '{"text":"unenrolled"}'
problem "unenrolled app" 403 client-forbidden
expect "unenrolled reason" "$(jget reason)" client-not-enrolled

# --- delete, likes, reposts ---
xreq DELETE "/2/tweets/$FRIEND_POST"; problem "delete another user's post" 403
XTOKEN=1000000001-sbxReadToken XSECRET=sbx-x-read-secret xreq DELETE "/2/tweets/$POST_ID"
problem "delete with a read-only token" 403 oauth1-permissions
xreq DELETE "/2/tweets/$POST_ID"
expect "delete: status" "$STATUS" 200
expect "delete: deleted" "$(jget data.deleted)" true
xreq DELETE "/2/tweets/$POST_ID"; problem "delete twice" 404 resource-not-found
xreq DELETE "/2/tweets/abc"; problem "delete a malformed id" 400
xreq DELETE "/2/tweets/%FF"; problem "delete an id that is not UTF-8: still a JSON problem" 400
expect "the id shown scrubbed" "$(jget errors.0.parameters.id.0)" "?"
tweet '{"text":"hello from the sandbox"}'; expect "the text of a deleted post may be posted again" "$STATUS" 201
xjson "/2/users/$ME/likes" "{\"tweet_id\":\"$FRIEND_POST\"}"
expect "like: status" "$STATUS/$(jget data.liked)" 200/true
xjson "/2/users/2000000002/likes" "{\"tweet_id\":\"$FRIEND_POST\"}"; problem "like as someone else" 403
xjson "/2/users/$ME/likes" '{"tweet_id":"1234"}'; problem "like an unknown post" 404
xjson "/2/users/$ME/likes" '{"tweet_id":1234}'; problem "a numeric tweet_id" 400
xjson "/2/users/$ME/retweets" "{\"tweet_id\":\"$FRIEND_POST\"}"
expect "repost: status" "$STATUS/$(jget data.retweeted)" 200/true
expect "repost: rest_id" "$(jget data.rest_id)" "$FRIEND_POST"
XTOKEN=1000000001-sbxReadToken XSECRET=sbx-x-read-secret xjson "/2/users/$ME/retweets" "{\"tweet_id\":\"$FRIEND_POST\"}"
problem "repost with a read-only token" 403 oauth1-permissions
xjson "/2/users/$ME/follows" '{"target_user_id":"1"}'; problem "an endpoint the sandbox does not emulate" 404

# --- media: chunked video ---
head -c 3000000 /dev/urandom >"$T/video.mp4"
head -c 2000000 "$T/video.mp4" >"$T/seg0"
tail -c +2000001 "$T/video.mp4" >"$T/seg1"
req POST "$SBX_URL/x/2/media/upload/initialize" -H "Authorization: $(auth POST "$SBX_URL/x/2/media/upload/initialize")" \
    -H 'Content-Type: text/plain' --data-binary '{"media_type":"video/mp4","total_bytes":3000000}'
problem "initialize without application/json" 400
expect "initialize content type message" "$(jget detail)" "Requests with bodies must have content-type of application/json."
xjson /2/media/upload/initialize '{"media_type":"video/avi","total_bytes":10,"media_category":"tweet_video"}'
problem "unknown media_type" 400
xjson /2/media/upload/initialize '{"media_type":"video/mp4","total_bytes":10,"media_category":"tweet_photo"}'
problem "unknown media_category" 400
xjson /2/media/upload/initialize '{"media_type":"image/png","total_bytes":10,"media_category":"tweet_video"}'
problem "a category that does not take the type" 400
xjson /2/media/upload/initialize '{"media_type":"image/png","total_bytes":5000001,"media_category":"tweet_image"}'
problem "an image over 5 MB" 400
xjson /2/media/upload/initialize '{"media_type":"video/mp4","total_bytes":"3000000","media_category":"tweet_video"}'
problem "total_bytes as a string" 400
XTOKEN=1000000001-sbxReadToken XSECRET=sbx-x-read-secret \
    xjson /2/media/upload/initialize '{"media_type":"video/mp4","total_bytes":3000000,"media_category":"tweet_video"}'
problem "initialize with a read-only token" 403 oauth1-permissions
xjson /2/media/upload/initialize '{"media_type":"video/mp4","total_bytes":3000000,"media_category":"tweet_video"}'
expect "initialize: status" "$STATUS" 200
VIDEO=$(jget data.id)
expect "initialize: media_key" "$(jget data.media_key)" "7_$VIDEO"
expect "initialize: expires_after_secs" "$(jget data.expires_after_secs)" 86400
mark=$(requests_mark)
xreq POST "/2/media/upload/$VIDEO/append" -F "media=@$T/seg1" -F segment_index=1
expect "append segment 1 first" "$STATUS" 200
xreq POST "/2/media/upload/$VIDEO/finalize"; problem "finalize with a segment missing" 400
xreq POST "/2/media/upload/$VIDEO/append" -F "media=@$T/seg1" -F segment_index=0
expect "append segment 0 (too short)" "$STATUS" 200
xreq POST "/2/media/upload/$VIDEO/finalize"; problem "finalize with fewer bytes than total_bytes" 400
xreq POST "/2/media/upload/$VIDEO/append" -F "media=@$T/seg0" -F segment_index=0
expect "append segment 0 again replaces it" "$STATUS" 200
xreq POST "/2/media/upload/$VIDEO/append" -F "media=@$T/seg0" -F segment_index=1
xreq POST "/2/media/upload/$VIDEO/finalize"; problem "finalize with more bytes than total_bytes" 400
xreq POST "/2/media/upload/$VIDEO/append" -F "media=@$T/seg1" -F segment_index=1
expect "append segment 1 again" "$STATUS" 200
expect_at_least "append: expires_at" "$(jget data.expires_at)" "$(date +%s)"
xreq POST "/2/media/upload/$VIDEO/append" -F "media=@$T/seg0" -F segment_index=1000; problem "segment_index 1000" 400
xreq POST "/2/media/upload/$VIDEO/append" -F segment_index=2; problem "append without media" 400
xjson "/2/media/upload/$VIDEO/append" '{"segment_index":2,"media":"AAAA"}'; problem "append as JSON" 400
xreq POST "/2/media/upload/1234/append" -F "media=@$T/seg0" -F segment_index=0; problem "append to an unknown id" 400
expect "appends counted" "$(requests_count x:media_append "$mark")" 9
xreq GET "/2/media/upload?command=STATUS&media_id=$VIDEO"; problem "STATUS before finalize" 400
xreq POST "/2/media/upload/$VIDEO/finalize"
expect "finalize: status" "$STATUS" 200
expect "finalize: size" "$(jget data.size)" 3000000
expect "finalize: pending" "$(jget data.processing_info.state)" pending
expect "finalize: check_after_secs" "$(jget data.processing_info.check_after_secs)" 1
xreq POST "/2/media/upload/$VIDEO/finalize"; problem "finalize twice" 400
tweet "{\"text\":\"too early\",\"media\":{\"media_ids\":[\"$VIDEO\"]}}"; problem "post with unprocessed media" 400
xreq GET "/2/media/upload?command=STATUS&media_id=$VIDEO"
expect "STATUS: in_progress" "$(jget data.processing_info.state)" in_progress
xreq GET "/2/media/upload?media_id=$VIDEO"
expect "STATUS (command optional): succeeded" "$(jget data.processing_info.state)" succeeded
xreq GET "/2/media/upload?command=INIT&media_id=$VIDEO"; problem "a command other than STATUS" 400
expect "state: sha256 of what arrived" "$(state media.0.sha256)" "$(sha256sum "$T/video.mp4" | cut -d' ' -f1)"
expect "state: size" "$(state media.0.size)" 3000000
XTOKEN=$AT XSECRET=$AS xreq GET "/2/media/upload?command=STATUS&media_id=$VIDEO"
expect "STATUS works for any token of the owner" "$STATUS" 200

# --- media: one-shot images ---
ffmpeg -loglevel error -y -f lavfi -i testsrc=size=64x64 -frames:v 1 "$T/p.png"
xreq POST /2/media/upload -F "media=@$T/p.png"; problem "one-shot without media_category" 400
xreq POST /2/media/upload -F "media_category=tweet_image"; problem "one-shot without media" 400
head -c 5000001 /dev/urandom >"$T/big.png"
xreq POST /2/media/upload -F "media=@$T/big.png" -F media_category=tweet_image; problem "one-shot image over 5 MB" 400
IMAGES=()
for i in 1 2 3 4 5; do
    xreq POST /2/media/upload -F "media=@$T/p.png" -F media_category=tweet_image
    IMAGES+=("$(jget data.id)")
done
expect "one-shot image: status" "$STATUS" 200
expect "one-shot image: ready, no processing_info" "$(jget data.processing_info)" null
expect "one-shot image: media_key" "$(jget data.media_key)" "3_${IMAGES[4]}"
ids=$(printf '"%s",' "${IMAGES[@]:0:4}")
tweet "{\"text\":\"four images\",\"media\":{\"media_ids\":[${ids%,}]}}"; expect "four images" "$STATUS" 201
tweet "{\"text\":\"video and image\",\"media\":{\"media_ids\":[\"$VIDEO\",\"${IMAGES[4]}\"]}}"
problem "a video with an image" 400
tweet "{\"text\":\"with video\",\"media\":{\"media_ids\":[\"$VIDEO\"]}}"; expect "post with the processed video" "$STATUS" 201
expect "state: the post holds the video" "$(state tweets.-1.media_ids.0)" "$VIDEO"

# --- processing failure by fault ---
xjson /2/media/upload/initialize '{"media_type":"image/gif","total_bytes":1000,"media_category":"tweet_gif"}'
GIF=$(jget data.id)
head -c 1000 /dev/urandom >"$T/g.gif"
xreq POST "/2/media/upload/$GIF/append" -F "media=@$T/g.gif" -F segment_index=0
fault x:media_finalize failed
xreq POST "/2/media/upload/$GIF/finalize"
expect "gif: processing" "$(jget data.processing_info.state)" pending
expect "gif: media_key" "$(jget data.media_key)" "16_$GIF"
xreq GET "/2/media/upload?command=STATUS&media_id=$GIF"
xreq GET "/2/media/upload?command=STATUS&media_id=$GIF"
expect "failed by fault" "$(jget data.processing_info.state)" failed
expect "failure message" "$(jget data.processing_info.error.message)" "Unsupported video format"
tweet "{\"text\":\"failed gif\",\"media\":{\"media_ids\":[\"$GIF\"]}}"; problem "post with failed media" 400

# --- faults, counts ---
mark=$(requests_mark)
fault x:tweets 429
tweet '{"text":"rate limited"}'
problem "injected 429" 429
expect "429: remaining 0" "$(header x-rate-limit-remaining)" 0
expect_at_least "429: reset --retry-after away" "$(header x-rate-limit-reset)" $(($(date +%s) + 6))
fault x:tweets 402
tweet '{"text":"no credits"}'; problem "injected 402" 402
case "$(jget detail)" in *credits*) ok ;; *) fail "402 detail '$(jget detail)'" ;; esac
fault x:tweets 503
tweet '{"text":"unavailable"}'; problem "injected 503" 503
expect "503 has rate headers" "$(header x-rate-limit-limit)" 100
fault x:tweets drop
tweet '{"text":"dropped"}'; expect "drop: no answer" "$STATUS" 000
fault x:tweets commit_drop
tweet '{"text":"committed then dropped"}'; expect "commit_drop: no answer" "$STATUS" 000
state tweets >/dev/null
grep -q '"text":"committed then dropped"' "$BODY" && ok || fail "commit_drop: the post is not in the state"
grep -q '"text":"dropped"' "$BODY" && fail "drop created a post" || ok
tweet '{"text":"committed then dropped"}'; problem "commit_drop: a retry is a duplicate" 403
fault x:tweets stall
start=$(date +%s%N)
tweet '{"text":"stalled"}'
expect "stall: answered" "$STATUS" 201
expect_at_least "stall: waited --stall-ms" $((($(date +%s%N) - start) / 1000000)) 400
expect "each attempt counted once" "$(requests_count x:tweets "$mark")" 7
fault x:request_token 500
XTOKEN='' XSECRET='' XCALLBACK=oob xreq POST /oauth/request_token
legacy "fault on request_token: legacy shape" 500 131
for key in access_token delete users_me likes retweets media_initialize media_append media_finalize media_status media_upload; do
    fault "x:$key" 502
done
xreq POST /oauth/access_token; expect "fault x:access_token" "$STATUS" 502
xreq DELETE /2/tweets/1; expect "fault x:delete" "$STATUS" 502
xreq GET /2/users/me; expect "fault x:users_me" "$STATUS" 502
xjson "/2/users/$ME/likes" '{}'; expect "fault x:likes" "$STATUS" 502
xjson "/2/users/$ME/retweets" '{}'; expect "fault x:retweets" "$STATUS" 502
xjson /2/media/upload/initialize '{}'; expect "fault x:media_initialize" "$STATUS" 502
xreq POST /2/media/upload/1/append; expect "fault x:media_append" "$STATUS" 502
xreq POST /2/media/upload/1/finalize; expect "fault x:media_finalize" "$STATUS" 502
xreq GET "/2/media/upload?media_id=1"; expect "fault x:media_status" "$STATUS" 502
xreq POST /2/media/upload; expect "fault x:media_upload" "$STATUS" 502
expect "commit_drop is for x:tweets only" "$(curl -s -o /dev/null -w '%{http_code}' -X POST "$SBX_URL/_sandbox/fault" \
    --data-urlencode path=x:users_me --data-urlencode codes=commit_drop)" 400
curl -s "$SBX_URL/" >"$BODY"
grep -q '<h2>X</h2>' "$BODY" && ok || fail "the page has no X section"
if grep -v "export " "$T/sandbox.log" | grep -q -e "$WRITE_SECRET" -e "$AS" -e "$VERIFIER"; then
    fail "the log shows a secret"
else ok; fi
sbx_stop && ok || fail "sandbox exit status"

# --- a world from a state file: switches, expiry, another user's media ---
cat >"$T/state.json" <<EOF
{"x": {"likes_forbidden": true, "media_fail": true, "media_ttl_secs": 2, "request_token_ttl_secs": 1,
       "tokens": [{"token": "$WRITE", "secret": "$WRITE_SECRET", "user_id": "$ME", "access": "read-write"},
                  {"token": "2000000002-friend", "secret": "friend-secret", "user_id": "2000000002"}]}}
EOF
sbx_start --state "$T/state.json" --auto-approve
xjson "/2/users/$ME/likes" "{\"tweet_id\":\"$FRIEND_POST\"}"; problem "likes_forbidden" 403
XTOKEN='' XSECRET='' XCALLBACK=$CALLBACK xreq POST /oauth/request_token
RT=$(form_value oauth_token) RS=$(form_value oauth_token_secret)
req GET "$SBX_URL/x/oauth/authorize?oauth_token=$RT"
expect "--auto-approve redirects at once" "$STATUS" 302
VERIFIER=$(query_param "$(header Location)" oauth_verifier)
sleep 1.2
XTOKEN=$RT XSECRET=$RS XVERIFIER=$VERIFIER xreq POST /oauth/access_token; legacy "an expired request token" 401 89
xjson /2/media/upload/initialize '{"media_type":"video/mp4","total_bytes":1000,"media_category":"tweet_video"}'
V=$(jget data.id)
xreq POST "/2/media/upload/$V/append" -F "media=@$T/g.gif" -F segment_index=0
XTOKEN=2000000002-friend XSECRET=friend-secret xreq POST "/2/media/upload/$V/finalize"
problem "finalize another user's media" 400
xreq POST "/2/media/upload/$V/finalize"
xreq GET "/2/media/upload?command=STATUS&media_id=$V"
xreq GET "/2/media/upload?command=STATUS&media_id=$V"
expect "media_fail: failed" "$(jget data.processing_info.state)" failed
xreq POST /2/media/upload -F "media=@$T/p.png" -F media_category=tweet_image
IMG=$(jget data.id)
XTOKEN=2000000002-friend XSECRET=friend-secret tweet "{\"text\":\"not mine\",\"media\":{\"media_ids\":[\"$IMG\"]}}"
problem "post with another user's media" 400
sleep 2.1
tweet "{\"text\":\"expired\",\"media\":{\"media_ids\":[\"$IMG\"]}}"; problem "post with expired media" 400
# The 15-minute window of users/me (75 a user, §4.1), spent for real.
for i in $(seq 1 75); do xreq GET /2/users/me; [ "$STATUS" = 200 ] || break; done
expect "75 calls of users/me pass" "$i/$STATUS" 75/200
expect "the 75th leaves none" "$(header x-rate-limit-remaining)" 0
xreq GET /2/users/me; problem "the 76th" 429
expect "429: remaining" "$(header x-rate-limit-remaining)" 0
expect_at_least "429: reset within 15 minutes" $(($(date +%s) + 900 - $(header x-rate-limit-reset))) 0
sbx_stop && ok || fail "sandbox exit status (state file)"
"$PY" -c 'import json,sys; d=json.load(open(sys.argv[1]))["x"]; sys.exit(0 if d["likes_forbidden"] and "_nonces" not in d else 1)' \
    "$T/state.json" && ok || fail "the saved state lost a switch or kept runtime keys"

finish
