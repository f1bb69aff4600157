// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <stdio.h>

#include "size.h"

int size_parse(const char *s, uint64_t *out)
{
	uint64_t v = 0, mul = 1;

	if (!s || !isdigit((unsigned char)*s))
		return -1;
	for (; isdigit((unsigned char)*s); s++) {
		if (v > (UINT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	switch (*s) {
	case 'k': case 'K': mul = 1ULL << 10; s++; break;
	case 'm': case 'M': mul = 1ULL << 20; s++; break;
	case 'g': case 'G': mul = 1ULL << 30; s++; break;
	}
	if (*s || v == 0 || v > UINT64_MAX / mul)
		return -1;
	*out = v * mul;
	return 0;
}

const char *size_fmt(uint64_t v, char *buf, size_t len)
{
	static const char sfx[] = "GMK";
	int i;

	for (i = 0; i < 3; i++) {
		uint64_t unit = 1ULL << (10 * (3 - i));

		if (v && v % unit == 0) {
			snprintf(buf, len, "%llu%c", (unsigned long long)(v / unit), sfx[i]);
			return buf;
		}
	}
	snprintf(buf, len, "%llu", (unsigned long long)v);
	return buf;
}

int is_pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

unsigned log2u(uint64_t v)
{
	unsigned n = 0;

	while (v > 1) {
		v >>= 1;
		n++;
	}
	return n;
}
