#!/usr/bin/env bash
# Discord's emulator (issue 23): the HTTP API v10 under /discord/api/v10 as §3 of
# LINKEDIN_YOUTUBE_DISCORD_TELEGRAM_API.md and the Discord contract describe it, driven with curl:
# auth and User-Agent refusals, guild paging, channels, every create rule and code, multipart
# uploads, nonce dedup, delete, rate-limit buckets, each fault kind and request counts.
source "$(dirname "$0")/lib.sh"

TOKEN=MTAwMDAwMDAwMDAwMDAwMDAx.sbx.discord-bot-token
UA='DiscordBot (https://example.invalid/agoras, 1.0)'
GUILD=2000000000000000001
GENERAL=3000000000000000001
ANNOUNCE=3000000000000000002
VOICE=3000000000000000003
READONLY=3000000000000000004
DUP1=3000000000000000005
DUP2=3000000000000000006
OUTSIDE=3000000000000000091

# use_sandbox: point the helpers at the last sandbox started.
use_sandbox() { API="$SBX_URL/discord/api/v10"; }

# dc METHOD PATH [curl args...]: an authenticated request with the documented User-Agent.
dc() {
    local method=$1 path=$2
    shift 2
    req "$method" "$API$path" -H "Authorization: Bot $TOKEN" -A "$UA" "$@"
}

# post CHANNEL JSON: create a message from a JSON body.
post() { dc POST "/channels/$1/messages" -H 'Content-Type: application/json' --data-binary "$2"; }

# val PATH: a value of $BODY by dotted path (jq, which starts fast): numbers index lists, any other
# key objects (Discord's nested errors are objects keyed "0", "1", ...); strings raw, the rest JSON.
val() {
    jq -c -r --arg p "$1" 'reduce ($p | split(".") | .[] | select(length > 0)) as $k
        (.; if type == "array" then .[$k | tonumber] else .[$k] end)' "$BODY" 2>/dev/null || echo null
}

# J JQ-EXPRESSION: a generated JSON payload ('{content: ("x" * 2001)}').
J() { jq -n -c "$1"; }

# expect_num NAME ACTUAL WANTED: equal as numbers (3 and 3.000 alike).
expect_num() {
    if awk -v a="$2" -v b="$3" 'BEGIN { exit !(a + 0 == b + 0 && a != "") }'; then ok; else
        fail "$1: got '$2', expected $3"
    fi
}

# dc_check NAME STATUS [CODE]: the last answer's status and JSON code.
dc_check() {
    expect "$1: status" "$STATUS" "$2"
    [ -z "${3:-}" ] || expect "$1: code" "$(val code)" "$3"
}

# invalid NAME ERROR-PATH ERROR-CODE: a 50035 whose nested errors hold ERROR-CODE at ERROR-PATH.
invalid() {
    dc_check "$1" 400 50035
    expect "$1: message" "$(val message)" "Invalid Form Body"
    expect "$1: errors at $2" "$(val "errors${2:+.$2}._errors.0.code")" "$3"
}

# messages_count: how many messages the state holds.
messages_count() {
    curl -s "$SBX_URL/_sandbox/state?network=discord" | jq '.messages | length'
}

# state_message ID FIELD: a field of a stored message (attachments.0.sha256, deleted, ...).
state_message() {
    curl -s "$SBX_URL/_sandbox/state?network=discord" | jq -c -r --arg id "$1" --arg p "$2" '
        [.messages[] | select(.id == $id)][0] | reduce ($p | split(".") | .[]) as $k
            (.; if type == "array" then .[$k | tonumber] else .[$k] end)'
}

# The rules part runs in a world whose create bucket is wide enough for the many requests below.
cat >"$T/rules.json" <<'JSON'
{"discord": {"rate_limits": {"messages": {"limit": 1000, "window_ms": 5000}, "users_me": {"limit": 1000, "window_ms": 5000},
                             "guilds": {"limit": 1000, "window_ms": 5000}, "channels": {"limit": 1000, "window_ms": 5000},
                             "delete": {"limit": 1000, "window_ms": 5000}},
             "messages": [{"id": "4000000000000000001", "channel_id": "3000000000000000001",
                           "author_id": "1000000000000000099", "content": "someone else's"}]}}
