# The sandbox against hostile requests (issue 14): bytes that are not UTF-8 in query strings,
# forms and paths; error answers that always carry error.code (or the OAuth error) and a log_id;
# PULL_FROM_URL URLs that try to leave a verified prefix; slow clients; a stalled chunk PUT.
source "$(dirname "$0")/lib.sh"

media="$T/media"
mkdir -p "$media/sub"
gen_video "$media/clip.mp4" 1 640x640 30
sbx_start --auto-approve --complete-after 100 --media-dir "$media" --verified-domain localhost
login

alive() { # alive NAME: the sandbox still answers
    req GET "$SBX_URL/"
    expect "$1: the sandbox still answers" "$STATUS" 200
}

# error_shape NAME STATUS: the answer is JSON with an error code and a log_id.
error_shape() {
    if [ "$STATUS" != "$2" ]; then
        fail "$1: HTTP $STATUS, expected $2"
        return
    fi
    "$PY" - "$BODY" <<'EOF' && ok || fail "$1: no error code and log_id in: $(head -c 300 "$BODY")"
import json, sys
b = json.load(open(sys.argv[1], encoding="utf-8"))
e = b.get("error")
code = e.get("code") if isinstance(e, dict) else e
log_id = e.get("log_id") if isinstance(e, dict) else b.get("log_id")
sys.exit(0 if isinstance(code, str) and code and isinstance(log_id, str) and log_id else 1)
EOF
}

# --- query strings that are not UTF-8 (the authorize page used to crash on state=%FF) ---
auth_base="$SBX_URL/v2/auth/authorize/?client_key=$CLIENT_KEY&response_type=code&redirect_uri=$(urlencode "$REDIRECT")&code_challenge_method=S256&code_challenge=$CHALLENGE"
for bad in 'state=%FF' 'state=%C3%28' 'state=%ED%A0%80' 'state=ok%F4%90%80%80' 'state=%C0%AF'; do
    req GET "$auth_base&scope=user.info.basic&$bad"
    expect "authorize $bad: refused" "$(query_param "$(header Location)" error)" invalid_request
    alive "authorize $bad"
done
for bad in 'scope=%FF' 'client_key=%FF' 'redirect_uri=%FF' 'code_challenge=%FF' 'response_type=%FF' 'x%FF=1'; do
    req GET "$auth_base&state=s&scope=user.info.basic&$bad"
    case "$STATUS" in 302 | 400) ok ;; *) fail "authorize $bad: HTTP $STATUS" ;; esac
    alive "authorize $bad"
done
req GET "$SBX_URL/v2/auth/authorize/?client_key=%3Cscript%3E%FF"
grep -q '<script>' "$BODY" && fail "error page not escaped" || ok
grep -q $'\xff' "$BODY" && fail "error page carries a byte that is not UTF-8" || ok


# --- error answers always carry error.code (or the OAuth error) and a log_id ---
req GET "$SBX_URL/v2/%FF%FE/"
error_shape "unknown path that is not UTF-8" 404
req GET "$SBX_URL/v2/%ZZ"
error_shape "malformed escape in the path" 400
req GET "$SBX_URL/v2/%00x"
error_shape "encoded NUL in the path" 400
req GET "$SBX_URL/v2/x?a=%G1"
error_shape "malformed escape in the query" 400
req DELETE "$SBX_URL/v2/oauth/token/"
error_shape "method not allowed" 405
req GET "$SBX_URL/nothing-here"
error_shape "unknown route" 404
req GET "$SBX_URL/media/missing.mp4"
error_shape "missing media file" 404
req GET "$SBX_URL/_sandbox/media/nope"
error_shape "unknown post media" 404
form /_sandbox/expire --data 'token=access'
error_shape "admin error" 400
form /_sandbox/finish --data 'publish_id=%FF'
error_shape "admin error for a value that is not UTF-8" 404
form /v2/oauth/token/ --data 'client_key=%FF&client_secret=x&grant_type=refresh_token&refresh_token=%FF'
error_shape "token form that is not UTF-8" 400
api /v2/post/publish/video/init/ $'{"post_info":{"title":"\xff"}}'
error_shape "JSON body that is not UTF-8" 400
form /_sandbox/fault --data-urlencode 'path=/v2/post/publish/creator_info/query/' --data 'codes=500,429,403:x'
for want in 500 429 403; do
    api /v2/post/publish/creator_info/query/ '{}'
    error_shape "injected fault $want" "$want"
