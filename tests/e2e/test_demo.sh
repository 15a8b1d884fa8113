#!/usr/bin/env bash
# make demo's steps (scripts/demo) on this build: both posts reach PUBLISH_COMPLETE, the output names
# the sandbox page, nothing is left running, and a second run works too.
source "$(dirname "$0")/lib.sh"

for run in 1 2; do
    DEMO_OUT="$T/demo" BUILD="$AGORAS_BUILD_DIR" bash "$AGORAS_SOURCE_DIR/scripts/demo" >"$T/demo.out" 2>&1
    rc=$?
    expect "demo run $run exit code ($(tail -5 "$T/demo.out"))" "$rc" 0
    for kind in video photo; do
        line=$(grep "^$kind result: " "$T/demo.out" | sed "s/^$kind result: //")
        expect "demo run $run $kind status" \
            "$(printf '%s' "$line" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["status"])' 2>/dev/null)" \
            PUBLISH_COMPLETE
    done
    grep -q "^sandbox page: http://127.0.0.1:[0-9]*/" "$T/demo.out" && ok || fail "demo run $run: no sandbox page URL"
    pgrep -f "agoras-sandbox.*$T/demo" >/dev/null && fail "demo run $run left the sandbox running" || ok
done
expect "token files are private" "$(stat -c %a "$T/demo/store/tokens/tiktok-sandbox_creator.token")" 600
finish
