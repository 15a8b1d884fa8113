/*
 * Resolving names (§3.2): GET /users/@me (the bot), GET /users/@me/guilds (partial guilds in
 * snowflake order, paged with before/after and limit 1-200, default 200) and
 * GET /guilds/{id}/channels (the guild's channels, threads excluded).
 */
#include "sandbox/discord/discord.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/num.h"

#define GUILDS_LIMIT_MAX 200

void dc_users_me(struct dc_call *c)
{
    struct sbx *s = c->r->sbx;
    pthread_mutex_lock(&s->lock);
    json_t *bot = dc_bot(s);
    json_t *user =
        json_pack("{s:O, s:O, s:s, s:n, s:n, s:b, s:b, s:b, s:i, s:s}", "id", json_object_get(bot, "id"),
                  "username", json_object_get(bot, "username"), "discriminator", "0", "global_name", "avatar",
                  "bot", 1, "verified", 1, "mfa_enabled", 0, "flags", 0, "locale", "en-US");
    pthread_mutex_unlock(&s->lock);
    sbx_reply_json(c->r, 200, user);
}

/* A query parameter that must be a snowflake, or absent; records a 50035 otherwise. */
static const char *snowflake_arg(struct sbx_req *r, const char *name, json_t *errors)
{
    const char *v = sbx_query(r, name);
    if (v && !dc_is_snowflake(v)) {
        char msg[96];
        snprintf(msg, sizeof(msg), "Value \"%.40s\" is not snowflake.", v);
        sbx_utf8_scrub(msg);
        dc_error_at(errors, name, "NUMBER_TYPE_COERCE", msg);
    }
    return v && dc_is_snowflake(v) ? v : NULL;
}

/* a < b in snowflake order (numbers as decimal strings without leading zeros). */
static bool before(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    return la != lb ? la < lb : strcmp(a, b) < 0;
}

static json_t *partial_guild(json_t *g, bool counts)
{
    json_t *out = json_pack("{s:O, s:O, s:n, s:n, s:b, s:s, s:[]}", "id", json_object_get(g, "id"), "name",
                            json_object_get(g, "name"), "icon", "banner", "owner", 0, "permissions", "117760",
                            "features");
    if (counts) {
        json_object_set_new(out, "approximate_member_count", json_integer(2));
        json_object_set_new(out, "approximate_presence_count", json_integer(1));
    }
    return out;
}

void dc_guilds(struct dc_call *c)
{
    struct sbx_req *r = c->r;
    json_t *errors = json_object();
    int64_t limit = GUILDS_LIMIT_MAX;
    const char *lim = sbx_query(r, "limit"), *wc = sbx_query(r, "with_counts");
    const char *after = snowflake_arg(r, "after", errors), *bef = snowflake_arg(r, "before", errors);
    if (lim && ag_parse_i64(lim, 1, GUILDS_LIMIT_MAX, &limit) < 0)
        dc_error_at(errors, "limit", "NUMBER_TYPE_MAX", "int value should be between 1 and 200.");
    if (wc && strcmp(wc, "true") != 0 && strcmp(wc, "false") != 0)
        dc_error_at(errors, "with_counts", "BASE_TYPE_BOOLEAN", "Must be either true or false.");
    if (json_object_size(errors) > 0) {
        dc_reply_invalid(r, errors);
        return;
    }
    json_decref(errors);
    pthread_mutex_lock(&r->sbx->lock);
    json_t *all = dc_guild_list(r->sbx);
    pthread_mutex_unlock(&r->sbx->lock);
    /* The window of matching guilds: after A counts up from A, before B (alone) down to B. */
    size_t i, first = 0, end = json_array_size(all);
    json_t *g;
    json_array_foreach(all, i, g)
    {
        const char *id = sbx_str(g, "id");
        if (after && !before(after, id))
            first = i + 1;
        if (bef && !before(id, bef) && i < end)
            end = i;
    }
    if (end < first)
        end = first;
    if (end - first > (size_t)limit) {
        if (bef && !after)
            first = end - (size_t)limit;
        else
            end = first + (size_t)limit;
    }
    json_t *out = json_array();
    for (i = first; i < end; i++)
        json_array_append_new(out, partial_guild(json_array_get(all, i), wc && strcmp(wc, "true") == 0));
    json_decref(all);
    sbx_reply_json(r, 200, out);
}

/* Thread types (10, 11, 12) are not guild channels in the listing (§3.2). */
static bool is_thread(json_t *ch)
{
    long long t = sbx_int(ch, "type");
    return t >= 10 && t <= 12;
}

static json_t *channel_object(json_t *ch, size_t position)
{
    json_t *out = json_pack("{s:O, s:O, s:O, s:O, s:I, s:[], s:b, s:n}", "id", json_object_get(ch, "id"),
                            "type", json_object_get(ch, "type"), "guild_id", json_object_get(ch, "guild_id"),
                            "name", json_object_get(ch, "name"), "position", (json_int_t)position,
                            "permission_overwrites", "nsfw", 0, "topic");
    json_object_set(out, "parent_id",
                    json_object_get(ch, "parent_id") ? json_object_get(ch, "parent_id") : json_null());
    return out;
}

void dc_channels(struct dc_call *c)
{
    struct sbx *s = c->r->sbx;
    size_t i, n = 0;
    json_t *ch;
    pthread_mutex_lock(&s->lock);
    json_t *guild = dc_guild_find(s, c->id);
    bool member = guild && !json_is_false(json_object_get(guild, "member"));
    json_t *out = json_array();
    json_array_foreach(sbx_array(dc_section(s), "channels"), i, ch)
    {
        if (member && strcmp(sbx_str(ch, "guild_id"), c->id) == 0 && !is_thread(ch))
            json_array_append_new(out, channel_object(ch, n++));
    }
    pthread_mutex_unlock(&s->lock);
    json_decref(guild);
    if (!guild)
        dc_reply_error(c->r, 404, 10004, "Unknown Guild");
    else if (!member)
        dc_reply_error(c->r, 403, 50001, "Missing Access");
    else {
        sbx_reply_json(c->r, 200, out);
        return;
    }
    json_decref(out);
}
