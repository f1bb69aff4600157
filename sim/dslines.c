// SPDX-License-Identifier: GPL-2.0
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dslines.h"
#include "jscan.h"

const char *const ds_counter_names[DS_NCOUNTERS] = {
	"hits", "new_mappings", "upgrades", "reclaim_inline", "reclaim_background"
};

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil): timegm() is not in C11 or POSIX. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

/* n digits at s as a number; -1 if any is not a digit. */
static int digits(const char *s, int n)
{
	int v = 0;

	for (; n; n--, s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

int64_t iso_ms(const char *s)
{
	int y, mo, d, h, mi, sec, ms = 0, scale = 100;
	const char *f;

	if (strlen(s) < 21 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
	    s[16] != ':' || s[19] != '.')
		return -1;
	y = digits(s, 4);
	mo = digits(s + 5, 2);
	d = digits(s + 8, 2);
	h = digits(s + 11, 2);
	mi = digits(s + 14, 2);
	sec = digits(s + 17, 2);
	/* Up to 2200: in ns it must fit an int64_t (until 2262). */
	if (y < 1970 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 ||
	    mi < 0 || mi > 59 || sec < 0 || sec > 60)
		return -1;
	/* daxstat writes milliseconds; more digits are cut, not rounded. */
	for (f = s + 20; *f >= '0' && *f <= '9'; f++, scale /= 10)
		ms += (*f - '0') * scale;
	if (f == s + 20 || strcmp(f, "Z"))
		return -1;
	return ((days_from_civil(y, mo, d) * 24 + h) * 60 + mi) * 60000 + (int64_t)sec * 1000 + ms;
}

/* What one line gives. */
struct line {
	char type[16], time[40];
	int has_type, has_time, has_len, has_counters;
	double interval_s;
	struct ds_interval iv;
};

static int counter_member(void *ctx, const char *key, const char **p)
{
	struct line *l = ctx;
	int c, null;

	for (c = 0; c < DS_NCOUNTERS; c++)
		if (!strcmp(key, ds_counter_names[c]))
			break;
	if (c == DS_NCOUNTERS)
		return jscan_skip(p);
	if (jscan_u64(p, &l->iv.v[c], &null))
		return -1;
	if (!null)
		l->iv.null_mask &= ~(1u << c);
	return 0;
}

static int line_member(void *ctx, const char *key, const char **p)
{
	struct line *l = ctx;
	int null, t;

	if (!strcmp(key, "type")) {
		if ((t = jscan_string(p, l->type, sizeof(l->type))) < 0)
			return -1;
		l->has_type = !t;	/* too long is no type we know */
		return 0;
	}
	if (!strcmp(key, "time")) {
		if ((t = jscan_string(p, l->time, sizeof(l->time))) < 0)
			return -1;
		l->has_time = !t;
		return 0;
	}
	if (!strcmp(key, "interval_s")) {
		if (jscan_number(p, &l->interval_s, &null))
			return -1;
		l->has_len = !null;
		return 0;
	}
	if (!strcmp(key, "counters")) {
		const char *s = *p;

		while (*s == ' ' || *s == '\t')
			s++;
		if (*s != '{')
			return jscan_skip(p);	/* null: left as "no counters" */
		l->has_counters = 1;
		return jscan_object(p, counter_member, l);
	}
	return jscan_skip(p);
}

static int fail(char *err, size_t errlen, const char *path, size_t lineno, const char *what)
{
	if (lineno)
		snprintf(err, errlen, "%s:%zu: %s", path, lineno, what);
	else
		snprintf(err, errlen, "%s: %s", path, what);
	return -1;
}

int ds_lines_read(const char *path, struct ds_lines *out, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t bufsz = 0, lineno = 0, cap = 0;
	ssize_t len;
	int ret = 0;

	memset(out, 0, sizeof(*out));
	if (!f)
		return fail(err, errlen, path, 0, strerror(errno));
	while ((len = getline(&buf, &bufsz, f)) >= 0) {
		int complete = len > 0 && buf[len - 1] == '\n';
		const char *p = buf;
		struct line l;

		lineno++;
		while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
			buf[--len] = '\0';
		if (!len)
			continue;
		memset(&l, 0, sizeof(l));
		l.iv.null_mask = (1u << DS_NCOUNTERS) - 1;
		if (strlen(buf) != (size_t)len || jscan_object(&p, line_member, &l) ||
		    !jscan_end(&p)) {
			if (!complete)
				break;	/* cut by the guest's end: not corrupt */
			ret = fail(err, errlen, path, lineno, "not a JSON object");
			break;
		}
		if (!l.has_type || strcmp(l.type, "interval"))
			continue;
		if (!l.has_time || (l.iv.end_ms = iso_ms(l.time)) < 0) {
			ret = fail(err, errlen, path, lineno, "an interval line without a valid \"time\"");
			break;
		}
		if (!l.has_len || !isfinite(l.interval_s) || l.interval_s < 0 || l.interval_s > 1e6) {
			ret = fail(err, errlen, path, lineno, "an interval line without a valid \"interval_s\"");
			break;
		}
		if (!l.has_counters) {
			ret = fail(err, errlen, path, lineno, "an interval line without \"counters\"");
			break;
		}
		l.iv.len_ns = (int64_t)llround(l.interval_s * 1e9);
		if (out->n == cap) {
			size_t ncap = cap ? cap * 2 : 256;
			struct ds_interval *n = realloc(out->iv, ncap * sizeof(*n));

			if (!n) {
				ret = fail(err, errlen, path, 0, "out of memory");
				break;
			}
			out->iv = n;
			cap = ncap;
		}
		out->iv[out->n++] = l.iv;
	}
	if (!ret && ferror(f))
		ret = fail(err, errlen, path, 0, strerror(errno));
	free(buf);
	fclose(f);
	if (ret)
		ds_lines_free(out);
	return ret;
}

/* The summary line: its type and the histograms we want. */
struct sline {
	char type[16];
	int has_type;
	struct ds_summary s;
};

/* Which of the summary's histograms key names, or NULL. */
static struct ds_hist *hist_of(struct sline *l, const char *key)
{
	if (!strcmp(key, "removemapping"))
		return &l->s.removemapping;
	if (!strcmp(key, "reclaim_background"))
		return &l->s.reclaim_background;
	return NULL;
}

static int is_object(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return *p == '{';
}

/* has: bit 0 a count, bit 1 a sum_ns; 3 when both are numbers. */
static int hist_member(void *ctx, const char *key, const char **p)
{
	struct ds_hist *h = ctx;
	int null;

	if (!strcmp(key, "count")) {
		if (jscan_u64(p, &h->count, &null))
			return -1;
		h->has |= null ? 4 : 1;
		return 0;
	}
	if (!strcmp(key, "sum_ns")) {
		if (jscan_u64(p, &h->sum_ns, &null))
			return -1;
		h->has |= null ? 4 : 2;
		return 0;
	}
	return jscan_skip(p);
}

static int hists_member(void *ctx, const char *key, const char **p)
{
	struct ds_hist *h = hist_of(ctx, key);

	if (!h || !is_object(*p))
		return jscan_skip(p);	/* null: not measured */
	return jscan_object(p, hist_member, h);
}

static int sline_member(void *ctx, const char *key, const char **p)
{
	struct sline *l = ctx;
	int t;

	if (!strcmp(key, "type")) {
		if ((t = jscan_string(p, l->type, sizeof(l->type))) < 0)
			return -1;
		l->has_type = !t;
		return 0;
	}
	if (!strcmp(key, "histograms") && is_object(*p))
		return jscan_object(p, hists_member, l);
	return jscan_skip(p);
}

/* A histogram needs a count and a sum; none at all is "not measured". */
static int hist_ok(struct ds_hist *h)
{
	if (!h->has)
		return 1;
	if (h->has != 3)
		return 0;
	h->has = 1;
	return 1;
}

int ds_summary_read(const char *path, struct ds_summary *out, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t bufsz = 0, lineno = 0;
	ssize_t len;
	int ret = 0;

	memset(out, 0, sizeof(*out));
	if (!f)
		return fail(err, errlen, path, 0, strerror(errno));
	while ((len = getline(&buf, &bufsz, f)) >= 0) {
		const char *p = buf;
		struct sline l;

		lineno++;
		/* daxstat writes one summary, at the end; the rest are intervals. */
		if (!strstr(buf, "\"summary\""))
			continue;
		memset(&l, 0, sizeof(l));
		if (strlen(buf) != (size_t)len || jscan_object(&p, sline_member, &l) || !jscan_end(&p))
			continue;	/* not JSON: for ds_lines_read() to judge */
		if (!l.has_type || strcmp(l.type, "summary"))
			continue;
		if (!hist_ok(&l.s.removemapping) || !hist_ok(&l.s.reclaim_background)) {
			ret = fail(err, errlen, path, lineno, "a summary histogram (removemapping or "
				   "reclaim_background) without a count and sum_ns");
			break;
		}
		l.s.found = 1;
		*out = l.s;
	}
	if (!ret && ferror(f))
		ret = fail(err, errlen, path, 0, strerror(errno));
	free(buf);
	fclose(f);
	return ret;
}

void ds_lines_free(struct ds_lines *l)
{
	free(l->iv);
	memset(l, 0, sizeof(*l));
}
