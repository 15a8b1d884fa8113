/*
 * agoras-sandbox internals, the generic part: one HTTP server emulating several networks, each
 * written from its own documentation (never from what our client sends).  A network is a
 * struct sbx_network (its path prefix, route table, error shape, fault answers, state section and
 * page section), registered in network.c; its code lives in its own folder (tiktok/, telegram/)
 * behind a private header.
 *
 * Model: the whole emulated world is one jansson tree in sbx->state, one top-level key per
 * network, guarded by sbx->lock.  Keys starting with '_' are runtime-only (rate-limit windows,
 * pending consents, codes): they are neither persisted nor shown by /_sandbox/state.  Keeping the
 * model as JSON makes persistence and the state endpoint a dump instead of a second data model.
 *
 * Threads: libmicrohttpd runs one thread per connection, so --latency, stalls and large bodies only
 * block their own connection; TikTok's PULL_FROM_URL downloads run in detached worker threads.
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
#include <stdio.h>

#include "core/buf.h"

#define SBX_MB ((long long)1000000)

/* Filled from the command line by cli.c's option table (defaults included). */
struct sbx_config {
    const char *host;
    long port;
    const char *port_file;
    bool auto_approve;
    const char *state_path;
    const char *media_dir;
    json_t *fault_specs; /* array of "[NET:]KEY=CODES" strings from the command line */
    json_t *prefixes;    /* extra verified URL prefixes from the command line */
    json_t *domains;     /* extra verified domains from the command line */
    long latency_ms, stall_ms, complete_after_ms;
    long retry_after_s;                                 /* Retry-After of an injected 429 */
    long access_ttl, refresh_ttl, code_ttl, upload_ttl; /* seconds */
};

struct sbx_fault_queue;
struct sbx_counts;

struct sbx {
    struct sbx_config cfg;
    pthread_mutex_t lock;
    pthread_cond_t idle; /* signalled when the last pull worker ends */
    json_t *state;       /* {"tiktok": {...}, "telegram": {...}} */
    char *data_dir;      /* uploaded and pulled media live here */
    bool own_data_dir;
    unsigned port;
    char base_url[96]; /* http://host:port, for upload URLs and the default verified prefix */
    struct sbx_fault_queue *faults;
    struct sbx_counts *counts;
    atomic_int stopping; /* read by every thread: sleeps, pulls */
    int workers;         /* running pull threads, under lock */
};

/* Name/value pairs (headers, query arguments, answer headers) in arrival order. */
struct sbx_kvs {
    char **items; /* name0, value0, name1, value1, ... */
    size_t n;     /* pairs */
};

struct sbx_req;
struct sbx_network;
typedef void (*sbx_handler)(struct sbx_req *r);

/*
 * One route of a network.  path is under the network's prefix (own routes: the full path, for the
 * sandbox's conveniences, never counted nor faulted).  A streaming route gets the body as it
 * arrives (stream_data) instead of a bounded memory buffer; stream_free releases what
 * stream_begin set up in r->stream, whatever happened.
 */
struct sbx_route {
    const char *method; /* NULL: GET or POST */
    const char *path;
    bool prefix;     /* path is a prefix */
    bool own;        /* a sandbox convenience, not an emulated endpoint */
    const char *key; /* counter and fault key; NULL: the path (or the network's route_key) */
    sbx_handler fn;  /* the body is in: answer */
    void (*stream_begin)(struct sbx_req *r);
    void (*stream_data)(struct sbx_req *r, const char *data, size_t len);
    void (*stream_free)(struct sbx_req *r);
};

