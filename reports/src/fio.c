/* fio's JSON (--output-format=json+) and bandwidth logs of one cell. */
#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "dsreport.h"

/* A clat percentile in microseconds; NaN if fio did not report it. */
static double pct_us(json_object *dir, const char *key)
{
	double ns = json_num(json_get(json_get(dir, "clat_ns"), "percentile"), key);

	return isnan(ns) ? NAN : ns / 1000.0;
}

int fio_parse(const char *path, struct cell *c, char **why)
{
	json_object *root, *jobs, *lat_dir = NULL;
	double lat_ios = -1;
	size_t i, njobs, measured = 0;

	/* json_object_from_file accepts a valid prefix of a truncated file:
	 * read it ourselves and insist that the whole text parses. */
	FILE *f = fopen(path, "r");
	struct json_tokener *tok;
	char *text = NULL;
	size_t len = 0;

	if (!f) {
		*why = xstrdup("missing");
		return -1;
	}
	{
		char chunk[65536];
		size_t n;

		while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
			text = xrealloc(text, len + n + 1);
			memcpy(text + len, chunk, n);
			len += n;
		}
	}
	fclose(f);
	if (!text) {
		*why = xstrdup("empty");
		return -1;
	}
	text[len] = '\0';
	tok = json_tokener_new();
	root = json_tokener_parse_ex(tok, text, (int)len);
	if (!root || json_tokener_get_error(tok) != json_tokener_success ||
	    text[json_tokener_get_parse_end(tok) +
		 strspn(text + json_tokener_get_parse_end(tok), " \t\r\n")] != '\0') {
		enum json_tokener_error e = json_tokener_get_error(tok);

		*why = xasprintf("not valid JSON (%s)",
				 e == json_tokener_success ? "trailing data" :
				 e == json_tokener_continue ? "truncated" : json_tokener_error_desc(e));
		json_tokener_free(tok);
		json_object_put(root);
		free(text);
		return -1;
	}
	json_tokener_free(tok);
	free(text);

	jobs = json_get(root, "jobs");
	if (!jobs || !json_object_is_type(jobs, json_type_array) || !json_object_array_length(jobs)) {
		*why = xstrdup("no \"jobs\" array");
		json_object_put(root);
		return -1;
	}
	c->bw_mib = c->iops = c->ios = 0;
	c->runtime_ms = 0;
	njobs = json_object_array_length(jobs);
	for (i = 0; i < njobs; i++) {
		json_object *job = json_object_array_get_idx(jobs, i);
		json_object *name = json_get(job, "jobname");
		const char *dirs[] = { "read", "write" };
		int d;

		/* prep-* jobs set a file up (overwrite.fio reads it first). */
		if (name && !strncmp(json_object_get_string(name), "prep", 4))
			continue;
		for (d = 0; d < 2; d++) {
			json_object *dir = json_get(job, dirs[d]);
			double ios = json_num(dir, "total_ios"), bw = json_num(dir, "bw_bytes"), iops = json_num(dir, "iops");

			if (isnan(ios) || isnan(bw) || isnan(iops)) {
				*why = xasprintf("job %zu has no %s statistics", i, dirs[d]);
				json_object_put(root);
				return -1;
			}
			c->bw_mib += bw / MIB;
			c->iops += iops;
			c->ios += ios;
			/* Latency of the direction with the most I/Os (reads
			 * for randrw's 75% reads). */
			if (ios > lat_ios) {
				lat_ios = ios;
				lat_dir = dir;
			}
		}
		if (json_num(job, "job_runtime") > c->runtime_ms)
			c->runtime_ms = json_num(job, "job_runtime");
		measured++;
	}
	if (!measured) {
		*why = xstrdup("no measured job");
		json_object_put(root);
		return -1;
	}
	c->p50_us = pct_us(lat_dir, "50.000000");
	c->p99_us = pct_us(lat_dir, "99.000000");
	c->p999_us = pct_us(lat_dir, "99.900000");
	c->end_ms = isnan(json_num(root, "timestamp_ms")) ? 0 : (long long)json_num(root, "timestamp_ms");
	json_object_put(root);
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* fio_bw.N.log lines: "msec, KiB/s, direction, bs, offset[, prio]". Each
 * job logs its own average per log_avg_msec (bucket_ms); jobs (and the read
 * and write lines of randrw) are summed per period. */
int fio_bw_series(const char *celldir, double bucket_ms, double **t_s, double **mib, int *n)
{
	DIR *d = opendir(celldir);
	struct dirent *e;
	double *tt = NULL, *vv = NULL, *keys;
	int cnt = 0, i, j, nk = 0;

	*t_s = *mib = NULL;
	*n = 0;
	if (!d)
		return -1;
	while ((e = readdir(d))) {
		char *p;
		FILE *f;
		long long ms;
		double kib;

		if (strncmp(e->d_name, "fio_bw.", 7) || !strstr(e->d_name, ".log"))
			continue;
		p = path_join(celldir, e->d_name);
		f = fopen(p, "r");
		free(p);
		if (!f)
			continue;
		while (fscanf(f, "%lld, %lf%*[^\n]", &ms, &kib) == 2) {
			tt = xrealloc(tt, (cnt + 1) * sizeof(double));
			vv = xrealloc(vv, (cnt + 1) * sizeof(double));
			/* Jobs log at slightly different times: round to
			 * the logging period so that their samples add up. */
			tt[cnt] = round(ms / bucket_ms) * bucket_ms / 1000.0;
			vv[cnt] = kib / 1024.0;
			cnt++;
		}
		fclose(f);
	}
	closedir(d);
	if (!cnt)
		return -1;
	keys = xmalloc(cnt * sizeof(double));
	memcpy(keys, tt, cnt * sizeof(double));
	qsort(keys, cnt, sizeof(double), cmp_double);
	for (i = 0; i < cnt; i++)
		if (!nk || keys[nk - 1] != keys[i])
			keys[nk++] = keys[i];
	*t_s = xmalloc(nk * sizeof(double));
	*mib = xcalloc(nk, sizeof(double));
	for (i = 0; i < nk; i++) {
		(*t_s)[i] = keys[i];
		for (j = 0; j < cnt; j++)
			if (tt[j] == keys[i])
				(*mib)[i] += vv[j];
	}
	*n = nk;
	free(keys);
	free(tt);
	free(vv);
	return 0;
}
