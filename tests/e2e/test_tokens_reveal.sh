#!/usr/bin/env bash
# The seed's CI recipe (issue 15): `utils tokens show` masks secrets, on a terminal (a pty made by
# script(1)) and in a pipe alike; --reveal prints them in clear in both; on a terminal a masked
# listing says how to reveal.  Piped output without --reveal stays byte for byte Agoras's.
set -u

AGORAS=${AGORAS_BIN:?set AGORAS_BIN to the agoras binary}
. "$(dirname "$0")/python_store.sh"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
FAILS=0
unset AGORAS_STORAGE_KEY
export HOME=$T/home AGORAS_STORAGE_DIR=$T/store
mkdir -p "$HOME"
copy_python_store "$T/store"
command -v script >/dev/null || { echo "script(1) is missing: install bsdutils (scripts/install-deps)"; exit 1; }

REFRESH=$("$AGORAS" utils tokens show --platform tiktok --identifier myawesomehandle --field refresh_token)
SECRET=$("$AGORAS" utils tokens show --platform tiktok --identifier myawesomehandle --field client_secret)
[[ ${#REFRESH} -gt 8 && ${#SECRET} -gt 8 ]] || { echo "FAIL: no refresh token or secret to look for"; exit 1; }
SHOW=(utils tokens show --platform tiktok --identifier myawesomehandle)

has() { grep -qF -- "$2" "$3" || { echo "FAIL: $1: lacks '$2'"; sed 's/^/  | /' "$3"; FAILS=$((FAILS + 1)); }; }
lacks() { ! grep -qF -- "$2" "$3" || { echo "FAIL: $1: shows '$2'"; FAILS=$((FAILS + 1)); }; }

# On a terminal: stdout and stderr both go to the pty script(1) records.
on_pty() {
    script -qec "$(printf '%q ' "$AGORAS" "$@")" /dev/null >"$T/pty" 2>&1 </dev/null
}

on_pty "${SHOW[@]}" || { echo "FAIL: show on a pty exited $?"; FAILS=$((FAILS + 1)); }
has "pty, masked" "refresh_token: ${REFRESH:0:4}...${REFRESH: -4}" "$T/pty"
lacks "pty, masked" "$REFRESH" "$T/pty"
lacks "pty, masked" "$SECRET" "$T/pty"
has "pty, masked: the hint" "add --reveal to print them in clear" "$T/pty"

on_pty "${SHOW[@]}" --reveal || { echo "FAIL: show --reveal on a pty exited $?"; FAILS=$((FAILS + 1)); }
has "pty, --reveal" "refresh_token: $REFRESH" "$T/pty"
has "pty, --reveal" "client_secret: $SECRET" "$T/pty"
lacks "pty, --reveal: no hint" "add --reveal" "$T/pty"

"$AGORAS" "${SHOW[@]}" 2>"$T/err" | cat >"$T/pipe"
has "pipe, masked" "refresh_token: ${REFRESH:0:4}...${REFRESH: -4}" "$T/pipe"
lacks "pipe, masked" "$REFRESH" "$T/pipe"
[[ ! -s $T/err ]] || { echo "FAIL: pipe: stderr is not empty: $(cat "$T/err")"; FAILS=$((FAILS + 1)); }

"$AGORAS" "${SHOW[@]}" --reveal 2>"$T/err" | cat >"$T/pipe"
has "pipe, --reveal" "refresh_token: $REFRESH" "$T/pipe"
has "pipe, --reveal" "client_secret: $SECRET" "$T/pipe"
# The seed's recipe, then what it says to do with the value: paste it as TIKTOK_REFRESH_TOKEN.
got=$(sed -n 's/^  refresh_token: //p' "$T/pipe")
[[ $got == "$REFRESH" ]] || { echo "FAIL: the refresh token copied from --reveal is not the stored one"; FAILS=$((FAILS + 1)); }

# --no-reveal (the default) and the help.
"$AGORAS" "${SHOW[@]}" --no-reveal >"$T/pipe" 2>&1
lacks "--no-reveal" "$REFRESH" "$T/pipe"
"$AGORAS" utils tokens show --help >"$T/help"
has "help" "--[no-]reveal" "$T/help"

if ((FAILS)); then
    echo "$FAILS failure(s)"
    exit 1
fi
echo "all reveal checks passed"
