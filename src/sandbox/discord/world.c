/*
 * Discord's section of the state (the "discord" key of the --state file):
 *   {
 *     "bot": {"token": "MTAwMDAwMDAwMDAwMDAwMDAx.sbx.discord-bot-token", "id": "1000000000000000001",
 *             "username": "sbx-bot"},
 *     "guilds": [{"id": "2000000000000000001", "name": "Sandbox Server"},
 *                {"id": "2000000000000000009", "name": "Elsewhere", "member": false}, ...],
 *                                      // member false: the bot is not in it (50001, not listed)
 *     "channels": [{"id": "3000000000000000001", "guild_id": "2000000000000000001", "name": "general",
 *                   "type": 0, "can_send": true}, ...],  // can_send false: no SEND_MESSAGES (50013)
 *     "extra_guilds": 0,               // N more guilds "Extra Guild 1..N", ids below the others, so
 *                                      // that paging with after reaches the real ones
 *     "upload_limit_bytes": 10485760,  // per file (a boosted guild's limit); 40005 beyond
 *     "request_limit_bytes": 26214400, // per request
 *     "nonce_window_ms": 300000,       // enforce_nonce finds the same nonce this long
 *     "rate_limits": {"messages": {"limit": 5, "window_ms": 5000}, ...},  // per route key
 *     "messages": [...]                // written by the sandbox; kept across restarts
 *   }
 * Missing keys take these built-in defaults (the world of the Discord contract).
 */
#include "sandbox/discord/discord.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DISCORD_EPOCH_MS 1420070400000LL
#define EXTRA_BASE       1900000000000000000LL

json_t *dc_section(struct sbx *s)
{
    return sbx_section(s, "discord");
}

json_t *dc_bot(struct sbx *s)
{
    return json_object_get(dc_section(s), "bot");
}

long long dc_setting(struct sbx *s, const char *name)
{
    return sbx_int(dc_section(s), name);
}

bool dc_is_snowflake(const char *s)
{
    size_t n = strspn(s, "0123456789");
    /* 64-bit: at most 20 digits, and 20 digits only below 18446744073709551616 */
    return n > 0 && s[n] == '\0' && (n < 20 || (n == 20 && strcmp(s, "18446744073709551615") <= 0));
}

void dc_snowflake(char out[24])
{
    static atomic_llong last;
    long long id = (sbx_now_ms() - DISCORD_EPOCH_MS) << 22, prev = atomic_load(&last);
    do {
        if (id <= prev)
            id = prev + 1;
    } while (!atomic_compare_exchange_weak(&last, &prev, id));
    snprintf(out, 24, "%lld", id);
}

static int snowflake_cmp(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    return la != lb ? (la < lb ? -1 : 1) : strcmp(a, b);
}

static bool is_id(json_t *item, const char *key)
{
    const char *v = sbx_str(item, key);
    return v && dc_is_snowflake(v);
}

static int check_settings(json_t *section, const char **why)
{
    static const char *const counts[] = {"extra_guilds", "upload_limit_bytes", "request_limit_bytes",
                                         "nonce_window_ms", NULL};
    const char *k;
    json_t *v;
    for (const char *const *c = counts; *c; c++) {
        json_t *n = json_object_get(section, *c);
        if (n && (!json_is_integer(n) || json_integer_value(n) < 0)) {
            *why = "extra_guilds, upload_limit_bytes, request_limit_bytes and nonce_window_ms are counts";
            return -1;
        }
    }
    json_t *limits = json_object_get(section, "rate_limits");
    if (limits && !json_is_object(limits)) {
        *why = "rate_limits maps a route key to {\"limit\": N, \"window_ms\": MS}";
        return -1;
    }
    json_object_foreach(limits, k, v)
    {
        if (!json_is_integer(json_object_get(v, "limit")) ||
            !json_is_integer(json_object_get(v, "window_ms"))) {
            *why = "rate_limits maps a route key to {\"limit\": N, \"window_ms\": MS}";
            return -1;
        }
    }
    return 0;
}

int dc_state_check(json_t *section, const char **why)
{
    size_t i;
    json_t *item, *bot = json_object_get(section, "bot");
    *why = "bot needs a token, an id and a username; guilds an id and a name; channels an id, a guild_id, "
           "a name and an integer type; messages an id and a channel_id (ids are snowflake strings)";
    if (bot && (!sbx_str(bot, "token") || !is_id(bot, "id") || !sbx_str(bot, "username")))
        return -1;
    static const char *const lists[] = {"guilds", "channels", "messages", NULL};
    for (const char *const *l = lists; *l; l++) {
        json_t *a = json_object_get(section, *l);
        if (a && !json_is_array(a))
            return -1;
        json_array_foreach(a, i, item)
        {
            bool ok = is_id(item, "id");
            if (strcmp(*l, "guilds") == 0)
                ok = ok && sbx_str(item, "name");
            else if (strcmp(*l, "channels") == 0)
                ok = ok && is_id(item, "guild_id") && sbx_str(item, "name") &&
                     json_is_integer(json_object_get(item, "type"));
            else
                ok = ok && is_id(item, "channel_id");
            if (!ok)
                return -1;
        }
    }
    return check_settings(section, why);
}

