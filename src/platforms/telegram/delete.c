/* agoras telegram delete: deleteMessage of --post-id in the chat (a repeat is harmless: not a create). */
#include <stdio.h>

#include "net/result.h"
#include "platforms/telegram/api.h"
#include "platforms/telegram/chat.h"
#include "platforms/telegram/options.h"
#include "platforms/telegram/request.h"
#include "platforms/telegram/send.h"
#include "platforms/telegram/telegram.h"

int ag_telegram_run_delete(struct ag_args *args, struct ag_error *err)
{
    const struct tg_delete_opts *o = args->opts;
    char chat[TG_CHAT_ID_MAX];
    json_t *params = NULL, *result = NULL;
    int rc = tg_creds_check(&o->c, chat, sizeof(chat), err);
    if (rc == 0)
        rc = tg_req_delete_message(chat, o->post_id, &params, err);
    if (rc == 0)
        rc = tg_call(o->c.bot_token, "deleteMessage", params, NULL, 0, 0, &result, err);
    if (rc == 0 && !json_is_true(result))
        rc = ag_error_set(err, AG_EFAIL, "telegram: deleteMessage: Telegram did not confirm the deletion");
    if (rc == 0) {
        /* The id as it was sent (request.c accepted it with surrounding white space). */
        char id[24];
        json_t *more = json_pack("{s:b}", "deleted", 1);
        snprintf(id, sizeof(id), "%" JSON_INTEGER_FORMAT,
                 json_integer_value(json_object_get(params, "message_id")));
        ag_result_print("id", id, more);
        json_decref(more);
    }
    json_decref(result);
    json_decref(params);
    return rc;
}
