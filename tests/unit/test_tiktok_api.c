/*
 * Unit tests for platforms/tiktok/api.c against a hostile TikTok (libmicrohttpd inside the test
 * process, 127.0.0.1 only): a token endpoint that echoes the request in error_description, numbers
 * out of any sane range, and error fields full of terminal control characters.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>
#include <microhttpd.h>

#include "core/buf.h"
#include "core/log.h"
#include "core/oauth.h"
#include "platforms/tiktok/api.h"

#define TEN_YEARS_S ((int64_t)10 * 366 * 24 * 3600)

static struct MHD_Daemon *daemon_;
static const char *token_answer; /* what /v2/oauth/token/ answers; NULL: echo the request */
static const char *api_answer;   /* what every other path answers */

static enum MHD_Result reply(struct MHD_Connection *c, unsigned status, const char *text)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(strlen(text), (void *)text, MHD_RESPMEM_MUST_COPY);
    MHD_add_response_header(r, "Content-Type", "application/json");
    enum MHD_Result rc = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return rc;
}

/* 400 invalid_request whose error_description is the form body it received, as some servers do. */
static enum MHD_Result echo_token_request(struct MHD_Connection *c, const struct ag_buf *body)
{
    json_t *o =
        json_pack("{s:s, s:s%}", "error", "invalid_request", "error_description", body->data, body->len);
    char *text = json_dumps(o, JSON_COMPACT);
    enum MHD_Result rc = reply(c, 400, text);
    free(text);
    json_decref(o);
    return rc;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                               const char *version, const char *upload_data, size_t *upload_data_size,
                               void **req_cls)
{
    struct ag_buf *body = *req_cls;
    (void)cls, (void)method, (void)version;
    if (!body) {
        if (!(body = malloc(sizeof(*body))))
            return MHD_NO;
        ag_buf_init(body, 1 << 16);
        *req_cls = body;
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (ag_buf_append(body, upload_data, *upload_data_size) < 0)
            return MHD_NO;
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (strcmp(url, "/v2/oauth/token/") == 0)
        return token_answer ? reply(c, 200, token_answer) : echo_token_request(c, body);
    return reply(c, 400, api_answer);
}

static void completed(void *cls, struct MHD_Connection *c, void **req_cls,
                      enum MHD_RequestTerminationCode toe)
{
    struct ag_buf *body = *req_cls;
    (void)cls, (void)c, (void)toe;
    if (body) {
        ag_buf_free(body);
        free(body);
        *req_cls = NULL;
    }
}

static int start_server(void **state)
{
    (void)state;
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = 0};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    daemon_ = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION, 0, NULL, NULL,
                               handler, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
                               MHD_OPTION_NOTIFY_COMPLETED, completed, NULL, MHD_OPTION_END);
    if (!daemon_)
        return -1;
    char base[64];
    snprintf(base, sizeof(base), "http://127.0.0.1:%u",
             (unsigned)MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_BIND_PORT)->port);
    return setenv("AGORAS_TIKTOK_API_BASE", base, 1);
}

static int stop_server(void **state)
{
    (void)state;
    MHD_stop_daemon(daemon_);
    ag_log_clear_secrets();
    return 0;
}

/* The code and the verifier become secrets as soon as agoras knows them; the echo hides them all. */
static void test_echoed_request_redacted(void **state)
{
    (void)state;
    struct ag_oauth_result cb;
    struct ag_error err = {0};
    struct ag_token t = {0};
    char *verifier = NULL;
    const char *client_secret = "cs+Secret/Value=="; /* form-encoded as cs%2BSecret%2FValue%3D%3D */
    ag_oauth_result_init(&cb);
    assert_int_equal(ag_oauth_parse_callback("/callback/?code=Code*Of!The~User%2Fx&state=s1", &cb, &err), 0);
    assert_int_equal(ag_oauth_pkce_verifier(0, &verifier, &err), 0);
    ag_log_add_secret(client_secret); /* as the option engine and the session do */
    token_answer = NULL;
    assert_true(tt_oauth_exchange_code("ck", client_secret, cb.code, "http://127.0.0.1:1/cb/", verifier, &t,
                                       &err) < 0);
    /* The echo is there (the test proves something) ... */
    assert_non_null(strstr(err.msg, "client_key=ck"));
    assert_non_null(strstr(err.msg, "code_verifier="));
    /* ... and after the logger's redaction none of the secrets is, in any encoding. */
    ag_log_redact(err.msg);
    assert_null(strstr(err.msg, "Secret"));
    assert_null(strstr(err.msg, "Code"));
    assert_null(strstr(err.msg, "User"));
    assert_null(strstr(err.msg, verifier));
    assert_null(strstr(err.msg, verifier + 20));
    ag_oauth_secret_free(verifier);
    ag_oauth_result_free(&cb);
}

