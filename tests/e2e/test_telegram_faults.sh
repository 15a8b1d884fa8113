#!/usr/bin/env bash
# Faults on every Telegram request kind: flood control (429 + retry_after) waited once then sent
# again; a send that got a 5xx, no answer or a stall is exit 6 and went out exactly once; reads and
# deleteMessage are retried; a wait over 60 s is exit 5 saying when; the token never printed, even
# at DEBUG.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/client_lib.sh"
source "$(dirname "$0")/telegram_lib.sh"

mkdir -p "$T/media"
ffmpeg -loglevel error -y -f lavfi -i testsrc=size=320x240 -frames:v 1 "$T/media/p.jpg"
sbx_start --media-dir "$T/media" --stall-ms 4000
tg_env

# run_kind KIND: run the action that makes request KIND (at DEBUG, so the log is checked too).
run_kind() {
    case $1 in
    getMe | getChat) run_agoras telegram authorize --chat-id "$CHAT" -l DEBUG ;;
    sendMessage) run_agoras telegram post --text hi -l DEBUG ;;
    sendPhoto) run_agoras telegram post --text hi --image-1 "$T/media/p.jpg" -l DEBUG ;;
    sendMediaGroup) run_agoras telegram post --image-1 "$T/media/p.jpg" --image-2 "$SBX_URL/media/p.jpg" -l DEBUG ;;
    sendVideo) run_agoras telegram video --video-url "$SBX_URL/media/p.jpg" -l DEBUG ;;
    deleteMessage)
        run_agoras telegram post --text "to delete"
        run_agoras telegram delete --post-id "$(out_id)" -l DEBUG
        ;;
    esac
}
# The emulator takes any file as a video (only its size is checked), so a JPEG stands in for one.

MAYBE="may have been posted: check the chat before retrying"
for kind in getMe getChat sendMessage sendPhoto sendMediaGroup sendVideo deleteMessage; do
    # Flood control: waited (retry_after 1) and sent again, once.
    fault "telegram:$kind" 429
    tg_mark
    run_kind $kind
    assert_rc "$kind 429 then success" 0
    expect "$kind 429: sent twice" "$(tg_sent $kind)" 2

    case $kind in
    send*)
        for f in 500 drop stall; do
            fault "telegram:$kind" $f
            tg_mark
            AGORAS_HTTP_TIMEOUT_S=2 run_kind $kind
            assert_rc "$kind $f: outcome unknown" 6
            assert_err "$kind $f: says so" "$MAYBE"
            expect "$kind $f: sent exactly once" "$(tg_sent $kind)" 1
        done
        ;;
    *)
        # Reads and deletes may be sent again: each fault is followed by a success.
        for f in 500 drop stall; do
            fault "telegram:$kind" $f
            tg_mark
            AGORAS_HTTP_TIMEOUT_S=2 run_kind $kind
            assert_rc "$kind $f then success" 0
            expect "$kind $f: retried once" "$(tg_sent $kind)" 2
        done
        fault "telegram:$kind" 500 3
        run_kind $kind
        assert_rc "$kind: 5xx every time" 5
        ;;
    esac
done

# Flood control asking for more than 60 s: not waited, exit 5 saying when to retry.
sbx_start --media-dir "$T/media" --retry-after 120
tg_env
fault telegram:sendMessage 429
tg_mark
run_agoras telegram post --text hi
assert_rc "retry_after 120" 5
assert_err "retry_after 120: when" "retry after 120 s"
expect "retry_after 120: sent once" "$(tg_sent sendMessage)" 1

# Nothing listening: nothing was sent, safe to retry.
AGORAS_TELEGRAM_API_BASE=http://127.0.0.1:$(free_port)/telegram run_agoras telegram post --text hi -l DEBUG
assert_rc "connection refused" 5

assert_no_secrets "$TOKEN" sbx-telegram-token
finish