done
form /_sandbox/fault --data-urlencode 'path=/v2/oauth/token/' --data 'codes=503'
form /v2/oauth/token/ --data 'grant_type=x'
error_shape "injected OAuth fault" 503
api /v2/post/publish/creator_info/query/ '{}' $'not-a-token\xff'
error_shape "bad token" 401

# --- PULL_FROM_URL: URLs are judged (and fetched) normalised ---
pull() { # pull URL: a video pull init (a fresh grant each time: init is limited to 6 a minute)
    login
    api /v2/post/publish/video/init/ "{\"post_info\":{\"privacy_level\":\"PUBLIC_TO_EVERYONE\"},\"source_info\":{\"source\":\"PULL_FROM_URL\",\"video_url\":\"$1\"}}"
    PUBLISH_ID=$(jget data.publish_id)
}
for url in "$SBX_URL/media/../_sandbox/state" "$SBX_URL/media/./../_sandbox/state" \
    "$SBX_URL/media/%2e%2e/_sandbox/state" "$SBX_URL/media/%2E./_sandbox/state" \
    "$SBX_URL/media/sub/../../_sandbox/state" "$SBX_URL/media/.%2E/_sandbox/state"; do
    pull "$url"
    check "pull $url" 403 url_ownership_unverified
done
for url in "$SBX_URL/media/..%2F_sandbox/state" "$SBX_URL/media/..%2f_sandbox/state" \
    "$SBX_URL/media/..%5C_sandbox/state" "$SBX_URL/media/..\\\\_sandbox/state" \
    "http://x@127.0.0.1:$SBX_PORT/media/clip.mp4" "$SBX_URL/media/clip.mp4#frag" "$SBX_URL/media/%00.mp4"; do
    pull "$url"
    check "pull $url" 400 invalid_params
done
req GET "$SBX_URL/_sandbox/state"
grep -q "$ACCESS" "$BODY" && ok || fail "the state endpoint works (control)"
pull "$SBX_URL/media/sub/../clip.mp4"
check "a dot segment that stays inside the prefix" 200 ok
wait_status "$PUBLISH_ID" PUBLISH_COMPLETE && ok || fail "the normalised URL is what is pulled"
pull "http://localhost:$SBX_PORT/media/clip.mp4"
check "a URL on a verified domain" 200 ok
wait_status "$PUBLISH_ID" PUBLISH_COMPLETE && ok || fail "a pull from a verified domain"
pull "http://localhost.:$SBX_PORT/media/clip.mp4"
check "a domain with its trailing dot" 200 ok
pull "https://evillocalhost/media/clip.mp4"
check "a domain that only ends like the verified one" 403 url_ownership_unverified
# The sandbox's own media serving refuses to leave --media-dir.
for p in /media/../_sandbox/state /media/%2e%2e/_sandbox/state /media/..%2f_sandbox/state /media/sub/../../x; do
    req GET "$SBX_URL$p" --path-as-is
    expect "GET $p" "$STATUS" 404
done

