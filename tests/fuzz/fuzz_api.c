/*
 * TikTok API answers: the OAuth token endpoint's flat JSON and the Content Posting envelope,
 * then what the actions map out of "data" (creator_info, status/fetch, error codes).
 * api.c keeps its two parsers static, so this file includes api.c itself: the fuzzer calls
 * parse_token_answer and unwrap_envelope exactly as send_json's caller does, on the bytes an
 * HTTP body could hold.  (The archive's copy of api.o is then never linked in.)
 *
 * Input: byte 0 picks the parser (bit 0) and the HTTP status (bits 1-7 index `statuses`);
 * the rest is the response body.
 */
#include "../../src/platforms/tiktok/api.c"

#include <stdio.h>

#include "platforms/tiktok/creator.h"
#include "platforms/tiktok/status.h"

static const long statuses[] = {200, 200, 200, 201, 206, 400, 401, 403, 404, 416, 429, 500, 502, 503, 0, 999};

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    /* tt_status_print writes the result line to stdout. */
    if (!freopen("/dev/null", "w", stdout))
        return 1;
    return 0;
}

static void map_data(json_t *data)
{
    struct ag_error err = {0};
    struct tt_creator c;
    /* creator_info */
    if (tt_creator_from_data(json_incref(data), &c, &err) == 0) {
        char list[256];
        (void)tt_creator_allows_privacy(&c, "SELF_ONLY");
        tt_creator_privacy_list(&c, list, sizeof(list));
        (void)tt_creator_check_username(&c, "sandbox_creator", &err);
        tt_creator_free(&c);
    }
    /* status/fetch */
    const char *publish_id = json_string_value(json_object_get(data, "publish_id"));
    tt_status_print(publish_id ? publish_id : "v_pub_file~v2-1.123", data);
    (void)tt_fail_reason_advice(json_string_value(json_object_get(data, "fail_reason")));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    long http = statuses[(data[0] >> 1) % (sizeof(statuses) / sizeof(statuses[0]))];
    /* As send_json: whatever came back is parsed as JSON, NULL if it is not. */
    json_t *body = json_loadb((const char *)data + 1, size - 1, 0, NULL);
    struct ag_error err = {0};
    if (data[0] & 1) {
        struct ag_token tok = {0};
        if (parse_token_answer(http, body, &tok, &err) == 0) {
            if (!tok.access_token || !tok.refresh_token || tok.expires_in <= 0)
                abort();
            ag_token_free(&tok);
        } else if (err.code == 0 || err.msg[0] == '\0') {
            abort(); /* a failure must say why */
        }
        ag_log_clear_secrets();
    } else {
        char code[64];
        json_t *d = NULL;
        if (unwrap_envelope(http, body, &d, code, sizeof(code), &err) == 0) {
            if (!d || strcmp(code, "ok") != 0)
                abort();
            map_data(d);
            json_decref(d);
        } else if (err.code == 0 || err.msg[0] == '\0' || d) {
            abort();
        }
    }
    json_decref(body);
    return 0;
}
