/*
 * agoras telegram authorize: getMe (the token is a bot's), getChat (the bot can see the chat), then
 * {bot_token, chat_id, bot_username} stored as telegram-<bot username> and telegram-default.
 * Nothing on stdout; nothing secret anywhere.
 */
#include "core/log.h"
#include "net/account.h"
#include "platforms/telegram/api.h"
#include "platforms/telegram/chat.h"
#include "platforms/telegram/options.h"
#include "platforms/telegram/reply.h"
#include "platforms/telegram/request.h"
#include "platforms/telegram/send.h"
#include "platforms/telegram/telegram.h"

/* getMe: the bot's username, which names the record. */
static int bot_username(const char *token, char *out, size_t size, struct ag_error *err)
{
    json_t *none = json_object(), *me = NULL;
    int rc = none ? tg_call(token, "getMe", none, NULL, 0, 0, &me, err)
                  : ag_error_set(err, AG_EFAIL, "out of memory");
    if (rc == 0)
        rc = tg_result_bot_username(me, out, size, err);
    json_decref(me);
    json_decref(none);
    return rc;
}

static int chat_visible(const char *token, const char *chat, struct ag_error *err)
{
    json_t *params = NULL, *result = NULL;
    int rc = tg_req_get_chat(chat, &params, err);
    if (rc == 0)
        rc = tg_call(token, "getChat", params, NULL, 0, 0, &result, err);
    json_decref(result);
    json_decref(params);
    return rc;
}

int ag_telegram_run_authorize(struct ag_args *args, struct ag_error *err)
{
    const struct tg_authorize_opts *o = args->opts;
    char chat[TG_CHAT_ID_MAX], username[TG_USERNAME_MAX];
    int rc = tg_creds_check(&o->c, chat, sizeof(chat), err);
    if (rc == 0)
        rc = bot_username(o->c.bot_token, username, sizeof(username), err);
    if (rc == 0)
        rc = chat_visible(o->c.bot_token, chat, err);
    if (rc < 0)
        return rc;
    json_t *record =
        json_pack("{s:s, s:s, s:s}", "bot_token", o->c.bot_token, "chat_id", chat, "bot_username", username);
    rc = record ? ag_account_save(&ag_telegram_network, username, record, o->force, err)
                : ag_error_set(err, AG_EFAIL, "out of memory");
    json_decref(record);
    if (rc == 0) {
        ag_info("Bot @%s can post to %s.", username, chat);
        ag_info("Authorization successful. Credentials stored securely.");
    }
    return rc;
}