JSON
sbx_start --state "$T/rules.json"
use_sandbox

# --- what the sandbox prints for agoras ---
grep -q "export AGORAS_DISCORD_API_BASE='$SBX_URL/discord'" "$T/sandbox.log" && ok || fail "API base export line"
grep -q "export DISCORD_BOT_TOKEN='$TOKEN'" "$T/sandbox.log" && ok || fail "bot token export line"
grep -q "export DISCORD_SERVER_NAME='Sandbox Server'" "$T/sandbox.log" && ok || fail "server name export line"
grep -q "export DISCORD_CHANNEL_NAME='general'" "$T/sandbox.log" && ok || fail "channel name export line"
"$SBX_BIN" --help >"$T/help" 2>&1
grep -q "/api/v10/channels/{id}/messages" "$T/help" && ok || fail "--help lists Discord's endpoints"
grep -q "commit_drop" "$T/help" && ok || fail "--help names the commit_drop fault"

# --- auth, User-Agent, versions, routes ---
req GET "$API/users/@me" -A "$UA"; dc_check "no Authorization" 401 0
expect "401 message" "$(val message)" "401: Unauthorized"
req GET "$API/users/@me" -A "$UA" -H "Authorization: Bearer $TOKEN"; dc_check "Bearer instead of Bot" 401 0
req GET "$API/users/@me" -A "$UA" -H "Authorization: $TOKEN"; dc_check "token without Bot" 401 0
req GET "$API/users/@me" -A "$UA" -H "Authorization: Bot wrong.token"; dc_check "unknown token" 401 0
req GET "$API/users/@me" -A "curl/8" -H "Authorization: Bot $TOKEN"; dc_check "User-Agent not DiscordBot" 403 40333
req GET "$API/users/@me" -A "DiscordBot" -H "Authorization: Bot $TOKEN"; dc_check "User-Agent without url and version" 403 40333
req GET "$API/users/@me" -A "DiscordBot (https://x, )" -H "Authorization: Bot $TOKEN"; dc_check "User-Agent without version" 403 40333
req GET "$API/users/@me" -A "DiscordBot (https://x, 2.1) agoras/2.1" -H "Authorization: Bot $TOKEN"; dc_check "more after the form" 200
req GET "$API/users/@me" -H "User-Agent:"; dc_check "no User-Agent, no auth: Cloudflare first" 403 40333
req GET "$SBX_URL/discord/api/v8/users/@me" -A "$UA" -H "Authorization: Bot $TOKEN"; dc_check "deprecated version" 400 0
req GET "$SBX_URL/discord/api/users/@me" -A "$UA" -H "Authorization: Bot $TOKEN"; dc_check "no version" 400 0
req GET "$SBX_URL/discord/api/v9/users/@me" -A "$UA" -H "Authorization: Bot $TOKEN"; dc_check "v9 is available" 200
dc GET /users/@me/settings; dc_check "unknown route" 404 0
dc GET "/channels/$GENERAL/messages"; dc_check "GET on the create path" 405 0
dc PATCH /users/@me; dc_check "PATCH" 405 0
req GET "$SBX_URL/discord/elsewhere"; dc_check "outside /api" 404 0

# --- the bot ---
dc GET /users/@me; dc_check "users/@me" 200
expect "bot id" "$(val id)" 1000000000000000001
expect "username" "$(val username)" sbx-bot
expect "bot flag" "$(val bot)" true
[ -n "$(header X-RateLimit-Bucket)" ] && ok || fail "users/@me carries X-RateLimit-Bucket"

