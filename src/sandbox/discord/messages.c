/*
 * Create message (§3.3, §3.4) and delete (§3.5).
 *
 * Create, in order: the body (413 code 40005 for a file or request too large, 50035 for a body
 * that is not what its Content-Type says), the channel (10003 unknown, 50001 in a guild without
 * the bot, 50035 at channel_id for a channel that takes no messages such as voice -- the doc's
 * only code for it -- and 50013 without SEND_MESSAGES), the payload's rules (50035), an empty
 * message (50006), then `nonce` + `enforce_nonce: true`: the same nonce from the bot in the same
 * channel within nonce_window_ms answers the existing message (200) instead of creating another.
 * Embeds with the same url as an earlier one are dropped ("only the first shows").
 *
 * Delete: the bot's own message, 204; unknown (or deleted) 10008; another author's 50013 (the bot
 * has no MANAGE_MESSAGES).  Deleted messages stay in the state, marked deleted.
 */
#include "sandbox/discord/discord.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ISO 8601 with microseconds, as Discord writes timestamps. */
static void iso_time(long long ms, char out[40])
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    size_t n = strftime(out, 40, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out + n, 40 - n, ".%03lld000+00:00", ms % 1000);
}

/* The message object answered for a stored message; under the lock. */
static json_t *message_object(struct sbx *s, json_t *m)
{
    size_t i;
    json_t *a, *bot = dc_bot(s);
    json_t *attachments = json_array();
    json_array_foreach(json_object_get(m, "attachments"), i, a)
    {
        char url[256];
        snprintf(url, sizeof(url), "%s/_sandbox/discord/attachments/%s", s->base_url, sbx_str(a, "id"));
        json_t *o = json_pack("{s:O, s:O, s:O, s:s, s:s}", "id", json_object_get(a, "id"), "filename",
                              json_object_get(a, "filename"), "size", json_object_get(a, "size"), "url", url,
                              "proxy_url", url);
        if (json_object_get(a, "description"))
            json_object_set(o, "description", json_object_get(a, "description"));
        json_array_append_new(attachments, o);
    }
    json_t *out =
        json_pack("{s:O, s:i, s:O, s:O, s:{s:O, s:O, s:s, s:n, s:n, s:b}, s:O, s:O, s:n, s:O, s:b, s:[], "
                  "s:[], s:o, s:O, "
                  "s:b, s:O}",
                  "id", json_object_get(m, "id"), "type", 0, "channel_id", json_object_get(m, "channel_id"),
                  "guild_id", json_object_get(m, "guild_id"), "author", "id", json_object_get(bot, "id"),
                  "username", json_object_get(bot, "username"), "discriminator", "0", "global_name", "avatar",
                  "bot", 1, "content", json_object_get(m, "content"), "timestamp",
                  json_object_get(m, "timestamp"), "edited_timestamp", "tts", json_object_get(m, "tts"),
                  "mention_everyone", 0, "mentions", "mention_roles", "attachments", attachments, "embeds",
                  json_object_get(m, "embeds"), "pinned", 0, "flags", json_object_get(m, "flags"));
    if (json_object_get(m, "nonce"))
        json_object_set(out, "nonce", json_object_get(m, "nonce"));
    return out;
}

/* The channel's refusal for a create or delete (answered), or NULL if the bot may go on; under the lock. */
static bool channel_refused(struct dc_call *c, json_t *channel, bool create)
{
    json_t *guild = channel ? dc_guild_find(c->r->sbx, sbx_str(channel, "guild_id")) : NULL;
    bool member = guild && !json_is_false(json_object_get(guild, "member"));
    long long type = sbx_int(channel, "type");
    json_decref(guild);
    if (!channel)
        dc_reply_error(c->r, 404, 10003, "Unknown Channel");
    else if (!member)
        dc_reply_error(c->r, 403, 50001, "Missing Access");
    else if (create && type != 0 && type != 5 && (type < 10 || type > 12)) {
        json_t *errors = json_object();
        dc_error_at(errors, "channel_id", "CHANNEL_TYPE_INVALID",
                    "Messages go to text (0) and announcement (5) channels and threads.");
        dc_reply_invalid(c->r, errors);
    } else if (create && json_is_false(json_object_get(channel, "can_send")))
        dc_reply_error(c->r, 403, 50013, "Missing Permissions");
    else
        return false;
    return true;
}

/* An earlier message with this nonce from the bot in the channel, within the window; under the lock. */
static json_t *nonce_match(struct sbx *s, const char *channel_id, json_t *nonce)
{
    size_t i;
    json_t *m;
    long long since = sbx_now_ms() - dc_setting(s, "nonce_window_ms");
    const char *bot = sbx_str(dc_bot(s), "id");
    json_array_foreach(sbx_array(dc_section(s), "messages"), i, m)
    {
        if (strcmp(sbx_str(m, "channel_id"), channel_id) == 0 &&
            json_equal(json_object_get(m, "nonce"), nonce) && sbx_str(m, "author_id") &&
            strcmp(sbx_str(m, "author_id"), bot) == 0 && sbx_int(m, "created_ms") >= since &&
            !sbx_bool(m, "deleted"))
            return m;
    }
    return NULL;
}