struct sbx_network {
    const char *name;    /* state key, fault and counter prefix: "tiktok" */
    const char *display; /* "TikTok" */
    const char *prefix;  /* "/tiktok" */
    bool at_root;        /* also served without the prefix (TikTok, for compatibility) */
    bool secret_in_path; /* paths carry credentials (Telegram's bot token): logged by key only */
    const struct sbx_route *routes;
    size_t n_routes;
    /* The key of an emulated request for counts and faults (into out), when routes give none. */
    void (*route_key)(struct sbx_req *r, const char *sub, char *out, size_t size);
    /* Errors in the network's own shape: no such endpoint (404/405), body too large, faults. */
    void (*reply_error)(struct sbx_req *r, unsigned status, const char *code, const char *message);
    void (*reply_fault)(struct sbx_req *r, unsigned status, const char *code); /* code may be NULL */
    /* Own kinds (TikTok processing, X commit_drop): 1 ok, 0 bad, -1 not own.  An own kind queued on a
     * request's route key is left in r->fault for the handler. */
    int (*fault_kind)(const char *key, const char *code);
    int (*state_check)(json_t *section, const char **why);   /* a loaded section: 0 or -1 */
    void (*state_init)(struct sbx *s, json_t *section);      /* defaults; under lock */
    void (*state_public)(struct sbx *s, json_t *section);    /* bring up to date before a dump */
    void (*page_section)(struct ag_buf *b, json_t *section); /* public section */
    void (*print_exports)(struct sbx *s, FILE *out);         /* env lines pointing agoras here */
    const char *endpoints_help;                              /* --help's list of endpoints */
};

/*
 * One HTTP request being served, independent of the transport: server.c fills it from
 * libmicrohttpd, the fuzz target from bytes.  Handlers read it and leave one answer in it.
 */
struct sbx_req {
    struct sbx *sbx;
    struct MHD_Connection *conn; /* NULL without a socket (fuzzing): no MHD post processor then */
    char method[16];
    char path[1024]; /* percent-decoded, without the query string */
    char *target;    /* the raw request target */
    struct sbx_kvs headers, args;
    struct ag_buf body;
    bool body_too_big;
    const struct sbx_network *net; /* the network addressed, NULL for the sandbox's own pages */
    const struct sbx_route *route; /* NULL: no such endpoint */
    const char *sub;               /* path without the network prefix */
    char key[128];                 /* "tiktok:/v2/oauth/token/": counts and faults */
    void *stream;                  /* the streaming route's state */
    char fault[32];                /* a queued fault of the network's own kind, for its handler ("" none) */
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

/* ---- network.c: the registry ---- */
extern const struct sbx_network sbx_tiktok, sbx_telegram, sbx_x, sbx_discord, sbx_threads;
extern const struct sbx_network *const sbx_networks[];
extern const size_t sbx_n_networks;
const struct sbx_network *sbx_network_named(const char *name, size_t len);
/* "tiktok, telegram, x, discord": the registered names, for messages. */
const char *sbx_network_names(void);

/* ---- request.c: the request lifecycle, transport-free ---- */
void sbx_req_init(struct sbx_req *r, struct sbx *s, const char *method, const char *target);
void sbx_req_add_header(struct sbx_req *r, const char *name, const char *value);
void sbx_req_begin(struct sbx_req *r); /* headers are in: parse the target, route, faults, stream start */
void sbx_req_data(struct sbx_req *r, const char *data, size_t len);
void sbx_req_end(struct sbx_req *r); /* the body is in: answer (r->answered) unless dropped */
void sbx_req_free(struct sbx_req *r);
const char *sbx_header(struct sbx_req *r, const char *name); /* case-insensitive name */
const char *sbx_query(struct sbx_req *r, const char *name);  /* first value */
bool sbx_query_repeated(struct sbx_req *r);                  /* some argument appears twice */
bool sbx_query_utf8(struct sbx_req *r);                      /* every argument is valid UTF-8 */

/* ---- counts.c: GET /_sandbox/requests ---- */
int sbx_counts_init(struct sbx *s);
void sbx_counts_free(struct sbx *s);
void sbx_counts_add(struct sbx *s, const char *key);
void sbx_admin_requests(struct sbx_req *r);

/* ---- reply.c: responses, ids, clocks, forms ---- */
long long sbx_now_ms(void);
void sbx_sleep_ms(struct sbx *s, long ms); /* wakes early when the server stops */
void sbx_reply(struct sbx_req *r, unsigned status, const char *ctype, const char *body, size_t len);
void sbx_reply_json(struct sbx_req *r, unsigned status, json_t *obj); /* steals obj */
void sbx_reply_html(struct sbx_req *r, unsigned status, const char *html);
void sbx_reply_redirect(struct sbx_req *r, const char *location);
void sbx_reply_error(struct sbx_req *r, unsigned status, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5))); /* in the addressed network's shape (TikTok's at the root) */
void sbx_add_header(struct sbx_req *r, const char *name, const char *value);
void sbx_utf8_scrub(char *s);                  /* bytes that are not UTF-8 become '?' */
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
void sbx_sha256_file(const char *path, char out[65]); /* "" when unreadable */

