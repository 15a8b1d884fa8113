#!/usr/bin/env bash
# A store that cannot take a rotated token never costs the grant (issue 14): before TikTok is asked
# to rotate (refresh) and before authorize opens the browser, agoras proves the token files can be
# replaced.  "Cannot" is made two ways: a file-size limit of 0 (`ulimit -f 0`: every write fails with
# EFBIG, as on a full disk) and an immutable tokens directory (`chattr +i`, which stops root too).
# Temp files of a killed write are removed by the next write.  A held refresh lock is waited on with
# a bound (AGORAS_LOCK_TIMEOUT), saying so after 2 s, then exit 5.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/client_lib.sh"

# 2 s access tokens: a run that starts 2 s after the last refresh has to refresh (and rotate).
sbx_start --auto-approve --access-ttl 2
client_env
authorize_ok
S=$AGORAS_STORAGE_DIR
grants() { sandbox_state "len(s['grants'])"; }

# run_limited CMD...: run agoras with a file-size limit of 0; its output goes through a pipe (the
# limit would stop it from reaching a file).  Sets RC, $OUT (stdout and stderr together) and $ERR.
run_limited() {
    RC=$( (
        ulimit -f 0
        "$AGORAS_BIN" "$@" 2>&1 </dev/null
        echo "rc=$?"
    ) | tee "$T/limited" | sed -n 's/^rc=//p')
    grep -v '^rc=' "$T/limited" >"$ERR"
    cp "$ERR" "$OUT"
    cat "$ERR" >>"$SECRETS_LOG"
}

# ---- 8. refresh with a store that cannot be written ----
R1=$(stored_field refresh_token)
G1=$(grants)
sleep 2
run_limited tiktok whoami
assert_rc "refresh under ulimit -f 0" 1
assert_err "says the store cannot be written" "the token store cannot be written, so the TikTok token was not refreshed"
assert_err "says why" "File too large"
expect "TikTok was not asked to rotate" "$(grants)" "$G1"
expect "the stored refresh token is unchanged" "$(stored_field refresh_token)" "$R1"
run_agoras tiktok whoami
assert_rc "the grant survived: the next run refreshes" 0
[ "$(stored_field refresh_token)" != "$R1" ] && ok || fail "the next run did not rotate"

if chattr +i "$S/tokens" 2>/dev/null; then
    R2=$(stored_field refresh_token)
    G2=$(grants)
    sleep 2
    run_agoras tiktok whoami
    chattr -i "$S/tokens"
    assert_rc "refresh with an immutable tokens directory" 1
    assert_err "immutable: says the store cannot be written" "the token store cannot be written"
    expect "immutable: TikTok was not asked to rotate" "$(grants)" "$G2"
    expect "immutable: the stored refresh token is unchanged" "$(stored_field refresh_token)" "$R2"
    run_agoras tiktok whoami
    assert_rc "immutable: the grant survived" 0
else
    echo "SKIP: chattr +i is not supported here (the read-only directory case); ulimit -f 0 ran above"
fi

# ---- 8. authorize checks the store before the browser opens ----
cat >"$T/browser.sh" <<EOF
#!/bin/sh
touch "$T/browser-opened"
curl -s -o /dev/null -L "\$1"
EOF
chmod +x "$T/browser.sh"
G3=$(grants)
BROWSER=$T/browser.sh run_limited tiktok authorize --redirect-uri "$CALLBACK" --timeout 20
assert_rc "authorize under ulimit -f 0" 1
assert_err "authorize: says the store cannot be written" "the token store cannot be written, so authorization was not started"
[ ! -e "$T/browser-opened" ] && ok || fail "authorize opened the browser with a store it cannot write"
expect "authorize: no code was spent" "$(grants)" "$G3"

# ---- 8. temp files of a killed write are removed by the next write ----
for f in .tiktok-sandbox_creator.token.tmp.1 .tiktok-default.token.tmp.99999999; do
    echo partial >"$S/tokens/$f"
done
sleep 2
run_agoras tiktok whoami
assert_rc "refresh with leftover temp files" 0
expect "leftover temp files removed" "$(find "$S" -name '*.tmp.*' | wc -l)" 0

# ---- 10. a held refresh lock: a bounded wait that says so ----
LOCK=$S/tokens/.tiktok.lock
# hold_lock: another process holds the lock (an exec'd sleep keeps the descriptor; killing it frees it).
hold_lock() {
    rm -f "$T/held"
    (
        exec 9>>"$LOCK"
        flock 9
        touch "$T/held"
        exec sleep "$1"
    ) &
    HOLDER=$!
    for _ in $(seq 1 100); do [ -e "$T/held" ] && break; sleep 0.05; done
}
sleep 2
hold_lock 60
start=$SECONDS
AGORAS_LOCK_TIMEOUT=3 run_agoras tiktok whoami
took=$((SECONDS - start))
kill "$HOLDER"
wait "$HOLDER" 2>/dev/null
assert_rc "held lock: gives up" 5
assert_err "held lock: says why it waits" "waiting for another agoras run to finish refreshing the TikTok token (lock $LOCK)"
assert_err "held lock: says it gave up" "gave up after 3 s waiting for another agoras run"
[ "$took" -ge 3 ] && [ "$took" -le 15 ] && ok || fail "held lock: gave up after ${took}s, expected about 3"
# A holder that finishes in time: the run waits, says so, and succeeds.
hold_lock 3
run_agoras tiktok whoami
assert_rc "lock released in time" 0
assert_err "lock released in time: said it was waiting" "waiting for another agoras run to finish refreshing"
wait "$HOLDER" 2>/dev/null
AGORAS_LOCK_TIMEOUT=0 run_agoras tiktok whoami
assert_rc "AGORAS_LOCK_TIMEOUT=0 is a usage error" 2
assert_err "names the variable" "AGORAS_LOCK_TIMEOUT must be"

# The check does not stand in the way of authorize --force starting a new key after the old one was lost.
rm "$S/.key"
authorize_ok --force
run_agoras tiktok whoami
assert_rc "whoami after authorize --force with a new key" 0

assert_no_secrets "$CLIENT_SECRET" "$R1" "$(stored_field refresh_token)"
finish
