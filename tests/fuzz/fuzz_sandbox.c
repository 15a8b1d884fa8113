/*
 * The sandbox's request handling (src/sandbox/request.c and every handler behind it), without
 * sockets.  Input: "METHOD TARGET\n", header lines "Name: value\n", an empty line, the body.
 * "@TOKEN@" anywhere is replaced by a valid access token, so inputs reach past the token check.
 * Every input starts from the same state: the default app and account, one grant.
 *
 * Checked for every answer: one answer unless dropped; every JSON answer parses; every error
 * answer (>= 400) is JSON with a log_id and an error code (TikTok's envelope error.code, or the
 * flat OAuth error), Telegram's envelope, X's problem or legacy errors, Discord's {"code","message"}
 * (429: {"message","retry_after","global"}), or Threads' Graph error object, token-endpoint or
 * authorization-window error, except the authorize pages, which are HTML for the browser.
 * Pulls go to http://127.0.0.1:1 (the sandbox's own URL here), refused at once.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/sha.h>

#include "core/log.h"
#include "sandbox/sandbox.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct sbx s;
static json_t *pristine;
static char token[128];

/* One request through the whole lifecycle; the body arrives in two pieces, like a stream. */
static void serve(struct sbx_req *r, const char *method, const char *target, const char *headers,
                  const char *body, size_t body_len)
{
    sbx_req_init(r, &s, method, target);
    for (const char *h = headers; h && *h;) {
        size_t n = strcspn(h, "\n");
        const char *colon = memchr(h, ':', n);
        if (colon) {
            char *name = strndup(h, (size_t)(colon - h));
            char *value =
                strndup(colon + 1 + (colon[1] == ' '), n - (size_t)(colon - h) - 1 - (colon[1] == ' '));
            sbx_req_add_header(r, name, value);
            free(name);
            free(value);
        }
        h += n + (h[n] == '\n');
    }
    sbx_req_begin(r);
    sbx_req_data(r, body, body_len / 2);
    sbx_req_data(r, body + body_len / 2, body_len - body_len / 2);
    sbx_req_end(r);
}

static const char *answer_header(struct sbx_req *r, const char *name)
{
    for (size_t i = 0; i < r->out_headers.n; i++)
        if (strcasecmp(r->out_headers.items[2 * i], name) == 0)
            return r->out_headers.items[2 * i + 1];
    return NULL;
}

static void check_answer(struct sbx_req *r)
{
    if (r->drop)
        return;
    if (!r->answered || r->status < 100 || r->status > 599)
        abort();
    const char *ctype = answer_header(r, "Content-Type");
    bool is_json = ctype && (strncmp(ctype, "application/json", 16) == 0 ||
                             strncmp(ctype, "application/problem+json", 24) == 0);
    json_t *body = is_json ? json_loadb(r->out.data, r->out.len, 0, NULL) : NULL;
    if (is_json && !body)
        abort(); /* an answer that is not JSON (an empty body, invalid UTF-8) */
    if (r->status >= 400) {
        json_t *error = json_object_get(body, "error");
        bool coded = json_is_string(json_object_get(error, "code")) || json_is_string(error);
        bool logged = json_is_string(json_object_get(error, "log_id")) ||
                      json_is_string(json_object_get(body, "log_id"));
        bool page =
            ctype && strncmp(ctype, "text/html", 9) == 0 &&
            (strcmp(r->path, "/v2/auth/authorize/") == 0 || strcmp(r->path, "/x/oauth/authorize") == 0);
        bool telegram = json_is_false(json_object_get(body, "ok")) &&
                        json_is_integer(json_object_get(body, "error_code")) &&
                        json_is_string(json_object_get(body, "description"));
        /* X: a v2 problem, or the legacy {"errors":[{"code","message"}]} of its OAuth endpoints */
        bool problem = json_is_string(json_object_get(body, "title")) &&
                       json_is_string(json_object_get(body, "type")) &&
                       json_is_string(json_object_get(body, "detail"));
        json_t *legacy = json_array_get(json_object_get(body, "errors"), 0);
        bool x_legacy = json_is_integer(json_object_get(legacy, "code")) &&
                        json_is_string(json_object_get(legacy, "message"));
        bool discord = json_is_string(json_object_get(body, "message")) &&
                       (json_is_integer(json_object_get(body, "code")) ||
                        (r->status == 429 && json_is_number(json_object_get(body, "retry_after")) &&
                         json_is_boolean(json_object_get(body, "global"))));
        json_t *graph = json_object_get(body, "error");
        bool threads = (json_is_integer(json_object_get(graph, "code")) &&
                        json_is_string(json_object_get(graph, "message")) &&
                        json_is_string(json_object_get(graph, "fbtrace_id"))) ||
                       (json_is_string(json_object_get(body, "error_message")) &&
                        (json_is_integer(json_object_get(body, "code")) ||
                         json_is_integer(json_object_get(body, "error_code"))));
        if (!page && !telegram && !problem && !x_legacy && !discord && !threads && !(coded && logged))
            abort();
    }
    json_decref(body);
}