# --- guilds, paged in snowflake order ---
dc GET /users/@me/guilds; dc_check guilds 200
expect "three guilds (Elsewhere: the bot is not in it)" "$(jq length "$BODY")" 3
expect "first guild" "$(val 0.name)" "Sandbox Server"
expect "guild ids are strings" "$(val 0.id)" "$GUILD"
expect "ambiguous Twin" "$(val 1.name),$(val 2.name)" "Twin,Twin"
dc GET "/users/@me/guilds?limit=1"; expect "limit 1" "$(val 0.id),$(val 1.id)" "$GUILD,null"
dc GET "/users/@me/guilds?after=$GUILD&limit=1"; expect "after" "$(val 0.id),$(val 1.id)" "2000000000000000002,null"
dc GET "/users/@me/guilds?before=2000000000000000003"; expect "before" "$(val 0.id),$(val 1.id),$(val 2.id)" "$GUILD,2000000000000000002,null"
dc GET "/users/@me/guilds?before=2000000000000000003&limit=1"; expect "before with limit: the nearest" "$(val 0.id),$(val 1.id)" "2000000000000000002,null"
dc GET "/users/@me/guilds?after=2000000000000000003"; expect "after the last: empty" "$(val '')" "[]"
dc GET "/users/@me/guilds?with_counts=true"; expect "with_counts" "$(val 0.approximate_member_count)" 2
dc GET "/users/@me/guilds?limit=0"; invalid "limit 0" limit NUMBER_TYPE_MAX
dc GET "/users/@me/guilds?limit=201"; invalid "limit 201" limit NUMBER_TYPE_MAX
dc GET "/users/@me/guilds?limit=200"; dc_check "limit 200" 200
dc GET "/users/@me/guilds?after=abc"; invalid "after not a snowflake" after NUMBER_TYPE_COERCE
dc GET "/users/@me/guilds?with_counts=yes"; invalid "with_counts not a boolean" with_counts BASE_TYPE_BOOLEAN

# --- channels ---
dc GET "/guilds/$GUILD/channels"; dc_check channels 200
names=$(jq -r '[.[].name] | join(",")' "$BODY")
expect "channels, threads excluded" "$names" "general,announcements,voice-room,read-only,dup,dup"
expect "types" "$(val 1.type),$(val 2.type)" "5,2"
dc GET "/guilds/2999999999999999999/channels"; dc_check "unknown guild" 404 10004
dc GET "/guilds/2000000000000000009/channels"; dc_check "guild without the bot" 403 50001
dc GET "/guilds/server/channels"; invalid "guild id not a snowflake" guild_id NUMBER_TYPE_COERCE

# --- create: JSON ---
post "$GENERAL" '{"content":"hello"}'; dc_check "create" 200
first=$(val id)
expect "content" "$(val content)" hello
expect "channel_id" "$(val channel_id)" "$GENERAL"
expect "author is the bot" "$(val author.id)" 1000000000000000001
case "$first" in [1-9]*[0-9]) ok ;; *) fail "message id '$first' is not a snowflake string" ;; esac
expect "id is a JSON string" "$(jq -r '.id | type' "$BODY")" string
[ "$(header X-RateLimit-Limit)" = 1000 ] && ok || fail "create carries X-RateLimit-Limit 1000 (got '$(header X-RateLimit-Limit)')"
post "$ANNOUNCE" '{"content":"news"}'; dc_check "announcement channel" 200
dc POST "/channels/$GENERAL/messages" --data-urlencode "content=from a form"; dc_check "form body" 200
expect "form content" "$(val content)" "from a form"

# --- create: channel rules ---
post "$READONLY" '{"content":"x"}'; dc_check "read-only channel" 403 50013
post "$VOICE" '{"content":"x"}'; invalid "voice channel" channel_id CHANNEL_TYPE_INVALID
post 3999999999999999999 '{"content":"x"}'; dc_check "unknown channel" 404 10003
post "$OUTSIDE" '{"content":"x"}'; dc_check "channel of a guild without the bot" 403 50001
post general '{"content":"x"}'; invalid "channel id not a snowflake" channel_id NUMBER_TYPE_COERCE