/* Embeds without those repeating an earlier url. */
static json_t *unique_embeds(json_t *embeds)
{
    size_t i, j;
    json_t *e, *out = json_array();
    json_array_foreach(embeds, i, e)
    {
        bool seen = false;
        for (j = 0; j < i && sbx_str(e, "url"); j++)
            seen = seen ||
                   json_equal(json_object_get(json_array_get(embeds, j), "url"), json_object_get(e, "url"));
        if (!seen)
            json_array_append(out, e);
    }
    return out;
}

/* Store the message and keep its files; under the lock. */
static json_t *store(struct dc_call *c, json_t *channel, json_t *payload, struct dc_file *files,
                     size_t n_files)
{
    struct sbx *s = c->r->sbx;
    char id[24], when[40];
    long long now = sbx_now_ms();
    json_t *content = json_object_get(payload, "content");
    dc_snowflake(id);
    iso_time(now, when);
    json_t *m = json_pack("{s:s, s:O, s:O, s:O, s:s, s:o, s:b, s:I, s:s, s:I, s:[]}", "id", id, "channel_id",
                          json_object_get(channel, "id"), "guild_id", json_object_get(channel, "guild_id"),
                          "author_id", json_object_get(dc_bot(s), "id"), "content",
                          json_is_string(content) ? json_string_value(content) : "", "embeds",
                          unique_embeds(json_object_get(payload, "embeds")), "tts", sbx_bool(payload, "tts"),
                          "flags", (json_int_t)sbx_int(payload, "flags"), "timestamp", when, "created_ms",
                          (json_int_t)now, "attachments");
    json_t *nonce = json_object_get(payload, "nonce");
    if (nonce && !json_is_null(nonce))
        json_object_set(m, "nonce", nonce);
    for (size_t i = 0; i < n_files; i++) {
        char aid[24];
        dc_snowflake(aid);
        json_t *a = json_pack("{s:s, s:s, s:I, s:s, s:s}", "id", aid, "filename", files[i].filename, "size",
                              (json_int_t)files[i].size, "sha256", files[i].sha256, "file",
                              strrchr(files[i].path, '/') + 1);
        if (files[i].description)
            sbx_set_str(a, "description", files[i].description);
        json_array_append_new(json_object_get(m, "attachments"), a);
        files[i].kept = true;
    }
    json_array_append_new(sbx_array(dc_section(s), "messages"), m);
    return m;
}

void dc_create(struct dc_call *c)
{
    struct sbx_req *r = c->r;
    struct sbx *s = r->sbx;
    struct dc_file *files = NULL;
    size_t n_files = 0;
    json_t *payload = dc_body_finish(c, &files, &n_files);
    if (!payload)
        return;
    pthread_mutex_lock(&s->lock);
    bool refused = channel_refused(c, dc_channel_find(s, c->id), true);
    pthread_mutex_unlock(&s->lock);
    json_t *errors = json_object();
    if (!refused)
        dc_rules_check(payload, files, n_files, errors);
    if (refused)
        ;
    else if (json_object_size(errors) > 0)
        dc_reply_invalid(r, json_incref(errors));
    else if (dc_payload_empty(payload, n_files))
        dc_reply_error(r, 400, 50006, "Cannot send an empty message");
    else {
        pthread_mutex_lock(&s->lock);
        json_t *nonce = json_object_get(payload, "nonce"), *m = NULL;
        if (sbx_bool(payload, "enforce_nonce") && nonce && !json_is_null(nonce))
            m = nonce_match(s, c->id, nonce);
        bool existing = m != NULL;
        if (!m)
            m = store(c, dc_channel_find(s, c->id), payload, files, n_files);
        json_t *answer = message_object(s, m);
        pthread_mutex_unlock(&s->lock);
        if (!existing && strcmp(r->fault, "commit_drop") == 0) {
            r->drop = true; /* created, and the answer lost: what a retry with the same nonce must survive */
            json_decref(answer);
        } else
            sbx_reply_json(r, 200, answer);
    }
    json_decref(errors);
    json_decref(payload);
}

void dc_delete(struct dc_call *c)
{
    struct sbx *s = c->r->sbx;
    pthread_mutex_lock(&s->lock);
    json_t *channel = dc_channel_find(s, c->id);
    if (channel_refused(c, channel, false)) {
        pthread_mutex_unlock(&s->lock);
        return;
    }
    json_t *m = sbx_find(sbx_array(dc_section(s), "messages"), "id", c->sub_id);
    const char *author = sbx_str(m, "author_id"), *bot = sbx_str(dc_bot(s), "id");
    if (!m || strcmp(sbx_str(m, "channel_id"), c->id) != 0 || sbx_bool(m, "deleted"))
        dc_reply_error(c->r, 404, 10008, "Unknown Message");
    else if (!author || strcmp(author, bot) != 0)
        dc_reply_error(c->r, 403, 50013, "Missing Permissions");
    else {
        json_object_set_new(m, "deleted", json_true());
        sbx_reply(c->r, 204, NULL, NULL, 0);
    }
    pthread_mutex_unlock(&s->lock);
}
