#include "platforms/telegram/chat.h"

#include <ctype.h>
#include <string.h>

#define CHAT_FIX                                                                                             \
    "set TELEGRAM_CHAT_ID or --chat-id to the chat's numeric id (e.g. -1001234567890) or @username"

/* Longest numeric id: chat ids fit in 52 bits (Bot API), that is 16 digits, and in a long long. */
#define MAX_DIGITS 16

/* 4 characters, not Telegram's usual 5, so that the short names sold at auction pass. */
int tg_username_valid(const char *s, size_t n)
{
    if (n < 4 || n > 32 || !isalpha((unsigned char)s[0]))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && s[i] != '_')
            return 0;
    return 1;
}

static int all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return 0;
    return n > 0;
}

int tg_chat_id_normalize(const char *in, char *out, size_t size, struct ag_error *err)
{
    if (size < TG_CHAT_ID_MAX)
        return ag_error_set(err, AG_EFAIL, "telegram: chat id buffer too small");
    out[0] = '\0';
    const char *s = in ? in : "";
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    if (n == 0)
        return ag_error_set(err, AG_EUSAGE, "telegram: no chat id: " CHAT_FIX);

    size_t sign = s[0] == '-';
    if (all_digits(s + sign, n - sign)) {
        if (n - sign > MAX_DIGITS || strspn(s + sign, "0") >= n - sign)
            return ag_error_set(err, AG_EUSAGE, "telegram: chat id '%.*s' is not a valid id: " CHAT_FIX,
                                (int)(n > 40 ? 40 : n), s);
        memcpy(out, s, n);
        out[n] = '\0';
        return 0;
    }
    size_t at = s[0] == '@';
    if (!tg_username_valid(s + at, n - at))
        return ag_error_set(err, AG_EUSAGE,
                            "telegram: chat id '%.*s' is neither a number nor a valid @username: " CHAT_FIX,
                            (int)(n > 40 ? 40 : n), s);
    out[0] = '@';
    memcpy(out + 1, s + at, n - at);
    out[1 + n - at] = '\0';
    return 0;
}

int tg_chat_id_is_numeric(const char *chat_id)
{
    return chat_id && all_digits(chat_id + (chat_id[0] == '-'), strlen(chat_id + (chat_id[0] == '-')));
}
