# Helpers for the Telegram end-to-end tests.  Source after lib.sh and client_lib.sh.
TOKEN=123456:sbx-telegram-token
CHAT=@sbx_channel
CHAT_NUM=-1001000000001

# tg_env [store dir]: point agoras at the last sandbox started, with a fresh store and the sandbox's bot
# and chat in the environment.
tg_env() {
    export AGORAS_STORAGE_DIR=${1:-$T/store.$RANDOM}
    export AGORAS_TELEGRAM_API_BASE=$SBX_URL/telegram
    export TELEGRAM_BOT_TOKEN=$TOKEN TELEGRAM_CHAT_ID=$CHAT
    unset TELEGRAM_PARSE_MODE TELEGRAM_MESSAGE_ID STATUS_TEXT STATUS_LINK VIDEO_URL VIDEO_TITLE
}

# tg_sent METHOD: how many requests METHOD received since the last tg_mark.
tg_mark() { MARK=$(requests_mark); }
tg_sent() { requests_count "telegram:$1" "$MARK"; }

# tg_message CHAT_ID MESSAGE_ID FIELD: a field of a message in the emulator's state.
tg_message() {
    curl -s "$SBX_URL/_sandbox/state?network=telegram" | "$PY" -c "
import json, sys
d = json.load(sys.stdin)
m = [m for m in d['messages'] if m['chat_id'] == int(sys.argv[1]) and m['message_id'] == int(sys.argv[2])]
print(m[0].get(sys.argv[3]) if m else 'none')" "$1" "$2" "$3"
}

# out_id: the "id" of the result line.
out_id() { "$PY" -c "import json,sys; print(json.load(open(sys.argv[1]))['id'])" "$OUT" 2>/dev/null; }
