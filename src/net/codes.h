/* A network's error-code tables (struct ag_code rows in its descriptor): code -> exit code and advice. */
#ifndef AG_NET_CODES_H
#define AG_NET_CODES_H

#include "net/network.h"

/* The row for code in table (terminated by a row with code == NULL); NULL when absent or code is NULL. */
const struct ag_code *ag_code_find(const struct ag_code *table, const char *code);

/* The exit code for an answer with HTTP status http: the row's, else temporary (AG_ETEMP) for 429 and 5xx
 * when temp_429 (for 5xx only otherwise), else AG_EFAIL. */
int ag_code_exit(const struct ag_code *row, long http, int temp_429);

/* The row's advice, or fallback when there is no row. */
const char *ag_code_advice(const struct ag_code *row, const char *fallback);

#endif
