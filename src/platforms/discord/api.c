#include "platforms/discord/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/interrupt.h"
#include "core/log.h"
#include "net/create.h"
#include "net/network.h"
#include "platforms/discord/discord.h"
#include "platforms/discord/ratelimit.h"
#include "platforms/discord/reply.h"

#define URL_MAX 2048

#define READ_ATTEMPTS   3 /* reads and deletes, on no answer or a 5xx */
#define CREATE_ATTEMPTS 2 /* a create whose answer was lost: once more with the same nonce */
#define MAX_429         3 /* 429s waited in one call */
#define BACKOFF_MS      500

/* Up to 10 MiB and its answer: 600 s is about 17 kB/s. */
#define UPLOAD_TIMEOUT_S 600

#define USER_AGENT "User-Agent: DiscordBot (https://github.com/agoras-c/agoras, " AGORAS_VERSION ")"

int dc_token_check(const char *token, struct ag_error *err)
{
    if (!token || !*token)
        return ag_error_set(
            err, AG_EAUTH,
            "missing DISCORD_BOT_TOKEN: set it, or run 'agoras discord authorize' to store it");
    ag_log_add_secret(token);
    for (const char *p = token; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == 0x7f)
            return ag_error_set(err, AG_EUSAGE,
                                "the Discord bot token holds white space or control characters: set "
                                "DISCORD_BOT_TOKEN to the token alone, as the Developer Portal shows it");
    return 0;
}

/* "Authorization: Bot <token>", per attempt: core/http.c never logs it and wipes it after. */
static int bot_auth(void *ctx, const char *method, const char *url, struct ag_buf *header,
                    struct ag_error *err)
{
    (void)method;
    (void)url;
    if (ag_buf_printf(header, "Authorization: Bot %s", (const char *)ctx) < 0)
        return ag_error_set(err, AG_EFAIL, "out of memory");
    return 0;
}

static int make_url(const char *path, char *url, size_t size, struct ag_error *err)
{
    const char *base = ag_network_api_base(&ag_discord_network, "api");
    size_t blen = strlen(base);
    while (blen && base[blen - 1] == '/')
        blen--;
    int n = snprintf(url, size, "%.*s/api/v10%s", (int)blen, base, path);
    if (n < 0 || (size_t)n >= size)
        return ag_error_set(err, AG_EUSAGE, "AGORAS_DISCORD_API_BASE is too long");
    return ag_http_check_url(url, err);
}

/* One attempt; *status is 0 when no answer came. */
static int attempt(const char *token, const struct dc_request *r, const char *url, const char *body,
                   struct ag_http_response *res, struct ag_error *err)
{
    static const char *const headers[] = {USER_AGENT, NULL};
    struct ag_http_request req;
    ag_http_request_init(&req);
    req.method = r->method;
    req.url = url;
    req.headers = headers;
    req.auth = bot_auth;
    req.auth_ctx = (void *)token;
    req.idempotent = !r->create;
    req.max_attempts = 1;
    if (r->parts) {
        req.parts = r->parts;
        req.timeout_s = UPLOAD_TIMEOUT_S;
    } else if (body) {
        req.content_type = "application/json";
        req.body = body;
        req.body_len = strlen(body);
    }
    ag_http_response_free(res);
    ag_http_response_init(res);
    int rc = dc_rl_wait(r->route, err);
    if (rc == 0)
        rc = ag_http_perform(&req, res, err);
    if (rc == 0)
        dc_rl_update(r->route, res);
    return rc;
}

/*
 * The answer was lost: none came (the connection failed, dropped or timed out), a 5xx, or a 2xx that
 * is not Discord's.  Nothing proves the request was refused, nor that it was carried out.
 */
static int lost(int rc, long status, int understood)
{
    return (status == 0 && (rc == -AG_EUNKNOWN || rc == -AG_ETEMP)) || status >= 500 ||
           (status >= 200 && status <= 299 && !understood);
}

static int wait_429(const struct ag_http_response *res, struct ag_error *err)
{
    double s = dc_retry_after(res->body.data, res->body.len, ag_http_header(res, "Retry-After"));
    if (s > DC_MAX_WAIT_S)
        return ag_error_set(err, AG_ETEMP, "discord: rate limited: retry after %.0f s", s + 0.5);
    long ms = s < 0 ? 1000 : (long)(s * 1000 + 0.999);
    ag_info("Discord asks to wait %.3g s (rate limit); waiting.", ms / 1000.0);
    if (ag_interrupt_sleep_ms(ms) < 0)
        return ag_interrupt_error(err, "while waiting for Discord's rate limit");
    return 0;
}

int dc_call(const char *token, const struct dc_request *r, json_t **out, struct ag_error *err)
{
    char url[URL_MAX];
    *out = NULL;
    int rc = make_url(r->path, url, sizeof(url), err);
    if (rc < 0)
        return rc;
    char *body = r->json ? json_dumps(r->json, JSON_COMPACT) : NULL;
    if (r->json && !body)
        return ag_error_set(err, AG_EFAIL, "out of memory");

    struct ag_http_response res;
    ag_http_response_init(&res);
    int tries = 0, limited = 0, understood = 0, max_tries = r->create ? CREATE_ATTEMPTS : READ_ATTEMPTS;
    for (;;) {
        ag_error_clear(err);
        rc = attempt(token, r, url, body, &res, err);
        if (ag_interrupt_is(rc) || rc == -AG_EUSAGE)
            break;
        if (rc == 0)
            rc = dc_reply_parse(res.status, res.body.data, res.body.len, r->what, out, &understood, err);
        if (rc == 0)
            break;
        if (res.status == 429 && ++limited <= MAX_429) {
            int w = wait_429(&res, err);
            if (w < 0) {
                rc = w;
                break;
            }
            continue; /* refused: nothing was done, so even a create is sent again */
        }
        if (!lost(rc, res.status, understood) || ++tries >= max_tries)
            break;
        /* A create goes again with the same nonce: Discord answers with the message it made. */
        ag_info("The answer from Discord was lost (%s); sending again%s.", r->what,
                r->create ? " with the same nonce" : "");
        if (!r->create && ag_interrupt_sleep_ms(BACKOFF_MS << tries) < 0) {
            rc = ag_interrupt_error(err, "while retrying");
            break;
        }
    }
    if (r->create)
        rc = ag_create_settle(rc, res.status, understood, DC_MAYBE_POSTED, err);
    ag_http_response_free(&res);
    free(body);
    return rc;
}
