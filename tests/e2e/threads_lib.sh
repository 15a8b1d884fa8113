# Helpers for the Threads end-to-end tests.  Source after lib.sh and client_lib.sh.  The world is the
# emulator's built-in one (the Threads contract): app 1000000000000001, user 17841400000000001, the
# tokens THQVJsbx-threads-long-lived (2 days old), -fresh (1 h old) and -expired (190/463).
TH_APP_ID=1000000000000001
TH_APP_SECRET=sbx-threads-app-secret
TH_USER=17841400000000001
TH_LONG=THQVJsbx-threads-long-lived
TH_FRESH=THQVJsbx-threads-fresh
TH_EXPIRED=THQVJsbx-threads-expired
TH_REDIRECT=https://127.0.0.1:8443/callback/

# th_env [store dir]: point agoras at the last sandbox started, with a fresh store and the app's
# credentials in the environment (no token: th_env_token adds one).
th_env() {
    export AGORAS_STORAGE_DIR=${1:-$T/store.$RANDOM}
    export AGORAS_THREADS_API_BASE=$SBX_URL/threads
    export AGORAS_THREADS_AUTHORIZE_URL=$SBX_URL/threads/oauth/authorize
    export THREADS_APP_ID=$TH_APP_ID THREADS_APP_SECRET=$TH_APP_SECRET
    unset THREADS_REFRESH_TOKEN THREADS_USER_ID THREADS_WHO_CAN_REPLY THREADS_VIDEO_URL THREADS_VIDEO_TITLE \
        THREADS_POST_ID THREADS_REDIRECT_URI STATUS_TEXT STATUS_LINK STATUS_IMAGE_URL_1 STATUS_IMAGE_URL_2
}

# th_env_token [token]: a CI run: the long-lived token and the user id from the environment.
th_env_token() { export THREADS_REFRESH_TOKEN=${1:-$TH_LONG} THREADS_USER_ID=$TH_USER; }

# th_authorize PASTE_FN [args...]: run 'agoras threads authorize', wait for the consent URL on its
# stderr, and write to its stdin what "PASTE_FN URL" prints (the address the browser was sent to).
# Sets RC, $OUT and $ERR as run_agoras does.
th_authorize() {
    local paste=$1 fifo="$T/paste.$RANDOM" url="" i
    shift
    mkfifo "$fifo"
    "$AGORAS_BIN" threads authorize "$@" <"$fifo" >"$OUT" 2>"$ERR" &
    local pid=$!
    exec 7>"$fifo"
    for i in $(seq 1 100); do
        url=$(grep -o "$SBX_URL/threads/oauth/authorize[^ ]*" "$ERR" | head -1)
        [ -n "$url" ] || ! kill -0 "$pid" 2>/dev/null && break
        sleep 0.05
    done
    [ -n "$url" ] && "$paste" "$url" >&7
    exec 7>&-
    wait "$pid" && RC=0 || RC=$?
    rm -f "$fifo"
    cat "$OUT" "$ERR" >>"$SECRETS_LOG"
}

# Paste functions: where the consent page (--auto-approve) sends the browser, as is or altered.
th_location() { curl -s -o /dev/null -w '%{redirect_url}' "$1"; }
th_paste_ok() { th_location "$1"; echo; }
th_paste_bad_state() { th_location "$1" | sed 's/state=[^&#]*/state=forged/'; echo; }
th_paste_denied() { echo "$TH_REDIRECT?error=access_denied&error_reason=user_denied&error_description=The+user+denied+your+request#_"; }

# th_mark, then th_sent KEY: how many requests threads:KEY received since the mark.
th_mark() { MARK=$(requests_mark); }
th_sent() { requests_count "threads:$1" "$MARK"; }

# th_post ID EXPR: a Python expression over the emulator's post ID (as p); "none" if absent.
th_post() {
    curl -s "$SBX_URL/_sandbox/state?network=threads" | "$PY" -c "
import json, sys
d = json.load(sys.stdin)
p = [p for p in d.get('posts', []) if p.get('id') == sys.argv[1]]
print(eval(sys.argv[2], {'p': p[0]}) if p else 'none')" "$1" "$2"
}

# th_record_edit PY_STATEMENTS: edit the stored record (as r, a dict) of the app, in both files.
th_record_edit() {
    local f
    for f in "$AGORAS_STORAGE_DIR/tokens/threads-$TH_APP_ID.token" "$AGORAS_STORAGE_DIR/tokens/threads-default.token"; do
        "$PY" -c "
import json, subprocess, sys, time
key, path = sys.argv[1], sys.argv[2]
check = sys.argv[3]
r = json.loads(subprocess.run([check, 'decrypt', key, path], capture_output=True, check=True).stdout)
$1
subprocess.run([check, 'encrypt', key, path], input=json.dumps(r).encode(), check=True)
" "$AGORAS_STORAGE_DIR/.key" "$f" "$TH_FERNET"
    done
}
TH_FERNET=${AGORAS_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}/tests/unit/fernet_check.py

# th_stored FIELD: a field of the stored record (unmasked).
th_stored() {
    "$AGORAS_BIN" utils tokens show --platform threads --identifier "$TH_APP_ID" --field "$1" 2>/dev/null
}

# th_state PY_EXPR: a Python expression over the emulator's Threads section (as s).
th_state() {
    curl -s "$SBX_URL/_sandbox/state?network=threads" | "$PY" -c "import json,sys; s=json.load(sys.stdin); print($1)"
}

# holds NAME CONDITION: the shell condition is true.
holds() { if eval "$2"; then ok; else fail "$1: not true: $2"; fi; }

# out_id: the "id" of the result line.
out_id() { "$PY" -c "import json,sys; print(json.load(open(sys.argv[1]))['id'])" "$OUT" 2>/dev/null; }
