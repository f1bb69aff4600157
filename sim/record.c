// SPDX-License-Identifier: GPL-2.0
/* Reading daxrec1 recordings: a '# key=value' header, then one record a line. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"
#include "size.h"

#define GOLDEN 0x9e3779b97f4a7c15ULL

/* splitmix64's finalizer: every input bit reaches every output bit. */
static uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint64_t daxrec_hash(uint64_t ino, uint64_t unit)
{
	return mix64(mix64(ino + GOLDEN) ^ (unit + GOLDEN));
}

int daxrec_keep(uint64_t hash, double rate)
{
	return (hash & 0xffffff) < (uint64_t)(rate * 16777216.0);
}

/* INO -> dense id, open addressing. */
struct ino_map {
	uint64_t *key;
	uint32_t *val;	/* id + 1; 0 = empty */
	size_t cap, n;
};

static int ino_map_grow(struct ino_map *m)
{
	size_t ncap = m->cap ? m->cap * 2 : 1024, i;
	uint64_t *key = calloc(ncap, sizeof(*key));
	uint32_t *val = calloc(ncap, sizeof(*val));

	if (!key || !val) {
		free(key);
		free(val);
		return -1;
	}
	for (i = 0; i < m->cap; i++) {
		size_t j;

		if (!m->val[i])
			continue;
		for (j = mix64(m->key[i]) & (ncap - 1); val[j]; j = (j + 1) & (ncap - 1))
			;
		key[j] = m->key[i];
		val[j] = m->val[i];
	}
	free(m->key);
	free(m->val);
	m->key = key;
	m->val = val;
	m->cap = ncap;
	return 0;
}

/* The id of ino, adding it; -1 when out of memory. */
static int64_t ino_map_id(struct ino_map *m, uint64_t ino)
{
	size_t j;

	if (2 * (m->n + 1) > m->cap && ino_map_grow(m))
		return -1;
	for (j = mix64(ino) & (m->cap - 1); m->val[j]; j = (j + 1) & (m->cap - 1))
		if (m->key[j] == ino)
			return m->val[j] - 1;
	if (m->n >= UINT32_MAX - 1)
		return -1;
	m->key[j] = ino;
	m->val[j] = (uint32_t)++m->n;
	return m->val[j] - 1;
}

struct reader {
	struct trace *t;
	const char *name, *dev;
	size_t line;
	char *err;
	size_t errlen;
	int have_format, have_rate, header_done, dev_seen_other;
	uint64_t last_time;
	unsigned unit_shift;	/* sample_unit = granule << unit_shift */
	size_t cap;
	struct ino_map inos;
};

