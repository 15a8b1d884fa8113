/* X's stored accounts (see account.h). */
#include "platforms/x/account.h"

#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "core/oauth.h"
#include "core/text.h"
#include "net/account.h"
#include "platforms/x/x.h"

void x_account_id(const char *consumer_key, char id[X_ID_SIZE])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    char hex[2 * EVP_MAX_MD_SIZE + 1];
    if (!EVP_Digest(consumer_key, strlen(consumer_key), md, &n, EVP_md5(), NULL) || n < 4)
        n = 0;
    ag_hex_encode(md, n, hex);
    memcpy(id, n ? hex : "00000000",
           X_ID_SIZE - 1); /* MD5 is always there; the fallback never names a real key */
    id[X_ID_SIZE - 1] = '\0';
}

int x_account_store(const struct x_creds *c, const char *user_id, const char *screen_name, int force,
                    struct ag_error *err)
{
    char id[X_ID_SIZE];
    x_account_id(c->consumer_key, id);
    json_t *record = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s?}", "consumer_key", c->consumer_key,
                               "consumer_secret", c->consumer_secret, "oauth_token", c->token, "oauth_secret",
                               c->token_secret, "user_id", user_id, "screen_name", screen_name);
    int rc = record ? ag_account_save(&ag_x_network, id, record, force, err)
                    : ag_error_set(err, AG_EFAIL, "out of memory");
    json_decref(record);
    return rc;
}

static int users_me(const struct x_creds *c, char **user_id, char **screen_name, struct ag_error *err)
{
    struct x_call call = {.method = "GET", .path = "/2/users/me", .what = "who am I (GET /2/users/me)"};
    json_t *data = NULL;
    int rc = x_call_json(c, &call, &data, err);
    const char *id = json_string_value(json_object_get(data, "id"));
    const char *name = json_string_value(json_object_get(data, "username"));
    if (rc == 0 && (!id || !*id || strspn(id, "0123456789") != strlen(id)))
        rc = ag_error_set(err, AG_EFAIL, "x: GET /2/users/me: X's answer has no user id");
    if (rc == 0) {
        *user_id = strdup(id);
        *screen_name = name ? strdup(name) : NULL;
    }
    json_decref(data);
    return rc;
}

int x_account_user(const struct x_creds *c, enum x_user_source from, char **user_id, char **screen_name,
                   struct ag_error *err)
{
    json_t *record = NULL;
    struct ag_error ignored = {0};
    *user_id = *screen_name = NULL;
    char id[X_ID_SIZE];
    x_account_id(c->consumer_key, id);
    if (from != X_USER_ASK && ag_account_load(&ag_x_network, id, &record, &ignored) == 0 && !record)
        ag_account_load(&ag_x_network, "default", &record, &ignored);
    const char *token = json_string_value(json_object_get(record, "oauth_token"));
    const char *uid = json_string_value(json_object_get(record, "user_id"));
    const char *name = json_string_value(json_object_get(record, "screen_name"));
    if (token && ag_oauth_equal(token, c->token) && uid && *uid) {
        *user_id = strdup(uid);
        *screen_name = name ? strdup(name) : NULL;
    }
    json_decref(record);
    if (*user_id || from == X_USER_STORED)
        return 0;
    return users_me(c, user_id, screen_name, err);
}