# --- create: body rules ---
before=$(messages_count)
post "$GENERAL" '{}'; dc_check "empty message" 400 50006
expect "50006 message" "$(val message)" "Cannot send an empty message"
post "$GENERAL" '{"content":"   "}'; dc_check "whitespace only" 400 50006
post "$GENERAL" '{"embeds":[]}'; dc_check "no embeds" 400 50006
dc POST "/channels/$GENERAL/messages"; dc_check "no body at all" 400 50006
dc POST "/channels/$GENERAL/messages" -H 'Content-Type: text/plain' --data 'hello'; invalid "text/plain" "" CONTENT_TYPE_INVALID
post "$GENERAL" '{"content":'; invalid "malformed JSON" "" JSON_INVALID
post "$GENERAL" '["hello"]'; invalid "JSON that is not an object" "" JSON_INVALID
post "$GENERAL" "$(J '{content: ("x" * 2001)}')"; invalid "content of 2001" content BASE_TYPE_MAX_LENGTH
post "$GENERAL" '{"content":42}'; invalid "content not a string" content BASE_TYPE_STRING
post "$GENERAL" '{"content":"x","tts":"yes"}'; invalid "tts not a boolean" tts BASE_TYPE_BOOLEAN
post "$GENERAL" '{"content":"x","flags":1}'; invalid "flag CROSSPOSTED cannot be set" flags MESSAGE_FLAGS_INVALID
post "$GENERAL" "$(J '{content: "x", nonce: ("n" * 26)}')"; invalid "nonce of 26" nonce BASE_TYPE_MAX_LENGTH
post "$GENERAL" "$(J '{embeds: [range(11) | {title: "t"}]}')"; invalid "11 embeds" embeds BASE_TYPE_MAX_LENGTH
post "$GENERAL" "$(J '{"embeds": [{"title": "t"}], "content": 1, "flags": 1}')"
expect "every broken rule is reported" "$(val errors.content._errors.0.code),$(val errors.flags._errors.0.code)" "BASE_TYPE_STRING,MESSAGE_FLAGS_INVALID"
post "$GENERAL" "$(J '{embeds: [{title: ("t" * 257)}]}')"; invalid "title of 257" embeds.0.title BASE_TYPE_MAX_LENGTH
post "$GENERAL" "$(J '{embeds: [{title: "ok"}, {description: ("d" * 4097)}]}')"; invalid "description of 4097" embeds.1.description BASE_TYPE_MAX_LENGTH
post "$GENERAL" "$(J '{embeds: [{fields: [range(26) | {name: "n", value: "v"}]}]}')"; invalid "26 fields" embeds.0.fields BASE_TYPE_MAX_LENGTH
post "$GENERAL" "$(J '{embeds: [{fields: [{name: ("n" * 257), value: "v"}]}]}')"; invalid "field name of 257" embeds.0.fields.0.name BASE_TYPE_MAX_LENGTH
post "$GENERAL" "$(J '{embeds: [{fields: [{name: "n", value: ("v" * 1025)}]}]}')"; invalid "field value of 1025" embeds.0.fields.0.value BASE_TYPE_MAX_LENGTH
post "$GENERAL" "$(J '{"embeds": [{"fields": [{"name": "n"}]}]}')"; invalid "field without a value" embeds.0.fields.0.value BASE_TYPE_REQUIRED
post "$GENERAL" "$(J '{embeds: [{footer: {text: ("f" * 2049)}}]}')"; invalid "footer of 2049" embeds.0.footer.text BASE_TYPE_MAX_LENGTH
post "$GENERAL" "$(J '{embeds: [{author: {name: ("a" * 257)}}]}')"; invalid "author of 257" embeds.0.author.name BASE_TYPE_MAX_LENGTH
post "$GENERAL" "$(J '{embeds: [{description: ("d" * 4000)}, {description: ("d" * 2001)}]}')"; invalid "6001 characters of embeds" embeds MAX_EMBED_SIZE_EXCEEDED
post "$GENERAL" "$(J '{"embeds": [{"image": {"url": "attachment://missing.png"}}]}')"; invalid "attachment:// without an upload" embeds.0.image.url ATTACHMENT_NOT_FOUND
expect "no refused create was stored" "$(messages_count)" "$before"

