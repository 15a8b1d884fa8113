# Shared helpers for the end-to-end scripts: start agoras-sandbox on a free port, speak to it with
# curl, and check answers.  Source it; every helper uses the globals SBX_URL, STATUS, BODY, HEADERS.
# JSON is read with jq when present, else python3 (installed by scripts/install-deps).  Prefer the
# system python: version-manager shims can take seconds to start.

set -u

: "${AGORAS_BUILD_DIR:?set AGORAS_BUILD_DIR to the build directory}"
: "${AGORAS_SOURCE_DIR:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
: "${AGORAS_TESTDATA:=$AGORAS_SOURCE_DIR/tests/data}"
SBX_BIN="$AGORAS_BUILD_DIR/src/sandbox/agoras-sandbox"
T=$(mktemp -d "${TMPDIR:-/tmp}/agoras-e2e.XXXXXX")
BODY="$T/body"
HEADERS="$T/headers"
STATUS=0
FAILS=0
CHECKS=0
SBX_PIDS=()
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3

CLIENT_KEY=sbx_client_key
CLIENT_SECRET=sbx_client_secret
REDIRECT="http://127.0.0.1:3456/callback/"

# Stop every sandbox still running; one that does not exit 0 on SIGTERM (a crash, or a leak under
# ASan) fails the script.
cleanup() {
    local rc=$? pid st
    for pid in "${SBX_PIDS[@]}"; do
        if kill "$pid" 2>/dev/null; then
            wait "$pid" 2>/dev/null
            st=$?
            if [ "$st" -ne 0 ]; then
                echo "FAIL: sandbox $pid exited with status $st on SIGTERM" >&2
                tail -n 60 "$T/sandbox.log" >&2
                rc=1
            fi
        fi
    done
    rm -rf "$T"
    exit "$rc"
}
trap cleanup EXIT

# sbx_start [flags...]: start a sandbox on a free port, wait for its port file, set SBX_URL and SBX_PID.
sbx_start() {
    local pf="$T/port.$RANDOM" i
    "$SBX_BIN" --port 0 --port-file "$pf" "$@" 2>>"$T/sandbox.log" &
    SBX_PID=$!
    SBX_PIDS+=("$SBX_PID")
    for i in $(seq 1 100); do
        [ -s "$pf" ] && break
        kill -0 "$SBX_PID" 2>/dev/null || { echo "sandbox exited early:"; cat "$T/sandbox.log"; exit 1; }
        sleep 0.05
    done
    [ -s "$pf" ] || { echo "sandbox did not write its port file"; exit 1; }
    SBX_PORT=$(cat "$pf")
    SBX_URL="http://127.0.0.1:$SBX_PORT"
}

# sbx_stop: SIGTERM the last sandbox started and return its exit status.
sbx_stop() {
    kill -TERM "$SBX_PID"
    wait "$SBX_PID"
}

# req METHOD URL [curl args...]: sets STATUS, BODY (file) and HEADERS (file).
req() {
    local method=$1 url=$2
    shift 2
    STATUS=$(curl -sS -o "$BODY" -D "$HEADERS" -w '%{http_code}' -X "$method" "$url" "$@") || STATUS=000
}

# api PATH JSON [token]: a Content Posting call with the bearer token and the documented Content-Type.
api() {
    req POST "$SBX_URL$1" -H "Authorization: Bearer ${3:-$ACCESS}" \
        -H 'Content-Type: application/json; charset=UTF-8' --data-binary "$2"
}

# form PATH curl-data-args...: a form-encoded POST.
form() {
    local path=$1
    shift
    req POST "$SBX_URL$path" -H 'Content-Type: application/x-www-form-urlencoded' "$@"
}

# jget PATH: a value from $BODY by dotted path (list indexes are numbers); objects print as JSON
# (compact), missing values as "null".
if command -v jq >/dev/null; then
    jget() {
        jq -c -r "getpath(\"$1\" | split(\".\") | map(tonumber? // .))" "$BODY" 2>/dev/null || echo null
    }