static json_t *default_channels(void)
{
    static const struct {
        const char *id, *guild, *name;
        int type;
        bool can_send;
        const char *parent;
    } rows[] = {
        {"3000000000000000001", "2000000000000000001", "general", 0, true, NULL},
        {"3000000000000000002", "2000000000000000001", "announcements", 5, true, NULL},
        {"3000000000000000003", "2000000000000000001", "voice-room", 2, true, NULL},
        {"3000000000000000004", "2000000000000000001", "read-only", 0, false, NULL},
        {"3000000000000000005", "2000000000000000001", "dup", 0, true, NULL},
        {"3000000000000000006", "2000000000000000001", "dup", 0, true, NULL},
        {"3000000000000000007", "2000000000000000001", "general-thread", 11, true, "3000000000000000001"},
        {"3000000000000000011", "2000000000000000002", "general", 0, true, NULL},
        {"3000000000000000021", "2000000000000000003", "general", 0, true, NULL},
        {"3000000000000000091", "2000000000000000009", "outside", 0, true, NULL},
    };
    json_t *out = json_array();
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        json_t *ch = json_pack("{s:s, s:s, s:s, s:i, s:b}", "id", rows[i].id, "guild_id", rows[i].guild,
                               "name", rows[i].name, "type", rows[i].type, "can_send", rows[i].can_send);
        if (rows[i].parent)
            sbx_set_str(ch, "parent_id", rows[i].parent);
        json_array_append_new(out, ch);
    }
    return out;
}

static json_t *route_limit(long long limit, long long window_ms)
{
    return json_pack("{s:I, s:I}", "limit", (json_int_t)limit, "window_ms", (json_int_t)window_ms);
}

void dc_state_init(struct sbx *s, json_t *section)
{
    (void)s;
    sbx_set_default(section, "bot",
                    json_pack("{s:s, s:s, s:s}", "token", "MTAwMDAwMDAwMDAwMDAwMDAx.sbx.discord-bot-token",
                              "id", "1000000000000000001", "username", "sbx-bot"));
    if (!json_array_size(json_object_get(section, "guilds")))
        json_object_set_new(section, "guilds",
                            json_pack("[{s:s, s:s}, {s:s, s:s}, {s:s, s:s}, {s:s, s:s, s:b}]", "id",
                                      "2000000000000000001", "name", "Sandbox Server", "id",
                                      "2000000000000000002", "name", "Twin", "id", "2000000000000000003",
                                      "name", "Twin", "id", "2000000000000000009", "name", "Elsewhere",
                                      "member", 0));
    if (!json_array_size(json_object_get(section, "channels")))
        json_object_set_new(section, "channels", default_channels());
    sbx_set_default(section, "extra_guilds", json_integer(0));
    sbx_set_default(section, "upload_limit_bytes", json_integer(10 * DC_MIB));
    sbx_set_default(section, "request_limit_bytes", json_integer(25 * DC_MIB));
    sbx_set_default(section, "nonce_window_ms", json_integer(300000));
    json_t *limits = json_object_get(section, "rate_limits");
    if (!json_is_object(limits))
        json_object_set_new(section, "rate_limits", limits = json_object());
    sbx_set_default(limits, "users_me", route_limit(30, 10000));
    sbx_set_default(limits, "guilds", route_limit(30, 10000));
    sbx_set_default(limits, "channels", route_limit(30, 10000));
    sbx_set_default(limits, "messages", route_limit(5, 5000));
    sbx_set_default(limits, "delete", route_limit(5, 5000));
    sbx_array(section, "messages");
}

/* Extra guild number n (from 1), built on demand rather than stored. */
static json_t *extra_guild(long long n)
{
    char id[24], name[48];
    snprintf(id, sizeof(id), "%lld", EXTRA_BASE + n);
    snprintf(name, sizeof(name), "Extra Guild %lld", n);
    return json_pack("{s:s, s:s}", "id", id, "name", name);
}

json_t *dc_guild_find(struct sbx *s, const char *id)
{
    json_t *g = sbx_find(sbx_array(dc_section(s), "guilds"), "id", id);
    if (g)
        return json_incref(g);
    long long n = strtoll(id, NULL, 10) - EXTRA_BASE;
    return n >= 1 && n <= dc_setting(s, "extra_guilds") && dc_is_snowflake(id) ? extra_guild(n) : NULL;
}

