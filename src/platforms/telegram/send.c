#include "platforms/telegram/send.h"

#include <stdio.h>
#include <stdlib.h>

#include "net/result.h"
#include "platforms/telegram/api.h"
#include "platforms/telegram/chat.h"
#include "platforms/telegram/reply.h"
#include "platforms/telegram/request.h"

int tg_creds_check(const struct tg_cred_opts *c, char *chat, size_t size, struct ag_error *err)
{
    tg_token_hide(c->bot_token);
    int rc = tg_token_check(c->bot_token, err);
    return rc < 0 ? rc : tg_chat_id_normalize(c->chat_id, chat, size, err);
}

int tg_print_sent(const json_t *result, const char *chat, struct ag_error *err)
{
    long long *ids = NULL;
    size_t n = 0;
    int rc = tg_result_message_ids(result, &ids, &n, err);
    if (rc < 0)
        return rc;
    json_t *list = json_array(), *more = json_object();
    char id[24];
    for (size_t i = 0; list && i < n; i++) {
        snprintf(id, sizeof(id), "%lld", ids[i]);
        json_array_append_new(list, json_string(id));
    }
    json_object_set_new(more, "ids", list);
    json_object_set_new(more, "chat_id", json_string(chat));
    snprintf(id, sizeof(id), "%lld", ids[0]);
    ag_result_print("id", id, more);
    json_decref(more);
    free(ids);
    return 0;
}