/* ---- state.c: the emulated world ---- */
int sbx_state_init(struct sbx *s);
int sbx_state_save(struct sbx *s);
json_t *sbx_state_public(struct sbx *s);             /* deep copy without runtime keys; under lock */
json_t *sbx_section(struct sbx *s, const char *net); /* a network's top-level object, created on demand */
json_t *sbx_array(json_t *obj, const char *name);    /* an array member, created on demand */
json_t *sbx_find(json_t *array, const char *key, const char *value);
const char *sbx_str(json_t *obj, const char *key);
long long sbx_int(json_t *obj, const char *key);
bool sbx_bool(json_t *obj, const char *key);
void sbx_set_str(json_t *obj, const char *key, const char *v);
void sbx_set_int(json_t *obj, const char *key, long long v);
void sbx_set_default(json_t *obj, const char *key, json_t *value);                  /* steals value */
int sbx_check_list(json_t *section, const char *name, const char *const *required); /* list of objects */

/* ---- faults.c ---- */
int sbx_faults_init(struct sbx *s);
void sbx_faults_free(struct sbx *s);
/* Queue codes for "[NET:]KEY" (no NET: TikTok); 0, or -1 on an unknown network or bad codes. */
int sbx_faults_add(struct sbx *s, const char *key, const char *codes);
char *sbx_faults_pop(struct sbx *s, const char *full_key); /* caller holds the lock; caller frees */
/* Apply latency and the next queued fault for this request; true if a fault answered it. */
bool sbx_faults_apply(struct sbx_req *r);

/* ---- pull.c: fetching media the client names by URL ---- */
/*
 * Download url to path: no redirects, only a complete 200 counts, at most max_bytes (0: any).
 * progress (may be NULL) sees the bytes so far and stops the transfer by returning true.
 * Returns 0, -1 on failure, -2 when the body is larger than max_bytes.
 */
int sbx_fetch(const char *url, const char *path, long long max_bytes,
              bool (*progress)(void *ctx, long long now), void *ctx, long long *got);
void sbx_pull_wait_all(struct sbx *s); /* until every worker thread (s->workers) has ended */

/* ---- media.c: probes with libavformat ---- */
const char *sbx_media_check_video(const char *path, long long max_duration_sec); /* TikTok fail_reason/NULL */
const char *sbx_media_check_photo(const char *path);                             /* TikTok fail_reason/NULL */
/* The codec of the picture of an image or video file (its static name) and its size; NULL if none. */
const char *sbx_media_probe(const char *path, int *width, int *height);

/* ---- url.c: the URL a pull really fetches ---- */
char *sbx_url_normalize(const char *url); /* normalised http(s) URL, or NULL if refused; caller frees */
bool sbx_url_under_domain(const char *normalized, const char *domain); /* the domain or a subdomain */

/* ---- page.c: the sandbox's own endpoints ---- */
void sbx_page_index(struct sbx_req *r);
void sbx_page_local_media(struct sbx_req *r);
void sbx_page_send_file(struct sbx_req *r, const char *path, const char *ctype);
void sbx_page_table(struct ag_buf *b, const char *title, json_t *items, const char *const *keys);
void sbx_page_cell(struct ag_buf *b, json_t *v);
void sbx_admin_state(struct sbx_req *r);
void sbx_admin_fault(struct sbx_req *r);
void sbx_reply_admin_ok(struct sbx_req *r);

/* ---- env.c ---- */
/* Print the export lines that point agoras at this sandbox (after the state is loaded and the port known). */
void sbx_print_env(struct sbx *s, FILE *out);
void sbx_print_exports(struct sbx *s, FILE *out); /* every network's lines */
void sbx_export_line(FILE *out, const char *name, const char *value);

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
