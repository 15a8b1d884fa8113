#!/usr/bin/env bash
# Store trust (issue 14): an empty or blank AGORAS_STORAGE_KEY is a missing CI secret (exit 2, no new
# .key); a store directory, key or token file that belongs to another user or is writable by group or
# others is refused (exit 1, naming the path and the chmod); a key readable by group or others is
# warned about once; a FIFO (or any non-regular file) at a token path or at .key is refused at once.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/client_lib.sh"

sbx_start --auto-approve
client_env
authorize_ok
S=$AGORAS_STORAGE_DIR
TOKEN=$S/tokens/tiktok-sandbox_creator.token
DEFAULT=$S/tokens/tiktok-default.token

# ---- 6. AGORAS_STORAGE_KEY set but empty or blank ----
for value in "" " " $'\t\n'; do
    for cmd in "tiktok whoami" "utils tokens list"; do
        # shellcheck disable=SC2086
        AGORAS_STORAGE_KEY=$value run_agoras $cmd
        assert_rc "$cmd with AGORAS_STORAGE_KEY='$value'" 2
        assert_err "$cmd: empty key named" "AGORAS_STORAGE_KEY is set but"
        assert_err "$cmd: the fix" "the CI secret is missing; set it or unset the variable"
    done
done
# The CI case: an empty store, the four TIKTOK_* variables and an empty key secret: nothing is created.
(
    export AGORAS_STORAGE_DIR=$T/ci-store TIKTOK_REFRESH_TOKEN=$(stored_field refresh_token) AGORAS_STORAGE_KEY=
    run_agoras tiktok whoami
    assert_rc "unattended run with an empty key secret" 2
    [ ! -e "$T/ci-store" ] && ok || fail "an empty AGORAS_STORAGE_KEY created $(find "$T/ci-store")"
)

# ---- 7. owner and mode ----
# refused PATH BAD_MODE GOOD_MODE FIX [USER]: with PATH at BAD_MODE, whoami (as USER; empty reads
# tiktok-default first) exits 1 naming PATH and FIX.
refused() {
    chmod "$2" "$1"
    TIKTOK_USERNAME=${5-sandbox_creator} run_agoras tiktok whoami
    assert_rc "whoami with $1 at mode $2" 1
    assert_err "names $1" "'$1'"
    assert_err "says how to fix $1" "run '$4 $1'"
    chmod "$3" "$1"
}
refused "$S" 770 700 "chmod 700"
refused "$S" 707 700 "chmod 700"
refused "$S/tokens" 720 700 "chmod 700"
refused "$S/tokens" 703 700 "chmod 700"
refused "$S/.key" 660 600 "chmod 600"
refused "$S/.key" 602 600 "chmod 600"
refused "$TOKEN" 620 600 "chmod 600"
refused "$DEFAULT" 606 600 "chmod 600" ""
run_agoras tiktok whoami
assert_rc "whoami once the modes are fixed" 0

if [ "$(id -u)" = 0 ]; then
    for p in "$S" "$S/tokens" "$S/.key" "$TOKEN"; do
        chown nobody "$p"
        run_agoras tiktok whoami
        assert_rc "whoami with $p owned by nobody" 1
        assert_err "names the owner of $p" "'$p' belongs to uid $(id -u nobody), not to you (uid 0)"
        chown root "$p"
    done
else
    echo "SKIP: owned-by-another-user checks need root (chown); the mode checks above ran"
fi

# A key readable by group or others: one warning per run, however often the run reads the key.
chmod 644 "$S/.key"
run_agoras tiktok whoami
assert_rc "whoami with a readable key" 0
expect "one warning about the readable key" "$(grep -c "readable by group or others" "$ERR")" 1
assert_err "the warning names the fix" "run 'chmod 600 $S/.key'"
# Readable token files are fine: they are encrypted.
chmod 600 "$S/.key"
chmod 644 "$TOKEN" "$DEFAULT"
run_agoras tiktok whoami
assert_rc "whoami with readable token files" 0
expect "no warning for readable token files" "$(grep -c "warning" "$ERR")" 0
chmod 600 "$TOKEN" "$DEFAULT"

# ---- 10. non-regular files: refused at once, never waited on ----
# nonregular PATH KIND USER: replace PATH by KIND; whoami (as USER: empty reads tiktok-default first)
# fails at once naming it.
nonregular() {
    local path=$1 kind=$2
    mv "$path" "$T/saved"
    case "$kind" in
    "a FIFO") mkfifo "$path" ;;
    "a directory") mkdir "$path" ;;
    "a device") ln -s /dev/zero "$path" ;;
    esac
    RC=0
    TIKTOK_USERNAME=$3 timeout 20 "$AGORAS_BIN" tiktok whoami >"$OUT" 2>"$ERR" </dev/null || RC=$?
    cat "$OUT" "$ERR" >>"$SECRETS_LOG"
    assert_rc "whoami with $kind at $path (124 = it hung)" 1
    assert_err "names $kind at $path" "'$path' is $kind, not a regular file"
    rm -rf "$path"
    mv "$T/saved" "$path"
}
nonregular "$DEFAULT" "a FIFO" ""
nonregular "$TOKEN" "a FIFO" sandbox_creator
nonregular "$S/.key" "a FIFO" sandbox_creator
nonregular "$S/.key" "a directory" ""
nonregular "$TOKEN" "a device" sandbox_creator
run_agoras tiktok whoami
assert_rc "whoami with the files back" 0

assert_no_secrets "$CLIENT_SECRET" "$(stored_field refresh_token)" "$(stored_field access_token)"
finish