# at the limits, and what Discord does to embeds
post "$GENERAL" "$(J '{content: ("\u00e9" * 2000)}')"; dc_check "2000 characters (4000 bytes)" 200
post "$GENERAL" "$(J '{embeds: [{description: ("d" * 4000)}, {description: ("d" * 2000)}]}')"; dc_check "6000 characters of embeds" 200
post "$GENERAL" "$(J '{embeds: [range(10) | {title: "t\(.)"}]}')"; dc_check "10 embeds" 200
post "$GENERAL" '{"embeds":[{"title":"  padded  ","type":"video","provider":{"name":"p"},"image":{"url":"https://example.invalid/i.png","width":5}}]}'
dc_check "embed normalised" 200
expect "title trimmed" "$(val embeds.0.title)" padded
expect "type is rich" "$(val embeds.0.type)" rich
expect "provider dropped" "$(val embeds.0.provider)" null
expect "image width dropped" "$(val embeds.0.image.width)" null
post "$GENERAL" '{"embeds":[{"url":"https://example.invalid/a","title":"1"},{"url":"https://example.invalid/a","title":"2"},{"title":"3"}]}'
dc_check "embeds with one url" 200
expect "the repeated url's embed is dropped" "$(val embeds.0.title),$(val embeds.1.title),$(val embeds.2)" "1,3,null"
post "$GENERAL" '{"content":"quiet","flags":4100}'; dc_check "settable flags" 200
expect "flags kept" "$(val flags)" 4100

# --- create: multipart ---
head -c 1000000 /dev/urandom >"$T/one.bin"
head -c 12000000 /dev/urandom >"$T/twelve.bin"
head -c 9000000 /dev/urandom >"$T/nine.bin"
dc POST "/channels/$GENERAL/messages" \
    -F 'payload_json={"content":"with a file","attachments":[{"id":0,"filename":"video.mp4","description":"a clip"}],"embeds":[{"title":"clip","image":{"url":"attachment://video.mp4"}}]};type=application/json' \
    -F "files[0]=@$T/one.bin;filename=one.bin"
dc_check "multipart, 1 MB" 200
mid=$(val id)
expect "attachment size" "$(val attachments.0.size)" 1000000
expect "filename from the attachments entry" "$(val attachments.0.filename)" video.mp4
expect "description" "$(val attachments.0.description)" "a clip"
expect "attachment:// of an upload" "$(val embeds.0.image.url)" "attachment://video.mp4"
expect "stored sha256" "$(state_message "$mid" attachments.0.sha256)" "$(sha256sum "$T/one.bin" | cut -d' ' -f1)"
expect "stored size" "$(state_message "$mid" attachments.0.size)" 1000000
curl -s -o "$T/back.bin" "$(val attachments.0.url)"
cmp -s "$T/one.bin" "$T/back.bin" && ok || fail "the attachment url serves the uploaded bytes"
dc POST "/channels/$GENERAL/messages" -F "files[3]=@$T/one.bin;filename=only.bin"; dc_check "a file alone, no payload_json" 200
expect "the part's filename" "$(val attachments.0.filename)" only.bin
before=$(messages_count)
dc POST "/channels/$GENERAL/messages" -F 'payload_json={"content":"too big"}' -F "files[0]=@$T/twelve.bin;filename=big.bin"
dc_check "a 12 MB file" 413 40005
expect "40005 message" "$(val message)" "Request entity too large"
dc POST "/channels/$GENERAL/messages" -F 'payload_json={"content":"27 MB"}' -F "files[0]=@$T/nine.bin;filename=a" \
    -F "files[1]=@$T/nine.bin;filename=b" -F "files[2]=@$T/nine.bin;filename=c"
