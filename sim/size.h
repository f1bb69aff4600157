/* SPDX-License-Identifier: GPL-2.0 */
/* Byte sizes with K/M/G suffixes (powers of 1024), both ways. */
#ifndef DAXSIM_SIZE_H
#define DAXSIM_SIZE_H

#include <stddef.h>
#include <stdint.h>

/* "2M", "4096", "1g": 0 and *out set, or -1 (empty, junk, zero, overflow). */
int size_parse(const char *s, uint64_t *out);
/* The shortest exact form: "2M", "1G", "12K" or plain bytes. */
const char *size_fmt(uint64_t v, char *buf, size_t len);
int is_pow2(uint64_t v);
unsigned log2u(uint64_t v);	/* v a power of two */

#endif
