#include "platforms/discord/reply.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "net/codes.h"
#include "platforms/discord/discord.h"

/* Server text shown in a message is cut to this many bytes. */
#define SERVER_TEXT_MAX 160

/*
 * 50035's first field error: "embeds.0.title: Must be 256 or fewer in length." into out.  errors
 * nests objects down to an "_errors" array of {code, message}.
 */
static int first_field_error(json_t *errors, struct ag_buf *path, struct ag_buf *out)
{
    json_t *list = json_object_get(errors, "_errors");
    const char *msg = json_string_value(json_object_get(json_array_get(list, 0), "message"));
    if (msg)
        return ag_buf_printf(out, "%s: %.*s", path->len ? path->data : "body", SERVER_TEXT_MAX, msg), 1;
    const char *key;
    json_t *v;
    json_object_foreach(errors, key, v)
    {
        if (!json_is_object(v))
            continue;
        size_t mark = path->len;
        ag_buf_printf(path, "%s%s", mark ? "." : "", key);
        int found = first_field_error(v, path, out);
        path->len = mark;
        path->data[mark] = '\0';
        if (found)
            return 1;
    }
    return 0;
}

static int refusal(long status, json_t *body, const char *what, struct ag_error *err)
{
    json_t *code_v = json_object_get(body, "code");
    const char *message = json_string_value(json_object_get(body, "message"));
    char code[24] = "";
    if (json_is_integer(code_v))
        snprintf(code, sizeof(code), "%" JSON_INTEGER_FORMAT, json_integer_value(code_v));
    const struct ag_code *row = ag_code_find(ag_discord_network.api_codes, code);
    int exit_code = ag_code_exit(row, status, 1);
    const char *advice =
        ag_code_advice(row, exit_code == AG_ETEMP ? "try again later" : "see Discord's reason");
    if (status == 401) {
        exit_code = AG_EAUTH;
        advice = "check DISCORD_BOT_TOKEN (or --bot-token): copy the token again from the Developer Portal "
                 "(Bot > Reset Token)";
    } else if (status == 413) {
        exit_code = AG_EINVALID;
        advice = ag_code_advice(ag_code_find(ag_discord_network.api_codes, "40005"), advice);
    }
    struct ag_buf path, field;
    ag_buf_init(&path, 4096);
    ag_buf_init(&field, 4096);
    first_field_error(json_object_get(body, "errors"), &path, &field);
    ag_error_set(err, exit_code, "discord: %s: %.*s (HTTP %ld%s%s)%s%s: %s", what, SERVER_TEXT_MAX,
                 message ? message : "Discord refused the request", status, *code ? ", code " : "", code,
                 field.len ? ": " : "", field.data, advice);
    ag_buf_free(&path);
    ag_buf_free(&field);
    return -exit_code;
}

int dc_reply_parse(long status, const char *body, size_t len, const char *what, json_t **out, int *understood,
                   struct ag_error *err)
{
    *out = NULL;
    *understood = 0;
    json_t *root = len ? json_loadb(body, len, 0, NULL) : NULL;
    if (status >= 200 && status <= 299) {
        if (len && !root)
            return ag_error_set(err, AG_EFAIL, "discord: %s: the answer (HTTP %ld) is not JSON", what,
                                status);
        *understood = 1;
        *out = root;
        return 0;
    }
    *understood = json_is_integer(json_object_get(root, "code")) ||
                  json_is_number(json_object_get(root, "retry_after"));
    int rc;
    if (json_is_object(root) || status == 401 || status == 413)
        rc = refusal(status, root, what, err);
    else
        rc = ag_error_set(err, status == 429 || status >= 500 ? AG_ETEMP : AG_EFAIL,
                          "discord: %s: Discord answered HTTP %ld%s", what, status,
                          status >= 500 ? ": try again later" : "");
    json_decref(root);
    return rc;
}

double dc_retry_after(const char *body, size_t len, const char *header)
{
    json_t *root = len ? json_loadb(body, len, 0, NULL) : NULL;
    json_t *v = json_object_get(root, "retry_after");
    double s = json_is_number(v) ? json_number_value(v) : -1;
    json_decref(root);
    if (s < 0 && header) {
        char *end;
        double h = strtod(header, &end);
        s = end != header && *end == '\0' ? h : -1;
    }
    return s >= 0 && s < 1e9 ? s : -1;
}
