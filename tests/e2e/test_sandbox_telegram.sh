#!/usr/bin/env bash
# Telegram's emulator (issue 16): the Bot API at /telegram/bot<token>/<method> as §4 of
# LINKEDIN_YOUTUBE_DISCORD_TELEGRAM_API.md documents it, driven with curl: the envelope, every
# method and refusal, the four ways parameters come, uploads, faults and request counts.
source "$(dirname "$0")/lib.sh"

TOKEN=123456:sbx-telegram-token
CHAT=@sbx_channel
sbx_start
TG="$SBX_URL/telegram/bot$TOKEN"

# tg_check NAME STATUS [DESCRIPTION-PREFIX]: the last answer's status, ok flag and description.
tg_check() {
    expect "$1: status" "$STATUS" "$2"
    if [ "$2" = 200 ]; then expect "$1: ok" "$(jget ok)" true; else
        expect "$1: ok" "$(jget ok)" false
        expect "$1: error_code" "$(jget error_code)" "$2"
        [ -z "${3:-}" ] || case "$(jget description)" in "$3"*) ok ;; *) fail "$1: description '$(jget description)'" ;; esac
    fi
}

# --- tokens, paths, methods ---
req GET "$TG/getMe"; tg_check getMe 200
expect "getMe is a bot" "$(jget result.is_bot)" true
req GET "$TG/GETME"; tg_check "method names are case-insensitive" 200
req GET "$SBX_URL/telegram/bot123456:wrong-token/getMe"; tg_check "unknown token" 401 Unauthorized
req GET "$SBX_URL/telegram/botnot-a-token/getMe"; tg_check "malformed token" 404 "Not Found"
req GET "$TG/getUpdatez"; tg_check "unknown method" 404 "Not Found"
req GET "$SBX_URL/telegram/elsewhere"; tg_check "not a bot path" 404 "Not Found"
if grep -- "->" "$T/sandbox.log" | grep -q "sbx-telegram-token"; then fail "the log shows the bot token"; else ok; fi

# --- chats ---
req GET "$TG/getChat?chat_id=$CHAT"; tg_check "getChat by username" 200
expect "channel id" "$(jget result.id)" -1001000000001
req GET "$TG/getChat?chat_id=@nobody"; tg_check "unknown chat" 400 "Bad Request: chat not found"
req GET "$TG/getChat"; tg_check "no chat_id" 400 "Bad Request: chat_id is empty"

# --- sendMessage, four ways ---
req GET "$TG/sendMessage?chat_id=$CHAT&text=hello"; tg_check "query string" 200
first=$(jget result.message_id)
req POST "$TG/sendMessage" --data-urlencode "chat_id=$CHAT" --data-urlencode "text=<b>bold</b> &amp; more" \
    --data-urlencode parse_mode=HTML; tg_check "form, HTML" 200
expect "message ids increase" "$(jget result.message_id)" $((first + 1))
expect "text after entity parsing" "$(jget result.text)" "bold & more"
req POST "$TG/sendMessage" -H 'Content-Type: application/json' \
    --data '{"chat_id":-1001000000001,"text":"*hi*","parse_mode":"MarkdownV2","link_preview_options":{"is_disabled":true}}'
tg_check "JSON, MarkdownV2" 200
expect "link_preview_options echoed" "$(jget result.link_preview_options.is_disabled)" true
req POST "$TG/sendMessage" -F "chat_id=1000000001" -F "text=multipart"; tg_check "multipart, private chat" 200
expect "private chat numbering is its own" "$(jget result.message_id)" 1

# --- sendMessage refusals ---
req POST "$TG/sendMessage" --data "chat_id=$CHAT"; tg_check "no text" 400 "Bad Request: message text is empty"
long=$(head -c 4097 /dev/zero | tr '\0' 'a')
req POST "$TG/sendMessage" --data "chat_id=$CHAT&text=$long"; tg_check "4097 characters" 400 "Bad Request: message is too long"
req POST "$TG/sendMessage" --data "chat_id=$CHAT&text=${long:1}"; tg_check "4096 characters" 200
req POST "$TG/sendMessage" --data-urlencode "chat_id=$CHAT" --data-urlencode "text=<b>x</b>$(head -c 4095 /dev/zero | tr '\0' 'b')" \
    --data-urlencode parse_mode=HTML; tg_check "4096 characters after parsing" 200