static int refresh_with(const char *answer, struct ag_token *t, struct ag_error *err)
{
    token_answer = answer;
    memset(t, 0, sizeof(*t));
    return tt_oauth_refresh("ck", "cs-secret", "rt-secret", t, err);
}

/* Every number from the token endpoint is bounded: clamped when merely huge, refused when nonsense. */
static void test_token_numbers_bounded(void **state)
{
    (void)state;
    struct ag_token t;
    struct ag_error err = {0};
    assert_int_equal(refresh_with("{\"access_token\":\"at-1\",\"refresh_token\":\"rt-1\",\"expires_in\":"
                                  "9223372036854775807,\"refresh_expires_in\":9223372036854775807}",
                                  &t, &err),
                     0);
    assert_true(t.expires_in == TEN_YEARS_S);
    assert_true(t.refresh_expires_in == TEN_YEARS_S);
    ag_token_free(&t);
    assert_int_equal(
        refresh_with("{\"access_token\":\"at-2\",\"refresh_token\":\"rt-2\",\"expires_in\":86400,"
                     "\"refresh_expires_in\":-9223372036854775807}",
                     &t, &err),
        0);
    assert_true(t.expires_in == 86400);
    assert_true(t.refresh_expires_in == 0); /* unknown: nothing is stored for it */
    ag_token_free(&t);
    static const char *const refused[] = {
        "{\"access_token\":\"at-3\",\"refresh_token\":\"rt-3\",\"expires_in\":-1}",
        "{\"access_token\":\"at-3\",\"refresh_token\":\"rt-3\",\"expires_in\":-9223372036854775807}",
        "{\"access_token\":\"at-3\",\"refresh_token\":\"rt-3\",\"expires_in\":0}",
        "{\"access_token\":\"at-3\",\"refresh_token\":\"rt-3\",\"expires_in\":1e300}",
        "{\"access_token\":\"at-3\",\"refresh_token\":\"rt-3\",\"expires_in\":\"86400\"}",
    };
    for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
        assert_int_equal(refresh_with(refused[i], &t, &err), -AG_EFAIL);
        assert_non_null(strstr(err.msg, "expires_in"));
    }
}

static int has_control(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f || (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f))
            return 1;
    return 0;
}

/* Error fields from the API reach the message with every control character escaped. */
static void test_api_error_fields_escaped(void **state)
{
    (void)state;
    json_t *data = NULL;
    char code[64];
    struct ag_error err = {0};
    api_answer = "{\"error\":{\"code\":\"bad\\u001b[2J\\r\",\"message\":\"m\\u0007s\\u009b31mg "
                 "\\u00e9t\\u00e9\\u007f\","
                 "\"log_id\":\"L\\nerror: forged\"}}";
    assert_true(
        tt_api_post("at", "/v2/post/publish/status/fetch/", NULL, 1, &data, code, sizeof(code), &err) < 0);
    if (has_control(err.msg))
        fail_msg("control characters reached the message: %s", err.msg);
    assert_non_null(strstr(err.msg, "bad\\x1b[2J\\x0d"));
    assert_non_null(strstr(err.msg, "m\\x07s\\xc2\\x9b31mg \xc3\xa9t\xc3\xa9\\x7f")); /* UTF-8 text kept */
    assert_non_null(strstr(err.msg, "L\\x0aerror: forged"));
    api_answer = "{\"error\":{\"code\":\"weird\",\"message\":\"m\",\"log_id\":\"ok\"}}";
}

/* The OAuth error and its description too. */
static void test_oauth_error_fields_escaped(void **state)
{
    (void)state;
    struct ag_token t;
    struct ag_error err = {0};
    assert_true(refresh_with("{\"error\":\"invalid_grant\\u001b]0;x\\u0007\",\"error_description\":"
                             "\"line1\\r\\nline2\\u009d\"}",
                             &t, &err) < 0);
    if (has_control(err.msg))
        fail_msg("control characters reached the message: %s", err.msg);
    assert_non_null(strstr(err.msg, "invalid_grant\\x1b]0;x\\x07"));
    assert_non_null(strstr(err.msg, "line1\\x0d\\x0aline2\\xc2\\x9d"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_echoed_request_redacted),
        cmocka_unit_test(test_token_numbers_bounded),
        cmocka_unit_test(test_api_error_fields_escaped),
        cmocka_unit_test(test_oauth_error_fields_escaped),
    };
    return cmocka_run_group_tests(tests, start_server, stop_server);
}