/* Sign the default account in once, through the handlers themselves, to get a usable token. */
static void setup(void)
{
    struct sbx_req r;
    char target[512], challenge[65];
    unsigned char md[SHA256_DIGEST_LENGTH];
    static const char verifier[] = "fuzz-verifier-0123456789-0123456789-0123456789";
    SHA256((const unsigned char *)verifier, strlen(verifier), md);
    for (int i = 0; i < SHA256_DIGEST_LENGTH; i++)
        snprintf(challenge + 2 * i, 3, "%02x", md[i]);
    setenv("TMPDIR", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", 0);
    ag_log_set_level(AG_LOG_CRITICAL);
    s.cfg = (struct sbx_config){.host = "127.0.0.1",
                                .auto_approve = true,
                                .access_ttl = 7200,
                                .refresh_ttl = 86400,
                                .code_ttl = 300,
                                .upload_ttl = 3600,
                                .fault_specs = json_array(),
                                .prefixes = json_array(),
                                .domains = json_array()};
    pthread_mutex_init(&s.lock, NULL);
    pthread_cond_init(&s.idle, NULL);
    snprintf(s.base_url, sizeof(s.base_url), "http://127.0.0.1:1");
    if (sbx_state_init(&s) < 0 || sbx_faults_init(&s) < 0 || sbx_counts_init(&s) < 0)
        abort();
    const char *uri = json_string_value(json_array_get(
        json_object_get(json_array_get(json_object_get(json_object_get(s.state, "tiktok"), "apps"), 0),
                        "redirect_uris"),
        0));
    char *enc = sbx_url_encode(uri);
    snprintf(
        target, sizeof(target),
        "/v2/auth/authorize/?client_key=sbx_client_key&response_type=code&scope=user.info.basic,"
        "video.publish,video.upload&redirect_uri=%s&state=s&code_challenge_method=S256&code_challenge=%s",
        enc, challenge);
    free(enc);
    serve(&r, "GET", target, NULL, "", 0);
    const char *loc = answer_header(&r, "Location");
    const char *code = loc ? strstr(loc, "code=") : NULL;
    char body[1024];
    snprintf(body, sizeof(body),
             "client_key=sbx_client_key&client_secret=sbx_client_secret&grant_type=authorization_code&"
             "redirect_uri=%s&code_verifier=%s&%.*s",
             uri, verifier, code ? (int)strcspn(code, "&") : 0, code ? code : "");
    sbx_req_free(&r);
    serve(&r, "POST", "/v2/oauth/token/", "Content-Type: application/x-www-form-urlencoded", body,
          strlen(body));
    json_t *answer = json_loadb(r.out.data, r.out.len, 0, NULL);
    snprintf(token, sizeof(token), "%s",
             json_string_value(json_object_get(answer, "access_token"))
                 ? json_string_value(json_object_get(answer, "access_token"))
                 : "none");
    json_decref(answer);
    sbx_req_free(&r);
    sbx_faults_free(&s);
    pristine = json_deep_copy(s.state);
}

/* The input with every "@TOKEN@" replaced (a fresh NUL-terminated copy). */
static char *with_token(const uint8_t *data, size_t size)
{
    struct ag_buf b;
    ag_buf_init(&b, 0);
    for (size_t i = 0; i < size;) {
        if (size - i >= 7 && memcmp(data + i, "@TOKEN@", 7) == 0) {
            ag_buf_puts(&b, token);
            i += 7;
        } else
            ag_buf_append(&b, data + i++, 1);
    }
    char *out = ag_buf_detach(&b);
    ag_buf_free(&b);
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!pristine)
        setup();
    json_decref(s.state);
    s.state = json_deep_copy(pristine);
    sbx_faults_init(&s);

    char *text = with_token(data, size);
    size_t len = strlen(text);
    char *line_end = strchr(text, '\n');
    char *head_end = line_end ? strstr(line_end, "\n\n") : NULL;
    char *body = head_end ? head_end + 2 : text + len;
    if (head_end)
        *head_end = '\0';
    if (line_end)
        *line_end = '\0';
    char *space = strchr(text, ' ');
    if (space)
        *space = '\0';
    struct sbx_req r;
    serve(&r, text, space ? space + 1 : "/", line_end ? line_end + 1 : NULL, body,
          len - (size_t)(body - text));
    check_answer(&r);
    sbx_req_free(&r);
    sbx_pull_wait_all(&s);
    sbx_faults_free(&s);
    free(text);
    return 0;
}