json_t *dc_channel_find(struct sbx *s, const char *id)
{
    return sbx_find(sbx_array(dc_section(s), "channels"), "id", id);
}

static int guild_order(const void *a, const void *b)
{
    return snowflake_cmp(sbx_str(*(json_t *const *)a, "id"), sbx_str(*(json_t *const *)b, "id"));
}

json_t *dc_guild_list(struct sbx *s)
{
    size_t i, n = 0;
    json_t *g, *stored = sbx_array(dc_section(s), "guilds");
    long long extras = dc_setting(s, "extra_guilds");
    json_t **all = calloc(json_array_size(stored) + (size_t)extras + 1, sizeof(*all));
    json_t *out = json_array();
    if (!all)
        return out;
    json_array_foreach(stored, i, g)
    {
        if (!json_is_false(json_object_get(g, "member")))
            all[n++] = json_incref(g);
    }
    for (long long e = 1; e <= extras; e++)
        all[n++] = extra_guild(e);
    qsort(all, n, sizeof(*all), guild_order);
    for (i = 0; i < n; i++)
        json_array_append_new(out, all[i]);
    free(all);
    return out;
}

void dc_page_section(struct ag_buf *b, json_t *section)
{
    static const char *const guild_keys[] = {"id", "name", "member", NULL};
    static const char *const channel_keys[] = {"id", "guild_id", "name", "type", "can_send", NULL};
    static const char *const msg_keys[] = {"id",     "channel_id", "timestamp", "content",
                                           "embeds", "nonce",      "deleted",   NULL};
    size_t i, j;
    json_t *m, *a;
    ag_buf_puts(b, "<h2>Discord</h2>");
    sbx_page_table(b, "Discord guilds", json_object_get(section, "guilds"), guild_keys);
    sbx_page_table(b, "Discord channels", json_object_get(section, "channels"), channel_keys);
    ag_buf_puts(b, "<h3>Messages</h3><table><tr>");
    for (const char *const *k = msg_keys; *k; k++)
        ag_buf_printf(b, "<th>%s</th>", *k);
    ag_buf_puts(b, "<th>attachments</th></tr>");
    json_array_foreach(json_object_get(section, "messages"), i, m)
    {
        ag_buf_puts(b, "<tr>");
        for (const char *const *k = msg_keys; *k; k++)
            sbx_page_cell(b, json_object_get(m, *k));
        ag_buf_puts(b, "<td>");
        json_array_foreach(json_object_get(m, "attachments"), j, a)
        {
            ag_buf_printf(b, "<a href=\"/_sandbox/discord/attachments/%s\">", sbx_str(a, "id"));
            sbx_html_escape(b, sbx_str(a, "filename"));
            ag_buf_printf(b, "</a> (%lld bytes) ", sbx_int(a, "size"));
        }
        ag_buf_puts(b, "</td></tr>");
    }
    ag_buf_puts(b, "</table>");
}

/* GET /_sandbox/discord/attachments/ID: a stored attachment, for the page and the attachment's url. */
void dc_page_attachment(struct sbx_req *r)
{
    const char *id = r->path + strlen("/_sandbox/discord/attachments/");
    char path[4096] = "";
    size_t i, j;
    json_t *m, *a;
    pthread_mutex_lock(&r->sbx->lock);
    json_array_foreach(sbx_array(dc_section(r->sbx), "messages"), i, m)
    {
        json_array_foreach(json_object_get(m, "attachments"), j, a)
        {
            if (sbx_str(a, "id") && strcmp(sbx_str(a, "id"), id) == 0 && sbx_str(a, "file"))
                snprintf(path, sizeof(path), "%s/%s", r->sbx->data_dir, sbx_str(a, "file"));
        }
    }
    pthread_mutex_unlock(&r->sbx->lock);
    if (*path)
        sbx_page_send_file(r, path, "application/octet-stream");
    else
        dc_reply_error(r, 404, 0, "404: Not Found");
}

void dc_print_exports(struct sbx *s, FILE *out)
{
    char url[160];
    snprintf(url, sizeof(url), "%s/discord", s->base_url);
    sbx_export_line(out, "AGORAS_DISCORD_API_BASE", url);
    pthread_mutex_lock(&s->lock);
    const char *token = sbx_str(dc_bot(s), "token");
    sbx_export_line(out, "DISCORD_BOT_TOKEN", token ? token : "");
    pthread_mutex_unlock(&s->lock);
    sbx_export_line(out, "DISCORD_SERVER_NAME", "Sandbox Server");
    sbx_export_line(out, "DISCORD_CHANNEL_NAME", "general");
}