else
    jget() {
        "$PY" - "$BODY" "$1" <<'EOF'
import json, sys
try:
    v = json.load(open(sys.argv[1]))
    for k in [k for k in sys.argv[2].split(".") if k]:
        v = v[int(k)] if isinstance(v, list) else v[k]
except Exception:
    v = None
print(json.dumps(v, separators=(",", ":")) if isinstance(v, (dict, list, bool)) or v is None else v)
EOF
    }
fi

header() {
    grep -i "^$1:" "$HEADERS" | head -1 | cut -d' ' -f2- | tr -d '\r'
}

ok() {
    CHECKS=$((CHECKS + 1))
}

fail() {
    FAILS=$((FAILS + 1))
    echo "FAIL: $*" >&2
    echo "  status=$STATUS body=$(head -c 400 "$BODY" 2>/dev/null)" >&2
}

# check NAME HTTP_STATUS [error.code | oauth error]: the last answer's status and error code.
check() {
    local name=$1 want_status=$2 want_code=${3:-}
    local got
    if [ "$STATUS" != "$want_status" ]; then
        fail "$name: HTTP $STATUS, expected $want_status"
        return
    fi
    if [ -n "$want_code" ]; then
        got=$(jget error.code)
        [ "$got" = "None" ] || [ "$got" = "null" ] && got=$(jget error)
        if [ "$got" != "$want_code" ]; then
            fail "$name: error '$got', expected '$want_code'"
            return
        fi
    fi
    ok
}

# expect NAME ACTUAL WANTED
expect() {
    if [ "$2" = "$3" ]; then ok; else
        fail "$1: got '$2', expected '$3'"
    fi
}

# expect_at_least NAME ACTUAL MINIMUM
expect_at_least() {
    if [ "$2" -ge "$3" ] 2>/dev/null; then ok; else
        fail "$1: got '$2', expected at least $3"
    fi
}

finish() {
    echo "$CHECKS checks passed, $FAILS failed"
    if [ "$FAILS" -ne 0 ]; then
        echo "--- sandbox log (last 40 lines) ---"
        tail -n 40 "$T/sandbox.log"
    fi
    [ "$FAILS" -eq 0 ]
}

# PKCE for desktop apps: hex(SHA-256(verifier)).
new_pkce() {
    VERIFIER=$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 64)
    CHALLENGE=$(printf '%s' "$VERIFIER" | sha256sum | cut -d' ' -f1)
}