# --- slow clients from one address do not block the others ---
"$PY" - "$SBX_PORT" "$T/slow.ready" <<'EOF' &
import socket, sys, time
socks = []
for i in range(300):
    try:
        s = socket.socket()
        s.bind(("127.0.0.2", 0))  # another loopback source address; the sandbox is still 127.0.0.1
        s.connect(("127.0.0.1", int(sys.argv[1])))
        s.send(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        socks.append(s)
    except OSError:
        pass
open(sys.argv[2], "w").close()
time.sleep(30)
EOF
SLOW=$!
for _ in $(seq 100); do [ -e "$T/slow.ready" ] && break; sleep 0.1; done
req GET "$SBX_URL/" --max-time 3
expect "300 slow clients from one address: others are served" "$STATUS" 200
kill "$SLOW" 2>/dev/null
wait "$SLOW" 2>/dev/null

# --- a stalled chunk PUT is superseded by a retry of the same chunk ---
login
api /v2/post/publish/video/init/ "{\"post_info\":{\"privacy_level\":\"SELF_ONLY\"},\"source_info\":{\"source\":\"FILE_UPLOAD\",\"video_size\":$(stat -c %s "$media/clip.mp4"),\"chunk_size\":$(stat -c %s "$media/clip.mp4"),\"total_chunk_count\":1}}"
PUBLISH_ID=$(jget data.publish_id)
URL=$(jget data.upload_url)
size=$(stat -c %s "$media/clip.mp4")
"$PY" - "$SBX_PORT" "${URL#http://127.0.0.1:$SBX_PORT}" "$media/clip.mp4" "$T/stall.ready" "$T/stall.go" \
    >"$T/stall.out" <<'EOF' &
import os, socket, sys, time
port, target, path, ready, go = sys.argv[1:]
body = open(path, "rb").read()
s = socket.create_connection(("127.0.0.1", int(port)))
s.sendall(("PUT %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: video/mp4\r\nContent-Length: %d\r\n"
           "Content-Range: bytes 0-%d/%d\r\n\r\n" % (target, len(body), len(body) - 1, len(body))).encode())
s.sendall(bytes(len(body) // 2))  # half the chunk, as zero bytes, then a stall
open(ready, "w").close()
while not os.path.exists(go):
    time.sleep(0.05)
try:
    s.sendall(bytes(len(body) - len(body) // 2))
    print(s.recv(4096).split(b"\r\n")[0].decode())
except OSError:
    print("closed")
EOF
STALLED=$!
for _ in $(seq 100); do [ -e "$T/stall.ready" ] && break; sleep 0.1; done
sleep 1 # the sandbox has taken the stalled PUT in before the retry comes
req PUT "$URL" -H 'Content-Type: video/mp4' -H "Content-Range: bytes 0-$((size - 1))/$size" \
    --data-binary @"$media/clip.mp4" --max-time 10
expect "a retry of a stalled chunk is accepted" "$STATUS" 201
touch "$T/stall.go"
wait "$STALLED"
case "$(cat "$T/stall.out")" in *416* | closed) ok ;; *) fail "the stalled PUT is answered 416: $(cat "$T/stall.out")" ;; esac
wait_status "$PUBLISH_ID" PUBLISH_COMPLETE || fail "the retried upload is published"
req GET "$SBX_URL/_sandbox/state"
expect "the stalled bytes did not overwrite the retry" \
    "$("$PY" -c 'import json,sys; print([p["sha256"] for p in json.load(open(sys.argv[1]))["posts"] if p["publish_id"]==sys.argv[2]][0])' "$BODY" "$PUBLISH_ID")" \
    "$(sha256sum "$media/clip.mp4" | cut -d' ' -f1)"

sbx_stop && ok || fail "the sandbox exits 0"

# The consent page (no --auto-approve) with the same kind of state.
sbx_start --media-dir "$media"
auth_base="$SBX_URL/v2/auth/authorize/?client_key=$CLIENT_KEY&response_type=code&redirect_uri=$(urlencode "$REDIRECT")&code_challenge_method=S256&code_challenge=$CHALLENGE"
req GET "$auth_base&scope=user.info.basic&state=%FF%FE"
expect "consent: state not UTF-8 refused" "$(query_param "$(header Location)" error)" invalid_request
req GET "$auth_base&scope=user.info.basic&state=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E"
expect "consent page for a valid state" "$STATUS" 200
grep -q '<script>' "$BODY" && fail "consent page not escaped" || ok
finish
