/*
 * agoras-sandbox internals: a local, stateful emulator of TikTok's Login Kit v2 OAuth and Content
 * Posting API, written from ../shared/docs/TIKTOK_API.md (never from what our client sends).
 *
 * Model: the whole emulated world (apps, accounts, grants, posts) is one jansson tree in
 * sbx->state, guarded by sbx->lock.  Keys starting with '_' are runtime-only (rate-limit windows,
 * pending consents, codes): they are neither persisted nor shown by /_sandbox/state.  Keeping the
 * model as JSON makes persistence and the state endpoint a dump instead of a second data model.
 *
 * Threads: libmicrohttpd runs one thread per connection, so --latency, stalls and large PUTs only
 * block their own connection; PULL_FROM_URL downloads run in detached worker threads.
 */
#ifndef SBX_SANDBOX_H
#define SBX_SANDBOX_H

#include <jansson.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

/* Documented TikTok numbers (TIKTOK_API.md §2.4, §4), decimal bytes as the evidence suggests. */
#define SBX_MB             1000000LL
#define SBX_MIN_CHUNK      (5 * SBX_MB)
#define SBX_MAX_CHUNK      (64 * SBX_MB)
#define SBX_MAX_LAST_CHUNK (128 * SBX_MB)
#define SBX_MAX_CHUNKS     1000
#define SBX_MAX_VIDEO      (4000 * SBX_MB)
#define SBX_DAY_MS         (24LL * 3600 * 1000)

/* Filled from the command line by cli.c's option table (defaults included). */
struct sbx_config {
    const char *host;
    long port;
    const char *port_file;
    bool auto_approve;
    const char *state_path;
    const char *media_dir;
    json_t *fault_specs; /* array of "PATH=CODES" strings from the command line */
    json_t *prefixes;    /* extra verified URL prefixes from the command line */
    json_t *domains;     /* extra verified domains from the command line */
    long latency_ms, stall_ms, complete_after_ms;
    long retry_after_s;                                 /* Retry-After of an injected 429 */
    long access_ttl, refresh_ttl, code_ttl, upload_ttl; /* seconds */
};

struct sbx_fault_queue;

struct sbx {
    struct sbx_config cfg;
    pthread_mutex_t lock;
    pthread_cond_t idle; /* signalled when the last pull worker ends */
    json_t *state;
    char *data_dir; /* uploaded and pulled media live here */
    bool own_data_dir;
    unsigned port;
    char base_url[96]; /* http://host:port, for upload URLs and the default verified prefix */
    struct sbx_fault_queue *faults;
    atomic_int stopping; /* read by every thread: sleeps, pulls */
    int workers;         /* running pull threads, under lock */
};

/* Name/value pairs (headers, query arguments, answer headers) in arrival order. */
struct sbx_kvs {
    char **items; /* name0, value0, name1, value1, ... */
    size_t n;     /* pairs */
};

/*
 * One HTTP request being served, independent of the transport: server.c fills it from
 * libmicrohttpd, the fuzz target from bytes.  Handlers read it and leave one answer in it.
 */
struct sbx_req {
    struct sbx *sbx;
    char method[16];
    char path[1024]; /* percent-decoded, without the query string */
    char *target;    /* the raw request target */
    struct sbx_kvs headers, args;
    struct ag_buf body;
    bool body_too_big;
    bool is_upload;
    void *upload; /* upload.c's streaming state */
    /* The answer: status, headers and either body or (out_fd >= 0) out_size bytes of a file. */
    bool answered;
    unsigned status;
    struct sbx_kvs out_headers;
    struct ag_buf out;
    int out_fd;
    long long out_size;
    bool drop;
    long long started_ms;
};

/* ---- request.c: the request lifecycle, transport-free ---- */
void sbx_req_init(struct sbx_req *r, struct sbx *s, const char *method, const char *target);
void sbx_req_add_header(struct sbx_req *r, const char *name, const char *value);
void sbx_req_begin(struct sbx_req *r); /* headers are in: parse the target, faults, upload start */
void sbx_req_data(struct sbx_req *r, const char *data, size_t len);
void sbx_req_end(struct sbx_req *r); /* the body is in: answer (r->answered) unless dropped */
void sbx_req_free(struct sbx_req *r);
const char *sbx_header(struct sbx_req *r, const char *name); /* case-insensitive name */
const char *sbx_query(struct sbx_req *r, const char *name);  /* first value */
bool sbx_query_repeated(struct sbx_req *r);                  /* some argument appears twice */
bool sbx_query_utf8(struct sbx_req *r);                      /* every argument is valid UTF-8 */