static int fail(struct reader *r, const char *fmt, ...)
{
	size_t n = 0;
	va_list ap;

	if (r->line)
		n = (size_t)snprintf(r->err, r->errlen, "%s:%zu: ", r->name, r->line);
	else
		n = (size_t)snprintf(r->err, r->errlen, "%s: ", r->name);
	if (n < r->errlen) {
		va_start(ap, fmt);
		vsnprintf(r->err + n, r->errlen - n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static int parse_u64(const char *s, uint64_t *out)
{
	uint64_t v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (!isdigit((unsigned char)*s) || v > (UINT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return 0;
}

static const char *const known_keys[] = {
	"format", "granule", "sample_rate", "sample_unit", "window", "range",
	"realtime_offset_ns", NULL
};

static int known_key(const char *k)
{
	int i;

	for (i = 0; known_keys[i]; i++)
		if (!strcmp(k, known_keys[i]))
			return 1;
	return 0;
}

static int set_key(struct reader *r, const char *k, const char *v)
{
	struct trace *t = r->t;
	uint64_t sz;
	char *end;

	if (!strcmp(k, "format")) {
		if (r->have_format)
			return fail(r, "'format' given twice");
		if (strcmp(v, DAXREC_FORMAT))
			return fail(r, "unsupported format '%s' (daxsim reads %s)", v, DAXREC_FORMAT);
		r->have_format = 1;
		return 0;
	}
	if (!strcmp(k, "sample_rate")) {
		double d;

		if (r->have_rate)
			return fail(r, "'sample_rate' given twice");
		errno = 0;
		d = strtod(v, &end);
		if (errno || end == v || *end || !isfinite(d) || d <= 0 || d > 1)
			return fail(r, "sample_rate must be a number in (0, 1], not '%s'", v);
		t->sample_rate = d;
		r->have_rate = 1;
		return 0;
	}
	if (!strcmp(k, "realtime_offset_ns")) {
		long long ns;

		if (t->has_realtime_offset)
			return fail(r, "'realtime_offset_ns' given twice");
		errno = 0;
		ns = strtoll(v, &end, 10);
		if (errno || end == v || *end)
			return fail(r, "realtime_offset_ns must be a whole number of ns, not '%s'", v);
		t->realtime_offset_ns = ns;
		t->has_realtime_offset = 1;
		return 0;
	}
	if (size_parse(v, &sz))
		return fail(r, "%s must be a size in bytes (K/M/G allowed), not '%s'", k, v);
	if (!strcmp(k, "granule")) {
		if (t->granule)
			return fail(r, "'granule' given twice");
		if (!is_pow2(sz) || sz < 4096)
			return fail(r, "granule must be a power of two of at least 4096, not '%s'", v);
		t->granule = sz;
	} else if (!strcmp(k, "sample_unit")) {
		if (t->sample_unit)
			return fail(r, "'sample_unit' given twice");
		t->sample_unit = sz;
	} else if (!strcmp(k, "window")) {
		if (t->window)
			return fail(r, "'window' given twice");
		t->window = sz;
	} else {
		if (t->range)
			return fail(r, "'range' given twice");
		t->range = sz;
	}
	return 0;
}

/* Is big the granule times a power of two? */
static int granule_multiple(uint64_t big, uint64_t granule)
{
	return big >= granule && big % granule == 0 && is_pow2(big / granule);
}

/* Checks the header as a whole, at the first record or the end. */
static int header_check(struct reader *r)
{
	struct trace *t = r->t;
	char a[32], b[32];

	r->header_done = 1;
	if (!r->have_format)
		return fail(r, "no '# format=%s' header line before the records", DAXREC_FORMAT);
	if (!t->granule)
		return fail(r, "no '# granule=BYTES' header line before the records");
	if (!r->have_rate)
		t->sample_rate = 1.0;
	if (!t->sample_unit)
		t->sample_unit = t->granule;
	if (!granule_multiple(t->sample_unit, t->granule))
		return fail(r, "sample_unit %s is not the granule (%s) times a power of two",
			    size_fmt(t->sample_unit, a, sizeof(a)), size_fmt(t->granule, b, sizeof(b)));
	if (t->range && !granule_multiple(t->range, t->granule))
		return fail(r, "range %s is not the granule (%s) times a power of two",
			    size_fmt(t->range, a, sizeof(a)), size_fmt(t->granule, b, sizeof(b)));
	r->unit_shift = log2u(t->sample_unit / t->granule);
	return 0;
}

static int header_line(struct reader *r, char *s)
{
	char *eq, *k, *v, *p;

	while (*s == '#' || isspace((unsigned char)*s))
		s++;
	eq = strchr(s, '=');
	if (!eq)
		return 0;	/* a comment */
	for (p = s; p < eq; p++)
		if (!islower((unsigned char)*p) && *p != '_')
			return 0;	/* "key" with other characters: a comment */
	*eq = '\0';
	k = s;
	v = eq + 1;
	while (isspace((unsigned char)*v))
		v++;
	for (p = v + strlen(v); p > v && isspace((unsigned char)p[-1]); p--)
		p[-1] = '\0';
	if (!*k || !known_key(k))
		return 0;	/* other tools' metadata */
	if (r->header_done)
		return fail(r, "header line '%s=%s' after the first record", k, v);
	return set_key(r, k, v);
}

static int record_line(struct reader *r, char *s)
{
	struct trace *t = r->t;
	char *tok[8], *save = NULL;
	uint64_t time, ino, gran = 0;
	int n = 0, op, path;
	int64_t id;
	struct rec *rec;

	if (!r->header_done && header_check(r))
		return -1;
	for (char *p = strtok_r(s, " \t", &save); p; p = strtok_r(NULL, " \t", &save)) {
		if (n == 8)
			break;
		tok[n++] = p;
	}
	if (n != 7)
		return fail(r, "expected 7 fields (TIME_NS DEV INO GRANULE OP PATH TASK), found %s%d",
			    n == 8 ? "more than " : "", n == 8 ? 7 : n);
	if (parse_u64(tok[0], &time))
		return fail(r, "TIME_NS is not an unsigned decimal number: '%s'", tok[0]);
	if (time < r->last_time)
		return fail(r, "TIME_NS goes backwards (%llu after %llu); sort the recording",
			    (unsigned long long)time, (unsigned long long)r->last_time);
	r->last_time = time;
	if (parse_u64(tok[2], &ino))
		return fail(r, "INO is not an unsigned decimal number: '%s'", tok[2]);
	if (!strcmp(tok[4], "r"))
		op = REC_READ;
	else if (!strcmp(tok[4], "w"))
		op = REC_WRITE;
	else if (!strcmp(tok[4], "e"))
		op = REC_EVICT;
	else
		return fail(r, "OP must be r, w or e, not '%s'", tok[4]);
	if (op == REC_EVICT && !strcmp(tok[3], "-"))
		gran = 0;
	else if (parse_u64(tok[3], &gran))
		return fail(r, "GRANULE is not an unsigned decimal number: '%s'", tok[3]);
	if (gran > UINT64_MAX / t->granule)
		return fail(r, "GRANULE %s is beyond the largest file offset", tok[3]);
	if (op == REC_EVICT && !strcmp(tok[5], "-"))
		path = REC_IOMAP;
	else if (!strcmp(tok[5], "f"))
		path = REC_FAULT;
	else if (!strcmp(tok[5], "i"))
		path = REC_IOMAP;
	else
		return fail(r, "PATH must be f or i, not '%s'", tok[5]);
	if (op != REC_EVICT && t->sample_rate < 1.0) {
		uint64_t h = daxrec_hash(ino, gran >> r->unit_shift);

		if (!daxrec_keep(h, t->sample_rate))
			return fail(r, "INO %s GRANULE %s is outside the sample (hash mod 2^24 = %llu, "
				    "kept below %llu): recorded with another sample_rate or sample_unit?",
				    tok[2], tok[3], (unsigned long long)(h & 0xffffff),
				    (unsigned long long)(t->sample_rate * 16777216.0));
	}

	/* One device's window at a time: each virtio-fs device has its own. */
	if (r->dev) {
		if (strcmp(tok[1], r->dev)) {
			r->dev_seen_other = 1;
			return 0;
		}
	} else if (t->dev && strcmp(tok[1], t->dev)) {
		return fail(r, "records of a second device '%s' (the first was '%s'): "
			    "choose one with --dev", tok[1], t->dev);
	}
	if (!t->dev && !(t->dev = strdup(tok[1])))
		return -2;

	if ((id = ino_map_id(&r->inos, ino)) < 0)
		return -2;
	if (t->nrecs == r->cap) {
		size_t ncap = r->cap ? r->cap * 2 : 4096;
		struct rec *nr = realloc(t->recs, ncap * sizeof(*nr));

		if (!nr)
			return -2;
		t->recs = nr;
		r->cap = ncap;
	}
	rec = &t->recs[t->nrecs++];
	rec->time_ns = time;
	rec->granule = gran;
	rec->inode = (uint32_t)id;
	rec->op = (uint8_t)op;
	rec->path = (uint8_t)path;
	return 0;
}

int trace_read(struct trace *t, FILE *f, const char *name, const char *dev,
	       char *err, size_t errlen)
{
	struct reader r = { .t = t, .name = name, .dev = dev, .err = err, .errlen = errlen };
	char *buf = NULL;
	size_t bufsz = 0;
	ssize_t len;
	int ret = 0;

	memset(t, 0, sizeof(*t));
	while ((len = getline(&buf, &bufsz, f)) >= 0) {
		char *s = buf;

		r.line++;
		while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
			buf[--len] = '\0';
		if (strlen(buf) != (size_t)len) {
			ret = fail(&r, "a NUL byte in the line");
			break;
		}
		while (isspace((unsigned char)*s))
			s++;
		if (!*s)
			continue;
		ret = *s == '#' ? header_line(&r, s) : record_line(&r, s);
		if (ret)
			break;
	}
	if (!ret && ferror(f)) {
		snprintf(err, errlen, "%s: %s", name, strerror(errno));
		ret = -2;
	}
	r.line = 0;
	if (!ret && !r.header_done)
		ret = header_check(&r);
	if (!ret && dev && !t->nrecs && r.dev_seen_other)
		ret = fail(&r, "no records of device '%s'", dev);
	if (ret == -2 && !ferror(f))
		snprintf(err, errlen, "%s: out of memory", name);
	t->ninodes = (uint32_t)r.inos.n;
	free(r.inos.key);
	free(r.inos.val);
	free(buf);
	return ret;
}

void trace_free(struct trace *t)
{
	free(t->recs);
	free(t->dev);
	memset(t, 0, sizeof(*t));
}

struct pair {
	uint64_t range;
	uint32_t inode;
};

static int pair_cmp(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;

	if (x->inode != y->inode)
		return x->inode < y->inode ? -1 : 1;
	return x->range < y->range ? -1 : x->range > y->range;
}

uint64_t trace_footprint(const struct trace *t, unsigned shift)
{
	struct pair *p = malloc((t->nrecs ? t->nrecs : 1) * sizeof(*p));
	size_t i, n = 0;
	uint64_t distinct = 0;

	if (!p)
		return UINT64_MAX;
	for (i = 0; i < t->nrecs; i++) {
		if (t->recs[i].op == REC_EVICT)
			continue;
		p[n].inode = t->recs[i].inode;
		p[n].range = t->recs[i].granule >> shift;
		n++;
	}
	qsort(p, n, sizeof(*p), pair_cmp);
	for (i = 0; i < n; i++)
		if (!i || pair_cmp(&p[i - 1], &p[i]))
			distinct++;
	free(p);
	return distinct;
}

int rec_same_extent(const struct rec *prev, const struct rec *r, unsigned shift)
{
	return prev && r->op != REC_EVICT && prev->op == r->op && prev->path == r->path &&
	       prev->inode == r->inode && prev->time_ns == r->time_ns &&
	       r->granule == prev->granule + 1 && r->granule >> shift == prev->granule >> shift;
}
