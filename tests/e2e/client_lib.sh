# Helpers for end-to-end tests of the agoras client against agoras-sandbox.  Source after lib.sh.
# run_agoras captures stdout, stderr and the exit code of one agoras run; the assertions below
# read them.  Every run uses a private token store under $T (never the user's ~/.agoras).

: "${AGORAS_BIN:=$AGORAS_BUILD_DIR/src/cli/agoras}"
OUT="$T/out"
ERR="$T/err"
RC=0
SECRETS_LOG="$T/all-output"
: >"$SECRETS_LOG"

free_port() {
    "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# client_env [store dir]: point agoras at the last sandbox started, with a fresh store.
client_env() {
    export AGORAS_STORAGE_DIR=${1:-$T/store.$RANDOM}
    export AGORAS_TIKTOK_API_BASE=$SBX_URL
    export AGORAS_TIKTOK_AUTHORIZE_URL=$SBX_URL/v2/auth/authorize/
    export TIKTOK_CLIENT_KEY=$CLIENT_KEY TIKTOK_CLIENT_SECRET=$CLIENT_SECRET TIKTOK_USERNAME=sandbox_creator
    unset TIKTOK_REFRESH_TOKEN
    # A browser that clicks nothing: follow the sandbox's redirects to agoras's callback server.
    export BROWSER="curl -s -o /dev/null -L"
    CALLBACK_PORT=$(free_port)
    CALLBACK="http://127.0.0.1:$CALLBACK_PORT/callback/"
}

# run_agoras ARGS...: run agoras; sets RC, $OUT and $ERR.  Stdin comes from $AGORAS_STDIN if set.
run_agoras() {
    if [ -n "${AGORAS_STDIN:-}" ]; then
        "$AGORAS_BIN" "$@" >"$OUT" 2>"$ERR" <"$AGORAS_STDIN" && RC=0 || RC=$?
    else
        "$AGORAS_BIN" "$@" >"$OUT" 2>"$ERR" </dev/null && RC=0 || RC=$?
    fi
    cat "$OUT" "$ERR" >>"$SECRETS_LOG"
}

# authorize_ok: authorize sandbox_creator through the curl browser; fails the test otherwise.
authorize_ok() {
    run_agoras tiktok authorize --redirect-uri "$CALLBACK" --timeout 20 "$@"
    expect "authorize exit code" "$RC" 0
}

assert_rc() {
    expect "$1: exit code (stderr: $(head -c 300 "$ERR"))" "$RC" "$2"
}

# assert_err NAME TEXT: stderr contains TEXT (fixed string).
assert_err() {
    if grep -qF -- "$2" "$ERR"; then ok; else fail "$1: stderr lacks '$2': $(head -c 600 "$ERR")"; fi
}

assert_out() {
    if grep -qF -- "$2" "$OUT"; then ok; else fail "$1: stdout lacks '$2': $(head -c 600 "$OUT")"; fi
}

# stored_field FIELD [identifier]: a field of the stored tiktok token (unmasked).
stored_field() {
    "$AGORAS_BIN" utils tokens show --platform tiktok --identifier "${2:-sandbox_creator}" --field "$1" 2>/dev/null
}

# sandbox_state PY_EXPR: evaluate a Python expression over the sandbox's /_sandbox/state JSON (as s).
sandbox_state() {
    curl -s "$SBX_URL/_sandbox/state" | "$PY" -c "import json,sys; s=json.load(sys.stdin); print($1)"
}

# assert_no_secrets VALUE...: none of the values appears in anything agoras printed in this test.
assert_no_secrets() {
    local v
    for v in "$@"; do
        [ -n "$v" ] || continue
        if grep -qF -- "$v" "$SECRETS_LOG"; then fail "a secret was printed: ${v:0:6}…"; else ok; fi
    done
}
