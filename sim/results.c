// SPDX-License-Identifier: GPL-2.0
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "results.h"

/* key=value lines, as reports/src/util.c kv_load() reads them. */
struct kv {
	char **key, **val;
	size_t n;
};

static void kv_free(struct kv *kv)
{
	size_t i;

	for (i = 0; i < kv->n; i++) {
		free(kv->key[i]);
		free(kv->val[i]);
	}
	free(kv->key);
	free(kv->val);
	memset(kv, 0, sizeof(*kv));
}

/* 0, -1 absent or unreadable (errno), -2 out of memory. */
static int kv_load(const char *path, struct kv *kv)
{
	FILE *f = fopen(path, "r");
	char *line = NULL, *eq;
	size_t cap = 0;
	ssize_t len;
	int ret = 0;

	memset(kv, 0, sizeof(*kv));
	if (!f)
		return -1;
	while ((len = getline(&line, &cap, f)) >= 0) {
		char **nk, **nv;

		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		eq = strchr(line, '=');
		if (!eq || eq == line)
			continue;
		*eq = '\0';
		nk = realloc(kv->key, (kv->n + 1) * sizeof(*nk));
		if (nk)
			kv->key = nk;
		nv = realloc(kv->val, (kv->n + 1) * sizeof(*nv));
		if (nv)
			kv->val = nv;
		if (!nk || !nv || !(kv->key[kv->n] = strdup(line))) {
			ret = -2;
			break;
		}
		if (!(kv->val[kv->n] = strdup(eq + 1))) {
			free(kv->key[kv->n]);
			ret = -2;
			break;
		}
		kv->n++;
	}
	if (!ret && ferror(f))
		ret = -1;
	free(line);
	fclose(f);
	if (ret)
		kv_free(kv);
	return ret;
}

/* The last value of key, or NULL: the last one wins, as in reports/src/util.c. */
static const char *kv_get(const struct kv *kv, const char *key)
{
	size_t i = kv->n;

	while (i--)
		if (!strcmp(kv->key[i], key))
			return kv->val[i];
	return NULL;
}

static int parse_u64(const char *s, uint64_t *out)
{
	uint64_t v = 0;

	if (!s || !*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (UINT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return 0;
}

/* Seconds with decimals ("1234.56", /proc/uptime's form) -> ns, exactly. */
static int parse_secs_ns(const char *s, int64_t *out)
{
	int64_t sec = 0, frac = 0, scale = 100000000;
	const char *p = s;

	if (!s || *p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (sec > (INT64_MAX / 1000000000 - 9) / 10)
			return -1;
		sec = sec * 10 + (*p - '0');
	}
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++, scale /= 10)
			frac += (*p - '0') * scale;	/* past ns: digits add 0 */
		if (p[-1] == '.')
			return -1;
	}
	if (*p)
		return -1;
	*out = sec * 1000000000 + frac;
	return 0;
}

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

char *path_of(const char *dir, const char *a, const char *b)
{
	size_t n = strlen(dir) + strlen(a) + (b ? strlen(b) + 1 : 0) + 2;
	char *p = malloc(n);

	if (p)
		snprintf(p, n, "%s/%s%s%s", dir, a, b ? "/" : "", b ? b : "");
	return p;
}

/* A copy of s, or NULL with errno ENOMEM (s NULL: ""). */
static char *dup_or_empty(const char *s)
{
	return strdup(s ? s : "");
}

/* The status file: ok, and the cell's span when given. */
static int read_status(const char *path, struct cell *c, char *err, size_t errlen)
{
	const char *s, *b, *e;
	struct kv kv;
	int ret = kv_load(path, &kv);

	if (ret == -2)
		return fail(err, errlen, "%s: out of memory", path);
	if (ret)
		return 0;	/* no status: the run stopped before the cell ended */
	s = kv_get(&kv, "status");
	ret = 0;
	if (!s || (strcmp(s, "ok") && strcmp(s, "failed") && strcmp(s, "unsupported"))) {
		ret = fail(err, errlen, "%s: corrupt (no status=ok|failed|unsupported)", path);
		goto out;
	}
	c->ok = !strcmp(s, "ok");
	b = kv_get(&kv, "cell_begin");
	e = kv_get(&kv, "cell_end");
	if (!b && !e)
		goto out;	/* runs from before they were recorded */
	if (!b || !e) {
		ret = fail(err, errlen, "%s: corrupt (cell_%s without cell_%s)", path,
			   b ? "begin" : "end", b ? "end" : "begin");
		goto out;
	}
	if (parse_secs_ns(b, &c->begin_ns) || parse_secs_ns(e, &c->end_ns)) {
		ret = fail(err, errlen, "%s: corrupt (cell_begin and cell_end must be seconds, "
			   "as in /proc/uptime)", path);
		goto out;
	}
	if (c->end_ns < c->begin_ns) {
		ret = fail(err, errlen, "%s: corrupt (cell_end before cell_begin)", path);
		goto out;
	}
	c->has_span = 1;
out:
	kv_free(&kv);
	return ret;
}

