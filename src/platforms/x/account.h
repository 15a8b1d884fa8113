/*
 * X's stored accounts (reference §6.2): x-<first 8 hex digits of MD5(consumer key)> and x-default, with
 * Python Agoras's four fields plus user_id and screen_name, which like and share need (GET /2/users/me
 * is billed) and the post's URL uses.
 */
#ifndef AG_X_ACCOUNT_H
#define AG_X_ACCOUNT_H

#include "core/error.h"
#include "platforms/x/api.h"

#define X_ID_SIZE 9

/* The record's identifier for this consumer key. */
void x_account_id(const char *consumer_key, char id[X_ID_SIZE]);

/* Store c (with the user's id and screen name) under x-<id> and x-default. */
int x_account_store(const struct x_creds *c, const char *user_id, const char *screen_name, int force,
                    struct ag_error *err);

/* Where x_account_user looks. */
enum x_user_source {
    X_USER_STORED,        /* only the stored record (nothing billed): *user_id may stay NULL */
    X_USER_STORED_OR_ASK, /* the stored record, else GET /2/users/me */
    X_USER_ASK,           /* GET /2/users/me: checks the token too */
};

/*
 * The user of c's token: the stored record's user_id and screen_name when that record holds the same
 * token, or X's answer to GET /2/users/me.  *user_id and *screen_name are malloc'd or NULL.
 */
int x_account_user(const struct x_creds *c, enum x_user_source from, char **user_id, char **screen_name,
                   struct ag_error *err);

#endif