dc_check "three 9 MB files: 27 MB > 25 MiB" 413 40005
dc POST "/channels/$GENERAL/messages" -F 'payload_json={"content":"x","attachments":[{"id":5}]}' -F "files[0]=@$T/one.bin;filename=a"
invalid "attachments id without a part" attachments.0.id ATTACHMENT_NOT_FOUND
dc POST "/channels/$GENERAL/messages" -F 'payload_json={"content":"x"}' -F "file=@$T/one.bin;filename=a"
invalid "a file part not named files[n]" file UNKNOWN_FIELD
dc POST "/channels/$GENERAL/messages" -F 'payload_json={"content":"x"}' -F 'content=loose field'
invalid "a field outside payload_json" content UNKNOWN_FIELD
dc POST "/channels/$GENERAL/messages" -F 'payload_json={"content":"x"}' -F 'files[0]=not a file'
invalid "files[n] without a filename" 'files[0]' FILE_UPLOAD_INVALID
dc POST "/channels/$GENERAL/messages" -F 'payload_json={"content":' -F "files[0]=@$T/one.bin;filename=a"
invalid "malformed payload_json" payload_json JSON_INVALID
dc POST "/channels/$GENERAL/messages" -F 'payload_json={"content":"x"}' -F "files[0]=@$T/one.bin;filename=a" -F "files[0]=@$T/one.bin;filename=b"
invalid "files[0] twice" 'files[0]' FILE_UPLOAD_INVALID
dc POST "/channels/$READONLY/messages" -F 'payload_json={"content":"x"}' -F "files[0]=@$T/one.bin;filename=a"
dc_check "multipart to a read-only channel" 403 50013
expect "no refused upload was stored" "$(messages_count)" "$before"
stored=$(ls "$T/rules.json.media" | wc -l)
expect "only kept uploads stay on disk" "$stored" 2

# --- nonce ---
before=$(messages_count)
post "$GENERAL" '{"content":"once","nonce":"retry-1","enforce_nonce":true}'; dc_check "nonce, first" 200
n1=$(val id)
post "$GENERAL" '{"content":"once","nonce":"retry-1","enforce_nonce":true}'; dc_check "nonce, again" 200
expect "the same nonce answers the existing message" "$(val id)" "$n1"
expect "one message for two requests" "$(messages_count)" $((before + 1))
post "$GENERAL" '{"content":"once","nonce":"retry-1"}'; dc_check "nonce without enforce_nonce" 200
[ "$(val id)" != "$n1" ] && ok || fail "without enforce_nonce a new message is created"
post "$ANNOUNCE" '{"content":"once","nonce":"retry-1","enforce_nonce":true}'; dc_check "same nonce, other channel" 200
[ "$(val id)" != "$n1" ] && ok || fail "a nonce is per channel"
post "$GENERAL" '{"content":"n","nonce":12345,"enforce_nonce":true}'; n2=$(val id)
post "$GENERAL" '{"content":"n","nonce":12345,"enforce_nonce":true}'; expect "integer nonce" "$(val id)" "$n2"

# --- delete ---
dc DELETE "/channels/$GENERAL/messages/$first"; dc_check "delete" 204
[ ! -s "$BODY" ] && ok || fail "204 has no body"
expect "marked deleted in the state" "$(state_message "$first" deleted)" true
dc DELETE "/channels/$GENERAL/messages/$first"; dc_check "deleted twice" 404 10008
dc DELETE "/channels/$GENERAL/messages/4999999999999999999"; dc_check "unknown message" 404 10008
dc DELETE "/channels/$ANNOUNCE/messages/$mid"; dc_check "message of another channel" 404 10008
dc DELETE "/channels/$GENERAL/messages/4000000000000000001"; dc_check "another author's message" 403 50013
dc DELETE "/channels/3999999999999999999/messages/$mid"; dc_check "delete in an unknown channel" 404 10003
dc DELETE "/channels/$GENERAL/messages/abc"; invalid "message id not a snowflake" message_id NUMBER_TYPE_COERCE
dc DELETE "/channels/$GENERAL/messages/$n1"; dc_check "delete the nonce's message" 204
post "$GENERAL" '{"content":"again","nonce":"retry-1","enforce_nonce":true}'
[ "$(val id)" != "$n1" ] && ok || fail "a deleted message is not answered for its nonce"

