/*
 * TikTok's emulator (Login Kit v2 OAuth and the Content Posting API), written from
 * ../shared/docs/TIKTOK_API.md.  Private to src/sandbox/tiktok/: the generic sandbox knows it only
 * as the struct sbx_network sbx_tiktok (tiktok.c).  Its state section is sbx_section(s, "tiktok").
 */
#ifndef SBX_TIKTOK_H
#define SBX_TIKTOK_H

#include "sandbox/sandbox.h"

/* Documented TikTok numbers (TIKTOK_API.md §2.4, §4), decimal bytes as the evidence suggests. */
#define SBX_MIN_CHUNK      (5 * SBX_MB)
#define SBX_MAX_CHUNK      (64 * SBX_MB)
#define SBX_MAX_LAST_CHUNK (128 * SBX_MB)
#define SBX_MAX_CHUNKS     1000
#define SBX_MAX_VIDEO      (4000 * SBX_MB)
#define SBX_DAY_MS         (24LL * 3600 * 1000)

json_t *tt_list(struct sbx *s, const char *name); /* a list of TikTok's section, created on demand */

/* ---- reply.c: TikTok's answer shapes ---- */
void sbx_reply_api(struct sbx_req *r, unsigned status, json_t *data, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 5, 6))); /* the {data, error} envelope; steals data (may be NULL) */
void sbx_reply_ok(struct sbx_req *r, json_t *data);
void sbx_reply_oauth(struct sbx_req *r, unsigned status, const char *error, const char *desc);
void sbx_log_id(char out[48]);

/* ---- world.c: the built-in world, state checks and defaults ---- */
int tt_state_check(json_t *section, const char **why);
void tt_state_init(struct sbx *s, json_t *section);
void sbx_open_id(const char *client_key, const char *username, char out[33]);

/* ---- oauth.c ---- */
void sbx_oauth_authorize(struct sbx_req *r);
void sbx_oauth_consent(struct sbx_req *r);
void sbx_oauth_token(struct sbx_req *r);
void sbx_oauth_revoke(struct sbx_req *r);

/* ---- rules.c: who may call (tokens, scopes, rate limits, caps; caller holds the lock) ---- */
enum sbx_limit {
    SBX_RL_CREATOR_INFO,
    SBX_RL_VIDEO_INIT,
    SBX_RL_INBOX_INIT,
    SBX_RL_CONTENT_INIT,
    SBX_RL_STATUS,
    SBX_RL_NONE, /* cancel: no limit is published */
};
json_t *sbx_access_check(struct sbx_req *r, const char *scope_a, const char *scope_b, enum sbx_limit lim);
json_t *sbx_grant_account(struct sbx *s, json_t *grant);
json_t *sbx_grant_app(struct sbx *s, json_t *grant);
bool sbx_has_scope(json_t *grant, const char *scope);
const char *sbx_posting_block(struct sbx *s, json_t *grant, bool inbox); /* error code or NULL */

/* ---- content.c (init endpoints) / post.c (status, cancel) ---- */
void sbx_cp_creator_info(struct sbx_req *r);
void sbx_cp_video_init(struct sbx_req *r);
void sbx_cp_inbox_init(struct sbx_req *r);
void sbx_cp_status(struct sbx_req *r);
void sbx_cp_cancel(struct sbx_req *r);
void sbx_cp_content_init(struct sbx_req *r);
json_t *sbx_cp_body(struct sbx_req *r); /* parsed JSON object body, or NULL after replying 400 */
const char *sbx_privacy_refusal(struct sbx *s, json_t *grant, json_t *post_info); /* 403 code or NULL */
void sbx_copy_fields(json_t *to, json_t *from, const char *const *keys);

/* ---- rules.c: request-field rules written from the docs (caller holds the lock) ---- */
const char *sbx_check_chunk_plan(json_t *source_info); /* NULL if valid, else the reason */
const char *sbx_check_bools(json_t *obj, const char *const *names);
const char *sbx_check_text(json_t *obj, const char *key, size_t max_units);
bool sbx_privacy_known(const char *level);
bool sbx_url_pullable(const char *url);

/* ---- post.c: posts and their status progression (caller holds the lock) ---- */
json_t *sbx_post_new(struct sbx *s, json_t *grant, const char *id_prefix, const char *source);
void sbx_post_advance(struct sbx *s, json_t *post);
int sbx_post_finish_inbox(struct sbx *s, json_t *post, bool is_public); /* the user posts a draft */
void sbx_post_verdict(struct sbx *s, json_t *post, const char *fail_reason);
void sbx_post_fail_for_grant(struct sbx *s, json_t *grant, const char *reason);
char *sbx_post_file(struct sbx *s, json_t *post, int index); /* absolute media path, caller frees */
const char *tt_processing_fault(struct sbx *s); /* the next queued "processing" fail_reason, or NULL */

/* ---- upload.c: PUT upload_url (a streaming route) ---- */
void sbx_upload_begin(struct sbx_req *r);
void sbx_upload_data(struct sbx_req *r, const char *data, size_t len);
void sbx_upload_end(struct sbx_req *r);
void sbx_upload_free(struct sbx_req *r);
void sbx_upload_url(struct sbx *s, json_t *post, char *out, size_t outlen);

/* ---- ownership.c: verified prefixes and domains ---- */
bool sbx_url_verified(struct sbx *s, const char *normalized); /* under a verified prefix or domain */

/* ---- pull.c: PULL_FROM_URL downloads ---- */
int sbx_pull_start(struct sbx *s, json_t *post);

/* ---- admin.c: TikTok's sandbox conveniences and page section ---- */
void sbx_page_media(struct sbx_req *r);
void sbx_admin_expire(struct sbx_req *r);
void sbx_admin_finish(struct sbx_req *r);
void tt_page_section(struct ag_buf *b, json_t *section);
void tt_print_exports(struct sbx *s, FILE *out);

/* ---- tiktok.c: faults ---- */
int tt_fault_kind(const char *key, const char *code);

#endif
