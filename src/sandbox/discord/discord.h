/*
 * Discord's emulator (HTTP API v10, LINKEDIN_YOUTUBE_DISCORD_TELEGRAM_API.md §3, and the Discord
 * contract where the doc is silent): /discord/api/v10/<resource>.  Private to
 * src/sandbox/discord/: the generic sandbox knows it only as struct sbx_network sbx_discord
 * (discord.c).  Its state section is sbx_section(s, "discord"), described in world.c.
 */
#ifndef SBX_DISCORD_H
#define SBX_DISCORD_H

#include "sandbox/sandbox.h"

/* §3.3, §3.4: limits as documented. */
#define DC_CONTENT_MAX     2000
#define DC_EMBEDS_MAX      10
#define DC_EMBED_TOTAL_MAX 6000
#define DC_NONCE_MAX       25 /* Discord's message reference; the stored doc is silent */
#define DC_MIB             ((long long)1 << 20)

/* The emulated routes, also the route keys of counts and faults (dc_kind_key). */
enum dc_kind { DC_NONE, DC_USERS_ME, DC_GUILDS, DC_CHANNELS, DC_CREATE, DC_DELETE };

/* A file part (files[n]) of a multipart create, streamed to the media directory. */
struct dc_file {
    long index;        /* n of files[n] */
    char *filename;    /* the part's, or the attachments entry's */
    char *description; /* from the attachments entry, or NULL */
    char *path;
    long long size;
    char sha256[65];
    bool kept; /* a message holds it now: not removed when the request ends */
};

/* The body of a create, whichever of the three documented Content-Types carried it (body.c). */
struct dc_body;

/* One request to the API: what the path named and the rate-limit bucket it was counted in. */
struct dc_call {
    struct sbx_req *r;
    enum dc_kind kind;
    char id[24];     /* the major resource: guild id (channels) or channel id (create, delete) */
    char sub_id[24]; /* the message id of a delete */
    bool bucket_set; /* the headers below go on the answer */
    char bucket[40];
    long long limit, remaining, reset_ms;
    struct dc_body *body;
};

/* ---- discord.c: answers ---- */
void dc_reply_error(struct sbx_req *r, unsigned status, int code, const char *message);
/* 50035 Invalid Form Body with errors (stolen), nested as §3.7 shows. */
void dc_reply_invalid(struct sbx_req *r, json_t *errors);
/* Add one {"code","message"} to errors at a dotted path ("embeds.0.title"), creating the levels. */
void dc_error_at(json_t *errors, const char *path, const char *code, const char *message);
const char *dc_kind_key(enum dc_kind kind); /* the route key: "messages" */

/* ---- ratelimit.c: per-route buckets (§3.6) ---- */
/* Count the request in its bucket; false (after answering 429) if the bucket is empty. Takes the lock. */
bool dc_bucket_take(struct dc_call *c);
void dc_bucket_headers(struct sbx_req *r, struct dc_call *c);
void dc_bucket_empty(struct dc_call *c, long long retry_after_ms); /* the headers of an injected 429 */
/* The 429 answer; retry_after_ms, global flag and scope ("user", "global" or "shared"). */
void dc_reply_rate_limited(struct sbx_req *r, long long retry_after_ms, bool global, const char *scope);

/* ---- body.c: JSON, form or multipart (payload_json + files[n]) bodies of a create ---- */
void dc_body_begin(struct dc_call *c);
void dc_body_data(struct sbx_req *r, const char *data, size_t len);
void dc_body_free(struct dc_call *c);
/* The body is in: the payload object (files in *files), or NULL after answering. */
json_t *dc_body_finish(struct dc_call *c, struct dc_file **files, size_t *n_files);

/* ---- guilds.c: GET /users/@me, /users/@me/guilds, /guilds/{id}/channels ---- */
void dc_users_me(struct dc_call *c);
void dc_guilds(struct dc_call *c);
void dc_channels(struct dc_call *c);

/* ---- messages.c: POST /channels/{id}/messages, DELETE /channels/{id}/messages/{id} ---- */
void dc_create(struct dc_call *c);
void dc_delete(struct dc_call *c);

/* ---- rules.c: §3.3's and §3.4's rules on a create's payload ---- */
/*
 * Check payload against the rules, collecting 50035 entries in errors; normalise it on the way
 * (embeds trimmed, reduced to the settable fields, typed "rich") and name the files after their
 * attachments entries.
 */
void dc_rules_check(json_t *payload, struct dc_file *files, size_t n_files, json_t *errors);
bool dc_payload_empty(json_t *payload, size_t n_files); /* 50006 */

/* ---- world.c: bot, guilds, channels, messages (caller holds the lock) ---- */
int dc_state_check(json_t *section, const char **why);
void dc_state_init(struct sbx *s, json_t *section);
json_t *dc_section(struct sbx *s);
json_t *dc_bot(struct sbx *s);
json_t *dc_guild_find(struct sbx *s, const char *id); /* stored or extra; extras are built (caller decrefs) */
json_t *dc_channel_find(struct sbx *s, const char *id);
json_t *dc_guild_list(struct sbx *s); /* the bot's guilds in snowflake order, new reference */
void dc_snowflake(char out[24]);      /* a fresh id, increasing */
bool dc_is_snowflake(const char *s);
long long dc_setting(struct sbx *s, const char *name);
void dc_page_section(struct ag_buf *b, json_t *section);
void dc_print_exports(struct sbx *s, FILE *out);
void dc_page_attachment(struct sbx_req *r);

#endif