# --- the page and the state ---
curl -s "$SBX_URL/" >"$T/page.html"
grep -q "<h2>Discord</h2>" "$T/page.html" && ok || fail "the page has a Discord section"
grep -q "video.mp4" "$T/page.html" && ok || fail "the page lists attachments"
sbx_stop
expect "messages saved in the state file" "$(jq '[.discord.messages[] | select(.content == "with a file")] | length' "$T/rules.json")" 1
grep -q '_buckets' "$T/rules.json" && fail "runtime buckets are not saved" || ok

# --- rate limits: the built-in 5 creates per 5 s per channel ---
sbx_start --retry-after 3 --stall-ms 400
use_sandbox
for i in 1 2 3 4 5; do
    post "$DUP1" "{\"content\":\"$i\"}"
    expect "create $i in the window" "$STATUS,$(header X-RateLimit-Remaining)" "200,$((5 - i))"
done
expect "X-RateLimit-Limit" "$(header X-RateLimit-Limit)" 5
bucket=$(header X-RateLimit-Bucket)
[ -n "$bucket" ] && ok || fail "X-RateLimit-Bucket"
reset_after=$(header X-RateLimit-Reset-After)
case "$reset_after" in [0-5].[0-9][0-9][0-9]) ok ;; *) fail "X-RateLimit-Reset-After '$reset_after'" ;; esac
reset=$(header X-RateLimit-Reset)
now=$(date +%s)
[ "${reset%.*}" -ge "$now" ] && [ "${reset%.*}" -le $((now + 6)) ] && ok || fail "X-RateLimit-Reset '$reset' is epoch seconds within the window"
before=$(messages_count)
post "$DUP1" '{"content":"6"}'; dc_check "sixth in 5 s" 429
expect "429 message" "$(val message)" "You are being rate limited."
expect "429 global" "$(val global)" false
retry=$(val retry_after)
awk -v v="$retry" 'BEGIN { exit !(v > 0 && v <= 5) }' && ok || fail "retry_after $retry"
[ -n "$(header Retry-After)" ] && ok || fail "Retry-After header"
expect "scope" "$(header X-RateLimit-Scope)" user
expect "remaining 0" "$(header X-RateLimit-Remaining)" 0
expect "nothing created past the limit" "$(messages_count)" "$before"
post "$DUP2" '{"content":"other channel"}'; dc_check "another channel's bucket" 200
expect "same route, same bucket id" "$(header X-RateLimit-Bucket)" "$bucket"
dc GET /users/@me
[ "$(header X-RateLimit-Bucket)" != "$bucket" ] && ok || fail "another route has another bucket"
sleep "$(awk -v v="$retry" 'BEGIN { print v + 0.1 }')"
post "$DUP1" '{"content":"after the window"}'; dc_check "after the window" 200

# --- faults ---
mark=$(requests_mark)
for key in users_me guilds channels messages delete; do
    case $key in
    users_me) call=(GET /users/@me) ;;
    guilds) call=(GET /users/@me/guilds) ;;
    channels) call=(GET "/guilds/$GUILD/channels") ;;
    messages) call=(POST "/channels/$GENERAL/messages" -H 'Content-Type: application/json' --data '{"content":"f"}') ;;
    delete) call=(DELETE "/channels/$GENERAL/messages/4999999999999999999") ;;
    esac
    fault "discord:$key" 429
    dc "${call[@]}"; dc_check "$key: 429 fault" 429
    expect_num "$key: retry_after from --retry-after" "$(val retry_after)" 3
    expect "$key: Retry-After" "$(header Retry-After)" 3
    expect "$key: not global" "$(val global),$(header X-RateLimit-Scope)" "false,user"
    fault "discord:$key" 500
    dc "${call[@]}"; dc_check "$key: 500 fault" 500 0
    fault "discord:$key" drop
    dc "${call[@]}"; expect "$key: dropped" "$STATUS" 000
    fault "discord:$key" 403:50013
    dc "${call[@]}"; dc_check "$key: coded fault" 403 50013
    expect "$key: counted" "$(requests_count "discord:$key" "$mark")" 4
