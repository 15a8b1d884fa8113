/* Lookups in a network's descriptor. */
#include "net/network.h"

#include <stdlib.h>
#include <string.h>

#include "core/secret.h"

const struct ag_credential *ag_network_credential(const struct ag_network *net, const char *store_field)
{
    for (const struct ag_credential *c = net->credentials; c && c->env; c++)
        if (c->store_field && strcmp(c->store_field, store_field) == 0)
            return c;
    return NULL;
}

const struct ag_credential *ag_network_credential_with(const struct ag_network *net, unsigned flag)
{
    for (const struct ag_credential *c = net->credentials; c && c->env; c++)
        if (c->flags & flag)
            return c;
    return NULL;
}

const char *ag_network_api_base(const struct ag_network *net, const char *key)
{
    for (const struct ag_api_base *b = net->api_bases; b && b->key; b++) {
        if (strcmp(b->key, key) != 0)
            continue;
        const char *env = b->env ? getenv(b->env) : NULL;
        return env && *env ? env : b->def;
    }
    return NULL;
}

const struct ag_media_limits *ag_network_limits(const struct ag_network *net, enum ag_media_kind kind)
{
    for (const struct ag_media_limits *l = net->media_limits; l && l->platform; l++)
        if (l->kind == kind)
            return l;
    abort();
}

void ag_token_free(struct ag_token *t)
{
    ag_secret_clear(&t->access_token);
    ag_secret_clear(&t->refresh_token);
    free(t->scope);
    t->scope = NULL;
    json_decref(t->extra);
    t->extra = NULL;
}
