#!/usr/bin/env bash
# agoras discord authorize against the sandbox: token checked, server and channel found by exact name
# or by id, stored with their ids under discord-<server>-<channel> and discord-default; every refusal
# (ambiguous or missing server and channel, voice channel, bad token) with its exit code and the
# candidates; guild paging with `after`; nothing on stdout; the token never printed.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/client_lib.sh"
source "$(dirname "$0")/discord_lib.sh"

sbx_start
dc_env
unset DISCORD_SERVER_NAME DISCORD_CHANNEL_NAME

dc_mark
run_agoras discord authorize --server-name "$DC_SERVER" --channel-name general -l DEBUG
assert_rc "authorize" 0
assert_err "authorize: one line" "Bot sbx-bot can post to #general (id $DC_GENERAL_ID) in 'Sandbox Server'"
expect "authorize: nothing on stdout" "$(wc -c <"$OUT")" 0
expect "authorize: info lines" "$(grep -vc '^debug:' "$ERR")" 1
expect "authorize: token checked" "$(dc_sent users_me)" 1
expect "authorize: one page of guilds" "$(dc_sent guilds)" 1
expect "authorize: channels listed" "$(dc_sent channels)" 1
run_agoras utils tokens list
assert_out "record named server-channel" "discord: Sandbox Server-general"
assert_out "default record" "discord: default"
for id in "Sandbox Server-general" default; do
    show() { "$AGORAS_BIN" utils tokens show --platform discord --identifier "$id" --field "$1"; }
    expect "$id: token" "$(show bot_token)" "$DC_TOKEN"
    expect "$id: server" "$(show server_name)" "$DC_SERVER"
    expect "$id: channel" "$(show channel_name)" general
    expect "$id: server id" "$(show server_id)" "$DC_SERVER_ID"
    expect "$id: channel id" "$(show channel_id)" "$DC_GENERAL_ID"
done
expect "record file is private" "$(stat -c %a "$(find "$AGORAS_STORAGE_DIR" -name 'discord-Sandbox*' | head -1)")" 600

# Ids instead of names; the record keeps the names Discord gives.
run_agoras discord authorize --bot-token "$DC_TOKEN" --server-name 2000000000000000002 --channel-name general
assert_rc "authorize by server id (the first Twin)" 0
assert_err "by id: names the server" "in 'Twin' (id 2000000000000000002)"
run_agoras utils tokens list
assert_out "by id: record named by the names" "discord: Twin-general"
run_agoras discord authorize --server-name "$DC_SERVER" --channel-name 3000000000000000005
assert_rc "authorize by channel id (one of the dups)" 0
assert_err "by channel id: the dup" "#dup (id 3000000000000000005)"
run_agoras discord authorize --server-name "$DC_SERVER" --channel-name announcements
assert_rc "announcement channel" 0

# Refusals: usage errors (exit 2) naming the candidates and the fix; nothing stored.
run_agoras discord authorize --server-name Twin --channel-name general
assert_rc "ambiguous server" 2
assert_err "ambiguous server: both ids" "'Twin' (id 2000000000000000002), 'Twin' (id 2000000000000000003)"
assert_err "ambiguous server: the fix" "to the id of the one to use"
run_agoras discord authorize --server-name "$DC_SERVER" --channel-name dup
assert_rc "ambiguous channel" 2
assert_err "ambiguous channel: both ids" "'dup' (id 3000000000000000005), 'dup' (id 3000000000000000006)"
run_agoras discord authorize --server-name "Sandbox" --channel-name general
assert_rc "missing server" 2
assert_err "missing server: lists the bot's servers" "(its servers: 'Sandbox Server', 'Twin', 'Twin')"
run_agoras discord authorize --server-name Elsewhere --channel-name general
assert_rc "a server the bot is not in" 2
run_agoras discord authorize --server-name "$DC_SERVER" --channel-name "#general"
assert_rc "missing channel" 2
assert_err "missing channel: lists text channels" "(its text channels: 'general', 'announcements'"
run_agoras discord authorize --server-name "$DC_SERVER" --channel-name voice-room
assert_rc "voice channel" 2
assert_err "voice channel: says so" "'voice-room' in 'Sandbox Server' is a voice channel"
run_agoras discord authorize --server-name "$DC_SERVER" --channel-name general-thread
assert_rc "a thread is not listed" 2

dc_mark
DISCORD_BOT_TOKEN=MTAwMDAwMDAwMDAwMDAwMDAx.sbx.wrong-token run_agoras discord authorize --server-name "$DC_SERVER" --channel-name general -l DEBUG
assert_rc "bad token" 3
assert_err "bad token: the fix" "check DISCORD_BOT_TOKEN"
expect "bad token: stops after the 401" "$(dc_sent guilds)" 0
DISCORD_BOT_TOKEN='two words' run_agoras discord authorize --server-name "$DC_SERVER" --channel-name general
assert_rc "malformed token" 2
DISCORD_BOT_TOKEN= run_agoras discord authorize --server-name "$DC_SERVER" --channel-name general
assert_rc "no token" 2
assert_err "no token: names the flag and env" "DISCORD_BOT_TOKEN"
run_agoras discord authorize --server-name "$DC_SERVER"
assert_rc "no channel" 2
assert_err "no channel: names the flag" "--channel-name"
AGORAS_DISCORD_API_BASE=http://192.0.2.1/discord run_agoras discord authorize --server-name "$DC_SERVER" --channel-name general
assert_rc "plain http off loopback" 2

# Env names (Agoras's): the whole authorize from the environment.
DISCORD_SERVER_NAME=$DC_SERVER DISCORD_CHANNEL_NAME=general run_agoras discord authorize
assert_rc "authorize from env" 0

# Paging: 450 guilds more, with ids below the real ones; 200 a page until a short page.
cat >"$T/world.json" <<'JSON'
{"discord": {"extra_guilds": 450}}
JSON
sbx_start --state "$T/world.json"
dc_env
dc_mark
run_agoras discord authorize --server-name "$DC_SERVER" --channel-name general
assert_rc "authorize with 450 more guilds" 0
expect "paged: three pages" "$(dc_sent guilds)" 3
run_agoras discord authorize --server-name "Extra Guild 7" --channel-name general
assert_rc "extra guild without text channels" 2
assert_err "no text channel: says none" "(its text channels: none)"
run_agoras discord authorize --server-name "No Such Guild" --channel-name general
assert_rc "missing among 453 guilds" 2
assert_err "missing server: the list is bounded" ", …)"

# Unsupported actions.
run_agoras discord like
assert_rc "like" 2
run_agoras discord --help
assert_out "help: the env" "DISCORD_BOT_TOKEN"

assert_no_secrets "$DC_TOKEN" "sbx.discord-bot-token" "wrong-token"
finish