done
fault discord:messages 429:global
post "$GENERAL" '{"content":"g"}'; dc_check "global 429" 429
expect "global flag" "$(val global)" true
expect "X-RateLimit-Global" "$(header X-RateLimit-Global)" true
expect "global scope" "$(header X-RateLimit-Scope)" global
fault discord:guilds 429:shared
dc GET /users/@me/guilds; expect "shared scope" "$(header X-RateLimit-Scope)" shared
fault discord:users_me stall
started=$(date +%s%N)
dc GET /users/@me; dc_check "stall, then the answer" 200
expect_at_least "stalled for --stall-ms" $((($(date +%s%N) - started) / 1000000)) 400
before=$(messages_count)
fault discord:messages drop
post "$GENERAL" '{"content":"lost","nonce":"cd-1","enforce_nonce":true}'; expect "drop: no answer" "$STATUS" 000
expect "drop: nothing created" "$(messages_count)" "$before"
fault discord:messages commit_drop
post "$GENERAL" '{"content":"committed","nonce":"cd-1","enforce_nonce":true}'; expect "commit_drop: no answer" "$STATUS" 000
expect "commit_drop: the message exists" "$(messages_count)" $((before + 1))
post "$GENERAL" '{"content":"committed","nonce":"cd-1","enforce_nonce":true}'; dc_check "the retry with the nonce" 200
expect "the retry creates nothing more" "$(messages_count)" $((before + 1))
expect "the retry answers the committed message" "$(val content)" committed
req POST "$SBX_URL/_sandbox/fault" --data "path=discord:guilds&codes=commit_drop"; expect "commit_drop is for messages only" "$STATUS" 400
req POST "$SBX_URL/_sandbox/fault" --data "path=discord:messages&codes=bogus"; expect "unknown fault kind refused" "$STATUS" 400
mark=$(requests_mark)
dc GET /users/@me; dc GET /users/@me/guilds; post "$GENERAL" '{"content":"c"}'
expect "counts: users_me" "$(requests_count discord:users_me "$mark")" 1
expect "counts: messages" "$(requests_count discord:messages "$mark")" 1
expect "counts: delete untouched" "$(requests_count discord:delete "$mark")" 0

# --- world options: extra guilds, upload limit, nonce window ---
cat >"$T/world.json" <<'JSON'
{"discord": {"extra_guilds": 250, "upload_limit_bytes": 500000, "nonce_window_ms": 800}}
JSON
sbx_stop
sbx_start --state "$T/world.json"
use_sandbox
dc GET /users/@me/guilds; dc_check "guilds with 250 extra" 200
page1=$(jq -r '"\(length) \(any(.[]; .name == "Sandbox Server")) \(.[-1].id)"' "$BODY")
expect "page 1: 200 guilds, not yet the Sandbox Server" "${page1% *}" "200 false"
dc GET "/users/@me/guilds?after=${page1##* }"
expect "page 2 after the last id" "$(jq -r '"\(length) \(.[-3].name)"' "$BODY")" "53 Sandbox Server"
dc GET "/guilds/1900000000000000007/channels"; expect "an extra guild has no channels" "$STATUS,$(val '')" "200,[]"
dc POST "/channels/$GENERAL/messages" -F "files[0]=@$T/one.bin;filename=a"; dc_check "upload_limit_bytes 500000" 413 40005
head -c 400000 /dev/urandom >"$T/small.bin"
dc POST "/channels/$GENERAL/messages" -F "files[0]=@$T/small.bin;filename=a"; dc_check "under upload_limit_bytes" 200
post "$GENERAL" '{"content":"w","nonce":"w-1","enforce_nonce":true}'; w1=$(val id)
sleep 1
post "$GENERAL" '{"content":"w","nonce":"w-1","enforce_nonce":true}'
[ "$(val id)" != "$w1" ] && ok || fail "past nonce_window_ms the nonce creates a new message"
echo '{"discord": {"channels": [{"id": "x"}]}}' >"$T/bad.json"
"$SBX_BIN" --port 0 --state "$T/bad.json" 2>"$T/bad.log" &
pid=$!
wait "$pid"
expect "a bad Discord section is refused at start" "$?" 1
grep -q "discord" "$T/bad.log" && ok || fail "the refusal names the discord section"
finish
