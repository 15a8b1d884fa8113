# Helpers for the Discord end-to-end tests.  Source after lib.sh and client_lib.sh.  The world is the
# emulator's built-in one (the Discord contract): one bot, "Sandbox Server" with #general, and the
# traps (Twin twice, #dup twice, #voice-room, #read-only).
DC_TOKEN=MTAwMDAwMDAwMDAwMDAwMDAx.sbx.discord-bot-token
DC_SERVER="Sandbox Server"
DC_SERVER_ID=2000000000000000001
DC_GENERAL_ID=3000000000000000001

# dc_env [store dir]: point agoras at the last sandbox started, with a fresh store and the bot, server
# and channel in the environment.
dc_env() {
    export AGORAS_STORAGE_DIR=${1:-$T/store.$RANDOM}
    export AGORAS_DISCORD_API_BASE=$SBX_URL/discord
    export DISCORD_BOT_TOKEN=$DC_TOKEN DISCORD_SERVER_NAME=$DC_SERVER DISCORD_CHANNEL_NAME=general
    unset STATUS_TEXT STATUS_LINK VIDEO_URL VIDEO_TITLE DISCORD_VIDEO_URL DISCORD_VIDEO_TITLE POST_ID DISCORD_POST_ID
}

# dc_mark, then dc_sent KEY: how many requests discord:KEY received since the mark.
dc_mark() { MARK=$(requests_mark); }
dc_sent() { requests_count "discord:$1" "$MARK"; }

# dc_message ID EXPR: a Python expression over the emulator's message ID (as m); "none" if absent.
dc_message() {
    curl -s "$SBX_URL/_sandbox/state?network=discord" | "$PY" -c "
import json, sys
d = json.load(sys.stdin)
m = [m for m in d['messages'] if m['id'] == sys.argv[1]]
print(eval(sys.argv[2], {'m': m[0]}) if m else 'none')" "$1" "$2"
}

# dc_count [EXPR]: how many messages exist (not deleted) in the emulator, EXPR filtering them (as m).
dc_count() {
    curl -s "$SBX_URL/_sandbox/state?network=discord" | "$PY" -c "
import json, sys
d = json.load(sys.stdin)
print(sum(1 for m in d['messages'] if not m.get('deleted') and eval(sys.argv[1], {'m': m})))" "${1:-True}"
}

# out_id: the "id" of the result line.
out_id() { "$PY" -c "import json,sys; print(json.load(open(sys.argv[1]))['id'])" "$OUT" 2>/dev/null; }