req POST "$TG/sendMessage" --data-urlencode "chat_id=$CHAT" --data-urlencode "text=<b>open" --data-urlencode parse_mode=HTML
tg_check "unbalanced HTML" 400 "Bad Request: can't parse entities"
req POST "$TG/sendMessage" --data-urlencode "chat_id=$CHAT" --data-urlencode "text=<blink>x</blink>" --data-urlencode parse_mode=HTML
tg_check "unknown HTML tag" 400 "Bad Request: can't parse entities"
req POST "$TG/sendMessage" --data-urlencode "chat_id=$CHAT" --data-urlencode "text=end." --data-urlencode parse_mode=MarkdownV2
tg_check "unescaped MarkdownV2 '.'" 400 "Bad Request: can't parse entities"
req POST "$TG/sendMessage" --data-urlencode "chat_id=$CHAT" --data-urlencode "text=*open" --data-urlencode parse_mode=Markdown
tg_check "unclosed Markdown" 400 "Bad Request: can't parse entities"
req POST "$TG/sendMessage" --data "chat_id=$CHAT&text=x&parse_mode=html5"; tg_check "parse_mode" 400 "Bad Request: unsupported parse_mode"
req POST "$TG/sendMessage" --data "chat_id=@nobody&text=x"; tg_check "sendMessage to an unknown chat" 400 "Bad Request: chat not found"

# --- photos and videos ---
ffmpeg -loglevel error -y -f lavfi -i testsrc=size=320x240 -frames:v 1 "$T/p.jpg"
head -c 3000000 /dev/urandom >"$T/big.mp4"
head -c 11000000 /dev/urandom >"$T/toobig.jpg"
req POST "$TG/sendPhoto" --form-string "chat_id=$CHAT" -F "photo=@$T/p.jpg" --form-string "caption=<i>cap</i>" --form-string parse_mode=HTML
tg_check "sendPhoto upload" 200
photo_id=$(jget result.photo.0.file_id)
expect "caption after parsing" "$(jget result.caption)" cap
req POST "$TG/sendPhoto" --data "chat_id=$CHAT&photo=$photo_id"; tg_check "sendPhoto by file_id" 200
req POST "$TG/sendPhoto" --data "chat_id=$CHAT&photo=nonsense"; tg_check "unknown file_id" 400 "Bad Request: wrong file identifier"
req POST "$TG/sendPhoto" --data "chat_id=$CHAT"; tg_check "no photo" 400 "Bad Request: there is no photo"
req POST "$TG/sendPhoto" --form-string "chat_id=$CHAT" -F "photo=@$T/big.mp4"; tg_check "not an image" 400 "Bad Request: IMAGE_PROCESS_FAILED"
req POST "$TG/sendPhoto" --form-string "chat_id=$CHAT" -F "photo=@$T/toobig.jpg"; tg_check "photo over 10 MB" 413
cap=$(head -c 1025 /dev/zero | tr '\0' 'c')
req POST "$TG/sendPhoto" --form-string "chat_id=$CHAT" -F "photo=@$T/p.jpg" --form-string "caption=$cap"
tg_check "caption of 1025" 400 "Bad Request: message caption is too long"
req POST "$TG/sendVideo" --form-string "chat_id=$CHAT" -F "video=@$T/big.mp4"; tg_check "sendVideo upload of 3 MB" 200
video_msg=$(jget result.message_id)
curl -s "$SBX_URL/_sandbox/state?network=telegram" >"$BODY"
expect "the upload arrived intact" "$($PY -c "import json,sys; d=json.load(open(sys.argv[1])); print([m for m in d['messages'] if m['message_id']==$video_msg and m['chat_id']==-1001000000001][0]['sha256'])" "$BODY")" \
    "$(sha256sum "$T/big.mp4" | cut -d' ' -f1)"
