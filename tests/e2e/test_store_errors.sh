#!/usr/bin/env bash
# A token file that cannot be read (issue 15): a corrupt one (cut short, garbage, wrong version byte,
# not JSON inside) is told apart from one written with another key, and every action's message names
# the fix -- not only authorize's.  No network: the store is read before anything is sent.
set -u

AGORAS=${AGORAS_BIN:?set AGORAS_BIN to the agoras binary}
SRC=${AGORAS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
DATA=$SRC/tests/data
[[ -d ${AGORAS_TESTDATA:-}/agoras-store ]] && DATA=$AGORAS_TESTDATA
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
FAILS=0

for v in $(env | sed -n 's/^\(TIKTOK_[A-Z_]*\)=.*/\1/p'); do unset "$v"; done
unset AGORAS_STORAGE_KEY
export HOME=$T/home AGORAS_STORAGE_DIR=$T/store NO_COLOR=1
export AGORAS_TIKTOK_API_BASE=http://127.0.0.1:9 AGORAS_TIKTOK_AUTHORIZE_URL=http://127.0.0.1:9/auth/
mkdir -p "$HOME"
TOK=$T/store/tokens

fresh_store() {
    rm -rf "$T/store"
    cp -r "$DATA/agoras-store" "$T/store"
    chmod -R u+w "$T/store"
}

# check NAME RC TEXT... -- ARGS: agoras ARGS exits RC and its stderr contains every TEXT.
check() {
    local name=$1 want_rc=$2 rc=0
    shift 2
    local texts=()
    while [[ $1 != -- ]]; do texts+=("$1"); shift; done
    shift
    "$AGORAS" "$@" >"$T/out" 2>"$T/err" </dev/null || rc=$?
    [[ $rc == "$want_rc" ]] || { echo "FAIL: $name: exit $rc, expected $want_rc: $(cat "$T/err")"; FAILS=$((FAILS + 1)); return; }
    for t in "${texts[@]}"; do
        grep -qF -- "$t" "$T/err" || { echo "FAIL: $name: stderr lacks '$t': $(cat "$T/err")"; FAILS=$((FAILS + 1)); return; }
    done
    echo "ok: $name"
}

CORRUPT_FIX="run 'agoras tiktok authorize --force' to replace it, or 'agoras utils tokens delete --platform tiktok --identifier default'"
KEY_FIX="set AGORAS_STORAGE_KEY to the key that wrote it"
ACTIONS=("tiktok whoami" "tiktok status --publish-id v_pub_1" "tiktok video --video-url https://127.0.0.1:9/v.mp4 --dry-run"
    "utils tokens show --platform tiktok --identifier default")

# Corrupt files: every action says "corrupt" and both ways out, and never blames the key.
for kind in truncated garbage version notjson; do
    fresh_store
    f=$TOK/tiktok-default.token
    case $kind in
    truncated) head -c 60 "$f" >"$T/x" && cp "$T/x" "$f" ;;
    garbage) printf 'hello, I am not a token' >"$f" ;;
    version) sed -i '1s/^g/A/' "$f" ;;
    notjson) printf 'not json' | python3 "$SRC/tests/unit/fernet_check.py" encrypt "$T/store/.key" "$f" ;;
    esac
    rm -f "$TOK/tiktok-myawesomehandle.token" # the default is then the only account every action reads
    for action in "${ACTIONS[@]}"; do
        # shellcheck disable=SC2086
        check "$kind file, $action" 1 "'$f' is corrupt" "$CORRUPT_FIX" -- $action
        if grep -q "another key" "$T/err"; then echo "FAIL: $kind file blamed on the key"; FAILS=$((FAILS + 1)); fi
    done
    check "$kind file, authorize without --force" 1 "is corrupt" "$CORRUPT_FIX" -- \
        tiktok authorize --client-key ck --client-secret cs --username default --no-browser --timeout 1
done

# A wrong key: the same fix from every action, and the file is not called corrupt.
fresh_store
rm -f "$TOK/tiktok-myawesomehandle.token"
export AGORAS_STORAGE_KEY=cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=
for action in "${ACTIONS[@]}"; do
    # shellcheck disable=SC2086
    check "wrong key (env), $action" 1 "written with another key than the one in AGORAS_STORAGE_KEY" "$KEY_FIX" -- $action
    if grep -q "corrupt" "$T/err"; then echo "FAIL: a wrong key called corrupt"; FAILS=$((FAILS + 1)); fi
done
unset AGORAS_STORAGE_KEY
printf 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=' >"$T/store/.key"
check "wrong key (.key file)" 1 "written with another key than the one in $T/store/.key" "$KEY_FIX" -- tiktok whoami

if ((FAILS)); then
    echo "$FAILS failure(s)"
    exit 1
fi
echo "all store error checks passed"
