// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "jscan.h"

/* Deep enough for daxstat's lines; bounds the recursion on hostile input. */
#define MAX_DEPTH 32

static void ws(const char **p)
{
	while (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r')
		(*p)++;
}

/* Four hex digits: their value, or -1. */
static long hex4(const char *s)
{
	long v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		char c = s[i];

		if (c >= '0' && c <= '9')
			v = v * 16 + (c - '0');
		else if (c >= 'a' && c <= 'f')
			v = v * 16 + (c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v = v * 16 + (c - 'A' + 10);
		else
			return -1;
	}
	return v;
}

int jscan_string(const char **pp, char *buf, size_t len)
{
	const char *p = *pp;
	size_t n = 0;
	int trunc = 0;

	ws(&p);
	if (*p++ != '"')
		return -1;
	for (;;) {
		unsigned char c = (unsigned char)*p++;

		if (c == '"')
			break;
		if (c < 0x20)	/* control characters, and the end of the text */
			return -1;
		if (c == '\\') {
			switch (*p++) {
			case '"': c = '"'; break;
			case '\\': c = '\\'; break;
			case '/': c = '/'; break;
			case 'b': c = '\b'; break;
			case 'f': c = '\f'; break;
			case 'n': c = '\n'; break;
			case 'r': c = '\r'; break;
			case 't': c = '\t'; break;
			case 'u': {
				long u = hex4(p);

				if (u < 0)
					return -1;
				c = u < 0x80 ? (unsigned char)u : '?';
				p += 4;
				break;
			}
			default:
				return -1;
			}
		}
		if (n + 1 < len)
			buf[n++] = (char)c;
		else
			trunc = 1;
	}
	if (len)
		buf[n] = '\0';
	*pp = p;
	return trunc;
}

static int literal(const char **p, const char *word)
{
	size_t n = strlen(word);

	if (strncmp(*p, word, n))
		return -1;
	*p += n;
	return 0;
}

/* The extent of a JSON number at p (strtod alone would take hex, inf, nan). */
static size_t number_len(const char *p)
{
	const char *s = p;

	if (*s == '-')
		s++;
	if (*s == '0')
		s++;
	else if (*s >= '1' && *s <= '9')
		while (*s >= '0' && *s <= '9')
			s++;
	else
		return 0;
	if (*s == '.') {
		if (*++s < '0' || *s > '9')
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (*s < '0' || *s > '9')
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return (size_t)(s - p);
}

int jscan_number(const char **p, double *out, int *is_null)
{
	size_t n;

	ws(p);
	*is_null = 0;
	if (**p == 'n') {
		*is_null = 1;
		return literal(p, "null");
	}
	if (!(n = number_len(*p)))
		return -1;
	*out = strtod(*p, NULL);
	*p += n;
	return 0;
}

int jscan_u64(const char **p, uint64_t *out, int *is_null)
{
	uint64_t v = 0;
	const char *s;

	ws(p);
	*is_null = 0;
	if (**p == 'n') {
		*is_null = 1;
		return literal(p, "null");
	}
	s = *p;
	if (number_len(s) == 0 || *s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (v > (UINT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	if (*s == '.' || *s == 'e' || *s == 'E' || (s - *p > 1 && **p == '0'))
		return -1;
	*out = v;
	*p = s;
	return 0;
}

static int skip_depth(const char **p, int depth);

static int object_depth(const char **p, jscan_member_fn fn, void *ctx, int depth)
{
	char key[64];

	ws(p);
	if (**p != '{' || depth > MAX_DEPTH)
		return -1;
	(*p)++;
	ws(p);
	if (**p == '}') {
		(*p)++;
		return 0;
	}
	for (;;) {
		int t = jscan_string(p, key, sizeof(key));

		if (t < 0)
			return -1;
		ws(p);
		if (*(*p)++ != ':')
			return -1;
		if (fn ? fn(ctx, t ? "" : key, p) : skip_depth(p, depth + 1))
			return -1;
		ws(p);
		if (**p == '}') {
			(*p)++;
			return 0;
		}
		if (*(*p)++ != ',')
			return -1;
	}
}

static int skip_depth(const char **p, int depth)
{
	double d;
	int null;

	ws(p);
	if (depth > MAX_DEPTH)
		return -1;
	switch (**p) {
	case '"':
		return jscan_string(p, NULL, 0) < 0 ? -1 : 0;
	case '{':
		return object_depth(p, NULL, NULL, depth);
	case '[':
		(*p)++;
		ws(p);
		if (**p == ']') {
			(*p)++;
			return 0;
		}
		for (;;) {
			if (skip_depth(p, depth + 1))
				return -1;
			ws(p);
			if (**p == ']') {
				(*p)++;
				return 0;
			}
			if (*(*p)++ != ',')
				return -1;
		}
	case 't':
		return literal(p, "true");
	case 'f':
		return literal(p, "false");
	default:
		return jscan_number(p, &d, &null);
	}
}

int jscan_skip(const char **p)
{
	return skip_depth(p, 0);
}

int jscan_object(const char **p, jscan_member_fn fn, void *ctx)
{
	return object_depth(p, fn, ctx, 0);
}

int jscan_end(const char **p)
{
	ws(p);
	return **p == '\0';
}
