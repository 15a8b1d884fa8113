#!/usr/bin/env bash
# agoras tiktok authorize when the browser cannot help (issue 15.1) and what the browser is told
# (issue 14.2): a browser command that fails (xdg-open's exit 3 on a headless machine, a crash)
# falls back at once to the paste prompt, the pasted redirect completes the flow while the
# callback server still listens; the browser's environment holds none of agoras's secrets.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/client_lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
PROMPT="paste the address your browser was sent to"

sbx_start --auto-approve

# paste_flow NAME BROWSER: authorize with BROWSER, stdin a pipe (not a terminal); the paste
# prompt must come within 2 s (not after the timeout); paste the redirect; exit 0.
paste_flow() {
    local name=$1 i
    client_env
    rm -f "$T/paste" "$T/paste.rc"
    mkfifo "$T/paste"
    (BROWSER=$2 AGORAS_STDIN=$T/paste run_agoras tiktok authorize --redirect-uri "$CALLBACK" --timeout 20
     echo "$RC" >"$T/paste.rc") &
    local pid=$!
    exec 7>"$T/paste"
    for i in $(seq 20); do grep -qF "$PROMPT" "$ERR" 2>/dev/null && break; sleep 0.1; done
    if grep -qF "$PROMPT" "$ERR"; then ok; else fail "$name: no paste prompt within 2 s: $(head -c 400 "$ERR")"; fi
    local auth_url
    auth_url=$(grep -o "$SBX_URL/v2/auth/authorize/[^ ]*" "$ERR" | head -1)
    curl -s -o /dev/null -w '%{redirect_url}\n' "$auth_url" >&7
    exec 7>&-
    wait "$pid"
    expect "$name: exit code ($(head -c 300 "$ERR"))" "$(cat "$T/paste.rc")" 0
    assert_err "$name: authorized" "Authorized @sandbox_creator"
}

# 1. xdg-open without a browser (exit 3): the reason is shown, the prompt comes at once.
paste_flow "browser exits 3" "$HERE/browsers/exit3.sh"
assert_err "exit 3 is explained" "exited with status 3"
assert_err "the way out is named" "BROWSER"

# 2. A browser killed by a signal, and one that cannot be executed: the same fallback.
paste_flow "browser killed" "$HERE/browsers/crash.sh"
assert_err "signal is explained" "killed by signal 15"
paste_flow "browser not executable" "/dev/null"

# 3. Without a pasted URL the callback server still wins: a failing command, then curl.
client_env
BROWSER="$HERE/browsers/exit3.sh:curl -s -o /dev/null -L" run_agoras tiktok authorize --redirect-uri "$CALLBACK" --timeout 20
assert_rc "second browser command after a failing one" 0

# 4. The browser's environment: no secret of any network, the session variables kept.
client_env
KEY=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_')
(export AGORAS_STORAGE_KEY=$KEY TIKTOK_REFRESH_TOKEN=rt-env-secret-1 DISCORD_BOT_TOKEN=bot-secret-2 \
     TWITTER_OAUTH_SECRET=oauth-secret-3 FACEBOOK_ACCESS_TOKEN=access-secret-4 DEPLOY_PRIVATE_KEY=pk-secret-5 \
     SMTP_PASSWORD=pw-secret-6 DISPLAY=:77 WAYLAND_DISPLAY=wayland-77 XDG_RUNTIME_DIR=/run/user/77 \
     XDG_ACTIVATION_TOKEN=activation-77
 BROWSER="$HERE/browsers/env-dump.sh $T/browser-env %s" run_agoras tiktok authorize --redirect-uri "$CALLBACK" \
     --timeout 20 --force
 echo "$RC" >"$T/env.rc")
expect "authorize with the env-dumping browser ($(head -c 300 "$ERR"))" "$(cat "$T/env.rc")" 0
for secret in "$KEY" "$CLIENT_SECRET" rt-env-secret-1 bot-secret-2 oauth-secret-3 access-secret-4 pk-secret-5 pw-secret-6; do
    if grep -qF -- "$secret" "$T/browser-env"; then fail "the browser was given a secret: ${secret:0:6}…"; else ok; fi
done
for name in AGORAS_STORAGE_KEY TIKTOK_CLIENT_SECRET TIKTOK_REFRESH_TOKEN DISCORD_BOT_TOKEN; do
    if grep -q "^$name=" "$T/browser-env"; then fail "the browser was given $name"; else ok; fi
done
for kept in DISPLAY=:77 WAYLAND_DISPLAY=wayland-77 XDG_RUNTIME_DIR=/run/user/77 XDG_ACTIVATION_TOKEN=activation-77 \
    "HOME=$HOME" "PATH=$PATH"; do
    if grep -qxF -- "$kept" "$T/browser-env"; then ok; else fail "the browser lacks $kept"; fi
done
finish
