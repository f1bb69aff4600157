/* Memory, strings, files and key=value files. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dsreport.h"

const char *tool_name = "dsreport";

static void oom(void)
{
	fprintf(stderr, "%s: out of memory\n", tool_name);
	exit(2);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

char *xstrdup(const char *s)
{
	char *d = strdup(s ? s : "");

	if (!d)
		oom();
	return d;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		oom();
	va_end(ap);
	return s;
}

char *path_join(const char *a, const char *b)
{
	return xasprintf("%s/%s", a, b);
}

bool file_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

int kv_load(const char *path, struct kv *kv)
{
	FILE *f = fopen(path, "r");
	char *line = NULL, *eq;
	size_t cap = 0;
	ssize_t len;

	memset(kv, 0, sizeof(*kv));
	if (!f)
		return -1;
	while ((len = getline(&line, &cap, f)) >= 0) {
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		eq = strchr(line, '=');
		if (!eq || eq == line)
			continue;
		*eq = '\0';
		kv->keys = xrealloc(kv->keys, (kv->n + 1) * sizeof(char *));
		kv->vals = xrealloc(kv->vals, (kv->n + 1) * sizeof(char *));
		kv->keys[kv->n] = xstrdup(line);
		kv->vals[kv->n] = xstrdup(eq + 1);
		kv->n++;
	}
	free(line);
	fclose(f);
	return 0;
}

const char *kv_get(const struct kv *kv, const char *key)
{
	int i;

	/* The last one wins, as in a shell's environment file. */
	for (i = kv->n - 1; i >= 0; i--)
		if (!strcmp(kv->keys[i], key))
			return kv->vals[i];
	return NULL;
}

long long kv_ll(const struct kv *kv, const char *key, long long dflt)
{
	const char *v = kv_get(kv, key);
	char *end;
	long long n;

	if (!v || !*v)
		return dflt;
	errno = 0;
	n = strtoll(v, &end, 10);
	return errno || *end ? dflt : n;
}

void kv_free(struct kv *kv)
{
	int i;

	for (i = 0; i < kv->n; i++) {
		free(kv->keys[i]);
		free(kv->vals[i]);
	}
	free(kv->keys);
	free(kv->vals);
	memset(kv, 0, sizeof(*kv));
}

void buf_add(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	char *s;
	size_t n;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		oom();
	va_end(ap);
	n = strlen(s);
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n + 1);
	b->len += n;
	free(s);
}

static int nproblems;

void problem(const char *path, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: %s: ", tool_name, path);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	nproblems++;
}

int problem_count(void)
{
	return nproblems;
}

const char *fmt_num(char *dst, size_t len, double v, int decimals)
{
	if (isnan(v) || isinf(v))
		snprintf(dst, len, "n/a");
	else
		snprintf(dst, len, "%.*f", decimals, v);
	return dst;
}

const char *fmt_p(char *dst, size_t len, double p)
{
	if (isnan(p))
		snprintf(dst, len, "p n/a");
	else if (p < 0.001)
		snprintf(dst, len, "p < 0.001");
	else
		snprintf(dst, len, "p = %.3f", p);
	return dst;
}

const char *size_name(char *dst, size_t len, long long bytes)
{
	static const char units[] = "GMK";
	int shift, i;

	for (i = 0, shift = 30; i < 3; i++, shift -= 10) {
		long long unit = 1LL << shift;

		if (bytes >= unit && bytes % unit == 0) {
			snprintf(dst, len, "%lld%c", bytes / unit, units[i]);
			return dst;
		}
	}
	snprintf(dst, len, "%lld", bytes);
	return dst;
}

const char *run_name(const char *dir)
{
	const char *b = strrchr(dir, '/');

	return b ? b + 1 : dir;
}
