/*
 * Threads' emulator (X_THREADS_API.md §5-§8, §10.3, and the Threads contract where the doc is
 * silent): the consent page /threads/oauth/authorize, the token endpoints /threads/oauth/access_token,
 * /threads/access_token and /threads/refresh_access_token, and the Graph API /threads/v1.0/....
 * Private to src/sandbox/threads/: the generic sandbox knows it only as struct sbx_network
 * sbx_threads (threads.c).  Its state section is sbx_section(s, "threads"), described in world.c.
 */
#ifndef SBX_THREADS_H
#define SBX_THREADS_H

#include "sandbox/sandbox.h"

#define TH_TEXT_MAX     500 /* §6.1, counted as th_text_length does */
#define TH_LINKS_MAX    5
#define TH_CHILDREN_MIN 2
#define TH_CHILDREN_MAX 20
#define TH_ALT_TEXT_MAX 1000
#define TH_DAY          86400LL

/* One Graph API request: its parameters (query and form body merged) and the token's user. */
struct th_call {
    struct sbx_req *r;
    json_t *form;     /* the form body's fields, or NULL */
    char user_id[24]; /* the access token's user */
    char id[64];      /* the first path segment after /v1.0 ("me" resolved to the user) */
    const char *edge; /* the rest after the id ("/threads", ""...) */
};

/* ---- threads.c: answers ---- */
/* The Graph error object (§7.1); subcode 0: none. */
void th_graph_error(struct sbx_req *r, unsigned status, int code, int subcode, const char *type,
                    bool transient, const char *fmt, ...) __attribute__((format(printf, 7, 8)));
/* The token endpoints' {"error_type","code","error_message"} (subcode 0: none). */
void th_token_error(struct sbx_req *r, unsigned status, int code, int subcode, const char *message);
/* The authorization window's {"error_message","error_code"}. */
void th_authorize_error(struct sbx_req *r, unsigned status, int code, const char *message);
const char *th_param(struct sbx_req *r, json_t *form, const char *name); /* form first, then query */

/* ---- oauth.c: the consent page and the three token endpoints (§5.2, §5.3) ---- */
void th_authorize(struct sbx_req *r);
void th_code_exchange(struct sbx_req *r);
void th_exchange(struct sbx_req *r);
void th_refresh(struct sbx_req *r);

/* ---- containers.c: create, status, publish (§6.1-§6.4) ---- */
void th_create(struct th_call *c);
void th_status(struct th_call *c); /* GET /{id}: a container's status, or a post's fields */
void th_publish(struct th_call *c);

/* ---- posts.c: repost, delete, the quota, the profile (§6.5-§6.8) ---- */
void th_repost(struct th_call *c);
void th_delete(struct th_call *c);
void th_limit(struct th_call *c);
void th_me(struct th_call *c);
/* Entries of list ("posts", "deletes") of user_id whose time_key is in the last 24 h; reposts are not
 * posts of the quota (caller holds the lock). */
long long th_usage(struct sbx *s, const char *list, const char *time_key, const char *user_id);
/* Whether a comma-separated fields parameter names field (no parameter: dflt). */
bool th_field(const char *fields, const char *field, bool dflt);

/* ---- rules.c: §6.1's rules on a create ---- */
size_t th_text_length(const char *text); /* characters; emojis count their UTF-8 bytes (§8) */
size_t th_link_count(const char *text, const char *link_attachment); /* unique http(s) URLs */

/* ---- world.c: app, users, tokens, containers, posts (caller holds the lock) ---- */
json_t *th_world(struct sbx *s);
json_t *th_list(struct sbx *s, const char *name);
long long th_option(struct sbx *s, const char *name);
long long th_now(void); /* Unix milliseconds, the unit of the world's *_ms times */
void th_next_id(struct sbx *s, char out[24]);
/* The token's record if it is known; *expired when it is past its expires_ms. */
json_t *th_token_find(struct sbx *s, const char *token, bool *expired);
/* A new token of kind "short" or "long" for user_id, valid ttl seconds, into out. */
void th_token_issue(struct sbx *s, const char *kind, const char *user_id, long long ttl, char out[64]);
/* A container's status now, counting this status call when count (IN_PROGRESS turns FINISHED). */
const char *th_container_status(struct sbx *s, json_t *container, bool count);
int th_state_check(json_t *section, const char **why);
void th_state_init(struct sbx *s, json_t *section);
void th_state_public(struct sbx *s, json_t *section);
void th_page_section(struct ag_buf *b, json_t *section);
void th_print_exports(struct sbx *s, FILE *out);

#endif
