/*
 * X's emulator (X_THREADS_API.md §1.2, §1.3, §2, §3, §10.3): OAuth 1.0a's three legs and the v2
 * endpoints agoras uses, under /x.  Private to src/sandbox/x/: the generic sandbox knows it only as
 * the struct sbx_network sbx_x (x.c).  Its state section is sbx_section(s, "x"), described in
 * world.c.
 *
 * Every request is an x_call (r->stream): its body (kept in memory, or the multipart `media` part
 * streamed to a file), then the caller as the OAuth 1.0a signature proved it.
 */
#ifndef SBX_X_H
#define SBX_X_H

#include <openssl/evp.h>

#include "sandbox/sandbox.h"

#define X_TEXT_MAX       280 /* weighted characters (§2.9) */
#define X_MEDIA_PER_POST 4
#define X_SEGMENTS       1000
#define X_IMAGE_MAX      (5 * SBX_MB) /* §2.8 */
#define X_GIF_MAX        (15 * SBX_MB)
#define X_VIDEO_MAX      (512 * SBX_MB)

enum x_body { X_BODY_NONE, X_BODY_FORM, X_BODY_JSON, X_BODY_MULTIPART, X_BODY_OTHER };
enum x_token_kind { X_NO_AUTH, X_NO_TOKEN, X_REQUEST_TOKEN, X_ACCESS_TOKEN };

struct x_call {
    struct sbx_req *r;
    const char *key; /* the route key: "tweets" */
    enum x_body kind;
    struct ag_buf body; /* JSON or form, bounded */
    /* multipart (media uploads): fields in memory, the `media` part in a file */
    struct MHD_PostProcessor *pp;
    json_t *fields;
    char *part_name;
    struct ag_buf part_value;
    bool in_file;
    char *file_path; /* NULL until a `media` part arrives */
    int fd;
    long long file_size;
    EVP_MD_CTX *md;
    char sha256[65];
    bool file_kept;    /* an upload holds it now: not removed when the request ends */
    const char *error; /* why the body is refused, NULL if fine */
    bool too_big;
    json_t *params; /* the signed parameters, decoded: the header's oauth_*, query, form */
    /* the caller, once the signature checked out (copies: the state may change meanwhile) */
    bool authed;
    char consumer_key[128];
    char token[160];
    char user_id[24];
    bool read_only, enrolled;
};

/* ---- x.c: answers in X's shapes (each with the x-rate-limit-* headers) ---- */
void x_reply_json(struct sbx_req *r, unsigned status, json_t *obj); /* steals obj */
/* A v2 problem: {"title","type","status","detail"} plus extra (stolen, may be NULL). */
void x_problem(struct sbx_req *r, unsigned status, const char *title, const char *type, const char *detail,
               json_t *extra);
/* An invalid-request problem naming one parameter and its value. */
void x_invalid(struct sbx_req *r, const char *parameter, const char *value, const char *message);
void x_legacy(struct sbx_req *r, unsigned status, int code,
              const char *message);                          /* {"errors":[{code,message}]} */
void x_reply_form(struct sbx_req *r, const char *const *kv); /* NULL-terminated pairs */
void x_reply_page(struct sbx_req *r, unsigned status, const char *title, const char *html_body);

/* The body is in: check it, the signature (kind), the rate window and, for v2, the app's enrollment. */
struct x_call *x_call_ready(struct sbx_req *r, enum x_token_kind kind); /* NULL after answering */
bool x_require_write(struct x_call *c); /* false after a 403 for a read-only token */

/* ---- rate.c: x-rate-limit-* per route and caller, 15-minute windows (§3.3, §4.1) ---- */
/* Count this request of who (a user or consumer key) of app and set the headers; false when spent. */
bool x_rate_take(struct sbx_req *r, const char *who, const char *app);
void x_rate_headers(struct sbx_req *r); /* headers for an answer not counted (unless already set) */

/* ---- body.c: the request body (a streaming route for every X path) ---- */
void x_body_begin(struct x_call *c);
void x_body_data(struct x_call *c, const char *data, size_t len);
bool x_body_end(struct x_call *c); /* the body is complete; false after answering */
void x_body_free(struct x_call *c);
json_t *x_body_json(struct x_call *c);                   /* the JSON object body, NULL after answering */
const char *x_field(struct x_call *c, const char *name); /* a multipart field */

/* ---- sign.c: OAuth 1.0a (RFC 5849, HMAC-SHA1), §1.2 ---- */
/* Check the signature of c's request for a token of this kind; true and c->authed, else answered. */
bool x_verify(struct x_call *c, enum x_token_kind kind);
const char *x_oauth_param(struct x_call *c, const char *name); /* from the header, query or form */

/* ---- oauth.c: the three legs, §1.3 ---- */
void x_request_token(struct sbx_req *r);
void x_authorize(struct sbx_req *r);
void x_access_token(struct sbx_req *r);

/* ---- tweets.c ---- */
void x_tweets_create(struct sbx_req *r);
void x_tweets_delete(struct sbx_req *r);
void x_users_me(struct sbx_req *r);
void x_users_action(struct sbx_req *r); /* likes, retweets */

/* ---- weight.c: §2.9 ---- */
long x_text_weight(const char *text); /* weighted length, -1 if not UTF-8 */

/* ---- media_record.c: media records (callers hold the lock) ---- */
struct x_category {
    const char *name, *types; /* the media types it takes, by prefix */
    long long max;            /* bytes */
    bool processed;           /* asynchronous processing after finalize */
};
const struct x_category *x_category_named(const char *name);
const struct x_category *x_category_for_type(const char *type); /* without media_category (§2.6) */
bool x_media_type_known(const char *type);
void x_media_path(struct sbx *s, const char *name, char *out,
                  size_t size); /* a file of the media directory */
json_t *x_media_find(struct sbx *s, const char *id, const char *user_id,
                     const char **why); /* the caller's, alive */
json_t *x_media_new(struct sbx *s, struct x_call *c, const char *type, const struct x_category *cat,
                    long long total, char id[24]);
/* Uploaded: ready (images) or processing (video, GIF), failing when the world or a fault says so. */
void x_media_done(struct sbx_req *r, json_t *m, const char *sha256, long long size);
json_t *x_media_object(struct sbx *s, json_t *m); /* the answer of finalize, STATUS, one-shot */
/* A media id a post may carry for user_id: NULL, or why not; *kind its category. */
const char *x_media_usable(struct sbx *s, const char *id, const char *user_id, const char **kind);

/* ---- media.c: §2.6 ---- */
void x_media_initialize(struct sbx_req *r);
void x_media_chunk(struct sbx_req *r); /* append, finalize */
void x_media_status(struct sbx_req *r);
void x_media_upload(struct sbx_req *r);
/* A media id a post may carry for user_id: NULL, or why not (under the lock). */
const char *x_media_usable(struct sbx *s, const char *id, const char *user_id, const char **kind);

/* ---- world.c: apps, users, tokens, posts, media (caller holds the lock) ---- */
int x_state_check(json_t *section, const char **why);
void x_state_init(struct sbx *s, json_t *section);
json_t *x_world(struct sbx *s);
json_t *x_list(struct sbx *s, const char *name);
long long x_option(struct sbx *s, const char *name);
void x_next_id(struct sbx *s, char out[24]); /* post and media ids: increasing strings of digits */
json_t *x_find_user(struct sbx *s, const char *id);
void x_page_section(struct ag_buf *b, json_t *section);
void x_print_exports(struct sbx *s, FILE *out);

#endif
