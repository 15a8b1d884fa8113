/* Overflow-checked number parsing: the whole string must be a number in range. */
#ifndef AG_NUM_H
#define AG_NUM_H

#include <stdint.h>

/* Parse a base-10 integer in [min, max]; no sign for unsigned, no spaces, no trailing junk. 0 or -1. */
int ag_parse_i64(const char *s, int64_t min, int64_t max, int64_t *out);
int ag_parse_u64(const char *s, uint64_t max, uint64_t *out);

/* Parse a boolean env value: TRUE/1/YES/ON true, FALSE/0/NO/OFF false (any case). 0 or -1. */
int ag_parse_bool(const char *s, int *out);

#endif