mkdir -p "$T/media" && cp "$T/p.jpg" "$T/media/"
sbx_stop
sbx_start --media-dir "$T/media"
TG="$SBX_URL/telegram/bot$TOKEN"
req POST "$TG/sendPhoto" --data "chat_id=$CHAT&photo=$SBX_URL/media/p.jpg"; tg_check "sendPhoto by URL" 200
req POST "$TG/sendPhoto" --data "chat_id=$CHAT&photo=http://192.0.2.1/p.jpg"; tg_check "plain http off loopback" 400 "Bad Request: wrong file identifier"

# --- sendMediaGroup ---
req POST "$TG/sendMediaGroup" --form-string "chat_id=$CHAT" -F "a=@$T/p.jpg" -F "b=@$T/p.jpg" \
    --form-string 'media=[{"type":"photo","media":"attach://a","caption":"one"},{"type":"photo","media":"attach://b"}]'
tg_check sendMediaGroup 200
expect "two messages" "$(jget result.1.message_id)" $(($(jget result.0.message_id) + 1))
expect "one group" "$(jget result.0.media_group_id)" "$(jget result.1.media_group_id)"
req POST "$TG/sendMediaGroup" --form-string "chat_id=$CHAT" -F "a=@$T/p.jpg" --form-string 'media=[{"type":"photo","media":"attach://a"}]'
tg_check "one item" 400 "Bad Request:"
req POST "$TG/sendMediaGroup" --form-string "chat_id=$CHAT" --form-string 'media=[{"type":"photo","media":"attach://x"},{"type":"photo","media":"attach://y"}]'
tg_check "missing attachment" 400 "Bad Request:"

# --- deleteMessage ---
req POST "$TG/sendMessage" --data "chat_id=$CHAT&text=bye"; id=$(jget result.message_id)
req POST "$TG/deleteMessage" --data "chat_id=$CHAT&message_id=$id"; tg_check deleteMessage 200
expect "deleteMessage returns True" "$(jget result)" true
req POST "$TG/deleteMessage" --data "chat_id=$CHAT&message_id=$id"; tg_check "deleted twice" 400 "Bad Request: message to delete not found"
req POST "$TG/deleteMessage" --data "chat_id=$CHAT&message_id=99999"; tg_check "unknown id" 400 "Bad Request: message to delete not found"

# --- faults and counts ---
mark=$(requests_mark)
for method in getMe getChat sendMessage sendPhoto sendVideo sendMediaGroup deleteMessage; do
    fault "telegram:$method" 429
    fault "telegram:$method" 500
    req POST "$TG/$method"; tg_check "$method: flood fault" 429 "Too Many Requests: retry after 1"
    expect "$method: retry_after" "$(jget parameters.retry_after)" 1
    req POST "$TG/$method"; tg_check "$method: 500 fault" 500
    fault "telegram:$method" drop
    req POST "$TG/$method"; expect "$method: dropped connection" "$STATUS" 000
    expect "$method: counted" "$(requests_count "telegram:$method" "$mark")" 3
done
req POST "$SBX_URL/_sandbox/fault" --data "path=nowhere:x&codes=500"; expect "unknown network refused" "$STATUS" 400

# --- flood control by rate ---
cat >"$T/world.json" <<'JSON'
{"telegram": {"flood_per_minute": 2}}
JSON
sbx_stop
sbx_start --state "$T/world.json"
TG="$SBX_URL/telegram/bot$TOKEN"
req POST "$TG/sendMessage" --data "chat_id=$CHAT&text=1"; tg_check "first in the minute" 200
req POST "$TG/sendMessage" --data "chat_id=$CHAT&text=2"; tg_check "second in the minute" 200
req POST "$TG/sendMessage" --data "chat_id=$CHAT&text=3"; tg_check "third in the minute" 429 "Too Many Requests: retry after"
sbx_stop
expect "messages saved in the state file" "$($PY -c "import json,sys; print(len(json.load(open(sys.argv[1]))['telegram']['messages']))" "$T/world.json")" 2
finish