urldecode() {
    local s=${1//+/ }
    printf '%b\n' "${s//%/\\x}"
}

urlencode() {
    local s=$1 out= c i
    for ((i = 0; i < ${#s}; i++)); do
        c=${s:i:1}
        case "$c" in [A-Za-z0-9._~-]) out+=$c ;; *) out+=$(printf '%%%02X' "'$c") ;; esac
    done
    echo "$out"
}

# query_param URL NAME: the decoded value of one query parameter.
query_param() {
    local q=${1#*\?} kv
    local IFS='&'
    for kv in $q; do
        [ "${kv%%=*}" = "$2" ] && { urldecode "${kv#*=}"; return; }
    done
    echo
}

authorize_url() {
    local scope=${1:-user.info.basic,video.upload,video.publish}
    echo "$SBX_URL/v2/auth/authorize/?client_key=$CLIENT_KEY&scope=$scope&redirect_uri=$(urlencode "$REDIRECT")&state=st123&response_type=code&code_challenge=$CHALLENGE&code_challenge_method=S256"
}

# login [scopes]: authorize (needs --auto-approve), exchange the code; sets ACCESS, REFRESH, OPEN_ID.
login() {
    new_pkce
    req GET "$(authorize_url "${1:-}")"
    local loc
    loc=$(header Location)
    CODE=$(query_param "$loc" code)
    form /v2/oauth/token/ --data-urlencode "client_key=$CLIENT_KEY" --data-urlencode "client_secret=$CLIENT_SECRET" \
        --data-urlencode "code=$CODE" --data-urlencode grant_type=authorization_code \
        --data-urlencode "redirect_uri=$REDIRECT" --data-urlencode "code_verifier=$VERIFIER"
    ACCESS=$(jget access_token)
    REFRESH=$(jget refresh_token)
    OPEN_ID=$(jget open_id)
}

# login_as USER [scopes]: like login but through the consent page (sandbox without --auto-approve),
# choosing the account and keeping every requested scope ticked.
login_as() {
    local id scope=${2:-user.info.basic,video.upload,video.publish} grants= s
    new_pkce
    req GET "$(authorize_url "$scope")"
    id=$(sed -n 's/.*name=consent_id value="\([0-9a-f]*\)".*/\1/p' "$BODY")
    for s in ${scope//,/ }; do grants+="&grant_$s=1"; done
    form /v2/auth/authorize/ --data "consent_id=$id&account=$1&decision=approve$grants"
    CODE=$(query_param "$(header Location)" code)
    form /v2/oauth/token/ --data-urlencode "client_key=$CLIENT_KEY" --data-urlencode "client_secret=$CLIENT_SECRET" \
        --data-urlencode "code=$CODE" --data-urlencode grant_type=authorization_code \
        --data-urlencode "redirect_uri=$REDIRECT" --data-urlencode "code_verifier=$VERIFIER"
    ACCESS=$(jget access_token)
    REFRESH=$(jget refresh_token)
}

# gen_video FILE SECONDS WxH FPS [extra ffmpeg args]: a small H.264 MP4 (cached per run).
gen_video() {
    local out=$1 secs=$2 size=$3 fps=$4
    shift 4
    [ -s "$out" ] || ffmpeg -loglevel error -y -f lavfi -i "testsrc=size=$size:rate=$fps" -t "$secs" \
        -pix_fmt yuv420p "$@" "$out"
}

# put_chunks UPLOAD_URL FILE CHUNK_SIZE: upload by the documented plan; prints each status.
put_chunks() {
    local url=$1 file=$2 chunk=$3 size count i first last
    size=$(stat -c %s "$file")
    count=$((size / chunk))
    [ "$count" -lt 1 ] && count=1
    for ((i = 0; i < count; i++)); do
        first=$((i * chunk))
        last=$((i == count - 1 ? size - 1 : first + chunk - 1))
        tail -c +$((first + 1)) "$file" | head -c $((last - first + 1)) >"$T/chunk"
        req PUT "$url" -H 'Content-Type: video/mp4' -H "Content-Range: bytes $first-$last/$size" \
            --data-binary @"$T/chunk"
        echo "$STATUS"
    done
}

# wait_status PUBLISH_ID WANTED [tries]: poll status/fetch until WANTED (or give up); leaves BODY.
wait_status() {
    local i s
    for i in $(seq 1 "${3:-40}"); do
        api /v2/post/publish/status/fetch/ "{\"publish_id\":\"$1\"}"
        s=$(jget data.status)
        [ "$s" = "$2" ] && return 0
        case "$s" in PROCESSING_*) ;; *) return 1 ;; esac
        sleep 0.2
    done
    return 1
}

# fault [NET:]KEY CODE[,CODE...] [COUNT]: queue faults at runtime (COUNT copies of CODE).
fault() {
    local codes=$2 i
    for ((i = 1; i < ${3:-1}; i++)); do codes+=",$2"; done
    curl -s -o /dev/null -w '%{http_code}' -X POST "$SBX_URL/_sandbox/fault" \
        --data-urlencode "path=$1" --data-urlencode "codes=$codes" | grep -qx 200 || {
        echo "cannot queue fault $1=$codes"
        exit 1
    }
}

# requests_count NET:KEY [SINCE]: how many requests that route received (after request number SINCE).
requests_count() {
    curl -s "$SBX_URL/_sandbox/requests?since=${2:-0}" |
        "$PY" -c "import json,sys; print(json.load(sys.stdin).get(sys.argv[1], 0))" "$1"
}

# requests_mark: the number of the last request so far, for requests_count's SINCE.
requests_mark() {
    curl -s -D - -o /dev/null "$SBX_URL/_sandbox/requests" | sed -n 's/^X-Sandbox-Requests: *\([0-9]*\).*/\1/ip'
}