/* ---- reply.c: responses, ids, clocks, forms ---- */
long long sbx_now_ms(void);
void sbx_sleep_ms(struct sbx *s, long ms); /* wakes early when the server stops */
void sbx_reply(struct sbx_req *r, unsigned status, const char *ctype, const char *body, size_t len);
void sbx_reply_json(struct sbx_req *r, unsigned status, json_t *obj); /* steals obj */
void sbx_reply_api(struct sbx_req *r, unsigned status, json_t *data, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 5, 6))); /* TikTok {data, error} envelope; steals data (may be NULL) */
void sbx_reply_ok(struct sbx_req *r, json_t *data);
void sbx_reply_oauth(struct sbx_req *r, unsigned status, const char *error, const char *desc);
void sbx_reply_html(struct sbx_req *r, unsigned status, const char *html);
void sbx_reply_redirect(struct sbx_req *r, const char *location);
void sbx_add_header(struct sbx_req *r, const char *name, const char *value);
void sbx_log_id(char out[48]);
void sbx_random_hex(char *out, size_t nbytes); /* out holds 2*nbytes+1 */
void sbx_random_digits(char *out, size_t ndigits);
bool sbx_media_type_is(struct sbx_req *r, const char *type); /* Content-Type check, params ignored */
json_t *sbx_form_parse(const char *body);                    /* object of decoded fields, NULL if malformed */
char *sbx_url_encode(const char *s);                         /* caller frees */
void sbx_html_escape(struct ag_buf *b, const char *s);       /* invalid UTF-8 bytes become U+FFFD */
/* Percent-decode n bytes ('+' is a space in forms); NULL on a bad escape or an encoded NUL. */
char *sbx_pct_decode(const char *s, size_t n, bool plus_is_space);
size_t sbx_utf8_seq(const char *s); /* length of the valid UTF-8 sequence at s, 0 if invalid */
bool sbx_utf8_valid(const char *s);

/* ---- state.c: the emulated world ---- */
int sbx_state_init(struct sbx *s);
int sbx_state_save(struct sbx *s);
json_t *sbx_state_builtin(void);         /* the world without --state: its app and account, as --help shows */
json_t *sbx_state_public(struct sbx *s); /* deep copy without runtime keys; under lock */
json_t *sbx_find(json_t *array, const char *key, const char *value);
json_t *sbx_list(struct sbx *s, const char *name); /* top-level array, created on demand */
const char *sbx_str(json_t *obj, const char *key);
long long sbx_int(json_t *obj, const char *key);
bool sbx_bool(json_t *obj, const char *key);
void sbx_set_str(json_t *obj, const char *key, const char *v);
void sbx_set_int(json_t *obj, const char *key, long long v);
void sbx_open_id(const char *client_key, const char *username, char out[33]);

/* ---- faults.c ---- */
int sbx_faults_init(struct sbx *s);
void sbx_faults_free(struct sbx *s);
int sbx_faults_add(struct sbx *s, const char *path, const char *codes); /* 0 or -1 on bad codes */
/* The next queued "processing" fail_reason, or NULL (caller holds the lock). */
const char *sbx_faults_processing(struct sbx *s);
/* Apply latency and the next queued fault for this request; true if a fault answered it. */
bool sbx_faults_apply(struct sbx_req *r);

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
size_t sbx_utf16_len(const char *utf8);
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

/* ---- upload.c: PUT upload_url ---- */
void sbx_upload_begin(struct sbx_req *r);
void sbx_upload_data(struct sbx_req *r, const char *data, size_t len);
void sbx_upload_end(struct sbx_req *r);
void sbx_upload_free(struct sbx_req *r);
void sbx_upload_url(struct sbx *s, json_t *post, char *out, size_t outlen);

/* ---- url.c: the URL a pull really fetches, for ownership checks ---- */
char *sbx_url_normalize(const char *url); /* normalised http(s) URL, or NULL if refused; caller frees */
bool sbx_url_under_domain(const char *normalized, const char *domain); /* the domain or a subdomain */
bool sbx_url_verified(struct sbx *s, const char *normalized);          /* under a verified prefix or domain */

/* ---- pull.c: PULL_FROM_URL downloads ---- */
int sbx_pull_start(struct sbx *s, json_t *post);
void sbx_pull_wait_all(struct sbx *s);

/* ---- media.c: probes the way TikTok checks media after transfer ---- */
const char *sbx_media_check_video(const char *path, long long max_duration_sec); /* fail_reason/NULL */
const char *sbx_media_check_photo(const char *path);

/* ---- page.c: the sandbox's own endpoints ---- */
void sbx_page_index(struct sbx_req *r);
void sbx_page_media(struct sbx_req *r);
void sbx_page_local_media(struct sbx_req *r);
void sbx_admin_state(struct sbx_req *r);
void sbx_admin_fault(struct sbx_req *r);
void sbx_admin_expire(struct sbx_req *r);
void sbx_admin_finish(struct sbx_req *r);

/* ---- env.c ---- */
/* Print the export lines that point agoras at this sandbox (after the state is loaded and the port known). */
void sbx_print_env(struct sbx *s, FILE *out);
/* The export lines alone, for s->base_url and s->state (the first app and account). */
void sbx_print_exports(struct sbx *s, FILE *out);

/* ---- cli.c: one option table drives getopt_long, defaults, --help's options and --options-table ---- */
/* Fill c from argv.  Returns -1 to go on and serve, or the exit status (after --help, or a usage error). */
int sbx_cli_parse(struct sbx_config *c, int argc, char **argv);
void sbx_cli_print_options(FILE *out); /* the options part of --help */

/* ---- help.c: the prose of --help, which --man-sections hands to the man page generator ---- */
void sbx_help_print(FILE *out);
void sbx_help_print_sections(FILE *out);

/* ---- server.c ---- */
int sbx_server_run(struct sbx *s);

#endif