/* One cell: appended to r->cells when it is a dax cell. */
static int read_cell(struct results *r, const char *id, char *err, size_t errlen)
{
	char *dir = path_of(r->dir, "cells", id), *pmeta = NULL, *pstatus = NULL;
	const char *mode, *v;
	struct cell c = { 0 };
	struct kv kv = { 0 };
	int ret = -1, k;

	if (!dir || !(pmeta = path_of(dir, "meta", NULL)) || !(pstatus = path_of(dir, "status", NULL))) {
		fail(err, errlen, "%s: out of memory", r->dir);
		goto out;
	}
	if ((k = kv_load(pmeta, &kv))) {
		fail(err, errlen, "%s: %s", pmeta, k == -2 ? "out of memory" :
		     errno == ENOENT ? "missing (every cell of cells.list has a meta)" : strerror(errno));
		goto out;
	}
	mode = kv_get(&kv, "mode");
	if (!mode || !*mode) {
		fail(err, errlen, "%s: corrupt (no mode)", pmeta);
		goto out;
	}
	if (strcmp(mode, "dax")) {
		ret = 0;	/* none and tmpfs cells have no window */
		goto out;
	}
	v = kv_get(&kv, "guest");
	if (!v || !*v || strchr(v, '/') || !strcmp(v, "..") || !strcmp(v, ".")) {
		fail(err, errlen, "%s: corrupt (no guest, or not a name)", pmeta);
		goto out;
	}
	if (!(v = kv_get(&kv, "workload")) || !*v) {
		fail(err, errlen, "%s: corrupt (no workload)", pmeta);
		goto out;
	}
	if (parse_u64(kv_get(&kv, "window"), &c.window) || parse_u64(kv_get(&kv, "range"), &c.range) ||
	    !c.window || !c.range) {
		fail(err, errlen, "%s: corrupt (window and range must be bytes, above 0, in a dax cell)", pmeta);
		goto out;
	}
	if ((v = kv_get(&kv, "repeat"))) {
		uint64_t rep;

		if (parse_u64(v, &rep) || !rep || rep > 1000000) {
			fail(err, errlen, "%s: corrupt (repeat '%s')", pmeta, v);
			goto out;
		}
		c.repeat = (long)rep;
	} else {
		c.repeat = 1;	/* as reports/src/load.c */
	}
	v = kv_get(&kv, "daxstat");
	c.daxstat = v && !strcmp(v, "1");
	if (read_status(pstatus, &c, err, errlen))
		goto out;
	c.id = strdup(id);
	c.guest = dup_or_empty(kv_get(&kv, "guest"));
	c.workload = dup_or_empty(kv_get(&kv, "workload"));
	if (!c.id || !c.guest || !c.workload) {
		fail(err, errlen, "%s: out of memory", r->dir);
		goto out;
	}
	{
		struct cell *n = realloc(r->cells, (r->n + 1) * sizeof(*n));

		if (!n) {
			fail(err, errlen, "%s: out of memory", r->dir);
			goto out;
		}
		r->cells = n;
		r->cells[r->n++] = c;
		memset(&c, 0, sizeof(c));
	}
	ret = 0;
out:
	free(c.id);
	free(c.guest);
	free(c.workload);
	kv_free(&kv);
	free(dir);
	free(pmeta);
	free(pstatus);
	return ret;
}

int results_read(const char *dir, struct results *r, char *err, size_t errlen)
{
	char *plist = NULL, *line = NULL;
	size_t cap = 0;
	ssize_t len;
	struct stat st;
	FILE *f;
	int ret = 0;

	memset(r, 0, sizeof(*r));
	if (stat(dir, &st))
		return fail(err, errlen, "%s: %s", dir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return fail(err, errlen, "%s: not a results directory (not a directory)", dir);
	if (!(r->dir = strdup(dir)) || !(plist = path_of(dir, "cells.list", NULL))) {
		free(r->dir);
		return fail(err, errlen, "%s: out of memory", dir);
	}
	f = fopen(plist, "r");
	free(plist);
	if (!f) {
		results_free(r);
		return fail(err, errlen, "%s: not a results directory (no cells.list)", dir);
	}
	while (!ret && (len = getline(&line, &cap, f)) >= 0) {
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r' || line[len - 1] == ' '))
			line[--len] = '\0';
		if (!len)
			continue;
		/* An id is CONFIG/WORKLOAD/REPEAT under cells/: nothing that climbs out. */
		if (strstr(line, "..") || line[0] == '/' || strlen(line) != (size_t)len) {
			ret = fail(err, errlen, "%s/cells.list: corrupt (cell id '%s')", dir, line);
			break;
		}
		r->ncells++;
		ret = read_cell(r, line, err, errlen);
	}
	if (!ret && ferror(f))
		ret = fail(err, errlen, "%s/cells.list: %s", dir, strerror(errno));
	free(line);
	fclose(f);
	if (ret)
		results_free(r);
	return ret;
}

void results_free(struct results *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->cells[i].id);
		free(r->cells[i].guest);
		free(r->cells[i].workload);
	}
	free(r->cells);
	free(r->dir);
	memset(r, 0, sizeof(*r));
}
