#!/usr/bin/env bash
# Issue 15: trying the sandbox must not touch the user's real ~/.agoras.  agoras-sandbox prints on
# stderr the export lines that point agoras at it, with a token store of its own; a user who evals
# them, authorizes and posts leaves ~/.agoras alone (HOME is a temporary directory here).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/client_lib.sh"

export HOME=$T/home
mkdir -p "$HOME"
unset XDG_STATE_HOME AGORAS_STORAGE_DIR AGORAS_STORAGE_KEY AGORAS_TIKTOK_API_BASE AGORAS_TIKTOK_AUTHORIZE_URL
for v in $(env | sed -n 's/^\(TIKTOK_[A-Z_]*\)=.*/\1/p'); do unset "$v"; done
gen_video "$T/clip.mp4" 1 720x1280 30

# sandbox_exports: the export lines of the last sandbox started (they follow its port file).
sandbox_exports() {
    local i
    for i in $(seq 1 100); do
        grep -q "export AGORAS_STORAGE_DIR=" "$T/sandbox.log" && break
        sleep 0.05
    done
    # the lines after the last sandbox's heading, whatever the number of networks
    awk '/^To point agoras at this sandbox/ { n = 0; delete lines } /^  export / { lines[++n] = $0 }
         END { for (i = 1; i <= n; i++) print lines[i] }' "$T/sandbox.log"
}

# try_it: what the README says to do after pasting the lines.
try_it() {
    export BROWSER="curl -s -o /dev/null -L"
    CALLBACK="http://127.0.0.1:$(free_port)/callback/"
    run_agoras tiktok authorize --redirect-uri "$CALLBACK" --timeout 20
    expect "authorize exit code ($(head -c 300 "$ERR"))" "$RC" 0
    run_agoras tiktok video --video-file "$T/clip.mp4" --privacy SELF_ONLY
    expect "video exit code ($(head -c 300 "$ERR"))" "$RC" 0
    assert_out "video posted" '"status":"PUBLISH_COMPLETE"'
}

# The built-in world: the store goes under $XDG_STATE_HOME (default ~/.local/state).
sbx_start --auto-approve
exports=$(sandbox_exports)
for name in AGORAS_TIKTOK_API_BASE AGORAS_TIKTOK_AUTHORIZE_URL TIKTOK_CLIENT_KEY TIKTOK_CLIENT_SECRET \
    TIKTOK_USERNAME AGORAS_STORAGE_DIR; do
    if grep -q "export $name=" <<<"$exports"; then ok; else fail "the sandbox did not print export $name"; fi
done
eval "$exports"
expect "API base" "$AGORAS_TIKTOK_API_BASE" "$SBX_URL"
expect "consent page" "$AGORAS_TIKTOK_AUTHORIZE_URL" "$SBX_URL/v2/auth/authorize/"
expect "client key" "$TIKTOK_CLIENT_KEY" sbx_client_key
expect "store dir" "$AGORAS_STORAGE_DIR" "$HOME/.local/state/agoras-sandbox/store"
try_it
expect "tokens in the sandbox's store" "$(ls "$AGORAS_STORAGE_DIR/tokens" | grep -c '\.token$')" 2
if [ -e "$HOME/.agoras" ]; then fail "~/.agoras was created: $(ls -la "$HOME/.agoras")"; else ok; fi
sbx_stop

# With --state FILE (a world of one's own, here with its own names): the store is FILE.store.
unset AGORAS_STORAGE_DIR TIKTOK_CLIENT_KEY TIKTOK_CLIENT_SECRET TIKTOK_USERNAME
cat >"$T/world.json" <<'JSON'
{"apps": [{"client_key": "my_key", "client_secret": "it's secret", "redirect_uris": ["http://127.0.0.1:*/callback/"],
           "scopes": ["user.info.basic", "video.upload", "video.publish"], "audited": true}],
 "accounts": [{"username": "myhandle", "nickname": "Me",
               "privacy_level_options": ["PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"],
               "private_account": false}]}
JSON
: >"$T/sandbox.log"
sbx_start --auto-approve --state "$T/world.json"
eval "$(sandbox_exports)"
expect "state store dir" "$AGORAS_STORAGE_DIR" "$T/world.json.store"
expect "state client secret (quoted)" "$TIKTOK_CLIENT_SECRET" "it's secret"
expect "state username" "$TIKTOK_USERNAME" myhandle
try_it
if [ -e "$T/world.json.store/tokens/tiktok-myhandle.token" ]; then ok; else fail "no token in $T/world.json.store"; fi
if [ -e "$HOME/.agoras" ]; then fail "~/.agoras was created"; else ok; fi

finish
