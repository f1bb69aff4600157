/* SPDX-License-Identifier: GPL-2.0 */
/* Just enough JSON to pick values out of one line: walk an object's members,
 * read strings and numbers, skip the rest. No allocation; *p advances past
 * what was read. Every function returns -1 on malformed input. */
#ifndef DAXSIM_JSCAN_H
#define DAXSIM_JSCAN_H

#include <stddef.h>
#include <stdint.h>

/* A string into buf (len > 0), \u escapes outside ASCII as '?'; 1 when it
 * did not fit (buf then holds a prefix), else 0. */
int jscan_string(const char **p, char *buf, size_t len);
/* A number, or null (*is_null = 1). */
int jscan_number(const char **p, double *out, int *is_null);
/* A non-negative integer (digits only), or null (*is_null = 1). */
int jscan_u64(const char **p, uint64_t *out, int *is_null);
/* Any value. */
int jscan_skip(const char **p);

/* Calls fn for each member of an object; fn must consume the value at *p
 * (jscan_skip() when not interested) and return 0, or -1 to fail. key is
 * "" when the key was too long to be one a caller looks for. */
typedef int (*jscan_member_fn)(void *ctx, const char *key, const char **p);
int jscan_object(const char **p, jscan_member_fn fn, void *ctx);
/* Past blanks; 1 if that is the end of the text, else 0. */
int jscan_end(const char **p);

#endif
