/* Reading a results directory (made by workloads/run-matrix.sh):
 *   manifest, matrix, cells.list
 *   cells/CONFIG/WORKLOAD/REPEAT/{meta,status,fio.json,fio_bw.N.log,
 *                                 host-begin.stats,host-end.stats}
 *     meta: boot=N, the guest boot the cell ran in (run-wide id); without
 *     it, one guest directory was one boot
 *     status: started=EPOCH, the wall clock at the cell's start
 *   guests/GUEST/daxstat.jsonl (when daxstat ran)
 * Nothing here writes. A missing or corrupt file is named by problem() and
 * its cell is left out of the numbers (status CELL_BROKEN). */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "dsreport.h"

/* virtiofsd's counter names and where each delta goes. */
static const struct {
	const char *key;
	size_t off;
} host_stats[] = {
#define HOST_STAT(name) { #name, offsetof(struct host_delta, name) }
	HOST_STAT(setup_requests), HOST_STAT(setup_ranges), HOST_STAT(setup_time_ns),
	HOST_STAT(setup_errors), HOST_STAT(remove_requests), HOST_STAT(remove_ranges),
	HOST_STAT(remove_time_ns), HOST_STAT(remove_errors),
#undef HOST_STAT
};
#define NSTAT (sizeof(host_stats) / sizeof(host_stats[0]))

static double *host_field(struct host_delta *h, size_t i)
{
	return (double *)((char *)h + host_stats[i].off);
}

/* 1 read, 0 absent, -1 corrupt (named). */
static int load_stats(const char *path, struct host_delta *h)
{
	struct kv kv;
	size_t i;

	if (kv_load(path, &kv))
		return 0;
	for (i = 0; i < NSTAT; i++) {
		long long n = kv_ll(&kv, host_stats[i].key, -1);

		if (n < 0) {
			problem(path, "corrupt (no %s)", host_stats[i].key);
			kv_free(&kv);
			return -1;
		}
		*host_field(h, i) = (double)n;
	}
	kv_free(&kv);
	return 1;
}

static void load_host(const char *celldir, struct cell *c)
{
	char *pb = path_join(celldir, "host-begin.stats"), *pe = path_join(celldir, "host-end.stats");
	struct host_delta b, e;
	int rb = load_stats(pb, &b), re = load_stats(pe, &e);
	size_t i;

	memset(&c->host, 0, sizeof(c->host));
	if (rb == 1 && re == 1) {
		c->host.ok = true;
		for (i = 0; i < NSTAT; i++)
			*host_field(&c->host, i) = *host_field(&e, i) - *host_field(&b, i);
	} else if (rb + re == 1) {
		/* The runner writes both or neither. */
		problem(rb ? pe : pb, "missing");
	}
	free(pb);
	free(pe);
}

const struct guest_dax *run_dax(const struct run *run, const char *guest)
{
	int i;

	for (i = 0; i < run->ndax; i++)
		if (!strcmp(run->dax[i].guest, guest))
			return run->dax[i].n ? &run->dax[i] : NULL;
	return NULL;
}

/* A guest's daxstat lines, read once and kept. */
static const struct guest_dax *guest_dax(struct run *run, const char *guest)
{
	struct guest_dax *g;
	char *p;
	int i;

	for (i = 0; i < run->ndax; i++)
		if (!strcmp(run->dax[i].guest, guest))
			return run->dax[i].n ? &run->dax[i] : NULL;
	run->dax = xrealloc(run->dax, (run->ndax + 1) * sizeof(*run->dax));
	g = &run->dax[run->ndax++];
	memset(g, 0, sizeof(*g));
	g->guest = xstrdup(guest);
	p = xasprintf("%s/guests/%s/daxstat.jsonl", run->dir, guest);
	daxstat_load(p, g); /* absent: daxstat did not run or died; not an error */
	free(p);
	return g->n ? g : NULL;
}

/* The run-wide index of a boot, by name; added when new. */
static int boot_index(struct run *run, const char *name)
{
	int i;

	for (i = 0; i < run->nboots; i++)
		if (!strcmp(run->boots[i], name))
			return i;
	run->boots = xrealloc(run->boots, (run->nboots + 1) * sizeof(char *));
	run->boots[run->nboots] = xstrdup(name);
	return run->nboots++;
}

/* boot=N when the runner recorded it (a corrupt one is named and the
 * guest stands in); else the guest, which booted once. */
static int cell_boot(struct run *run, const char *pmeta, const struct kv *meta, const char *guest)
{
	const char *s = kv_get(meta, "boot");
	char *end, *name = NULL;
	long long id;
	int i;

	if (s) {
		errno = 0;
		id = strtoll(s, &end, 10);
		if (*s && !*end && !errno)
			name = xasprintf("boot %lld", id);
		else
			problem(pmeta, "corrupt (boot=%s)", s);
	}
	if (!name)
		name = xasprintf("guest %s", guest);
	i = boot_index(run, name);
	free(name);
	return i;
}

/* A number of a key=value file; NaN when absent or not a number. */
static double kv_double(const struct kv *kv, const char *key)
{
	const char *s = kv_get(kv, key);
	char *end;
	double v;

	if (!s || !*s)
		return NAN;
	v = strtod(s, &end);
	return *end || !isfinite(v) ? NAN : v;
}

/* "CONFIG/WORKLOAD/REPEAT" -> the parts, for a cell whose meta is gone. */
static void from_id(struct cell *c)
{
	char *s = xstrdup(c->id), *a = strchr(s, '/'), *b = a ? strchr(a + 1, '/') : NULL;

	if (a && b) {
		*a = *b = '\0';
		c->config = xstrdup(s);
		c->workload = xstrdup(a + 1);
		c->repeat = atoi(b + 1);
	} else {
		c->config = xstrdup(s);
		c->workload = xstrdup("?");
	}
	free(s);
}

static void load_cell(struct run *run, struct cell *c)
{
	char *celldir = xasprintf("%s/cells/%s", run->dir, c->id);
	char *pmeta = path_join(celldir, "meta"), *pstatus = path_join(celldir, "status");
	char *pfio = path_join(celldir, "fio.json"), *why = NULL;
	struct kv meta, st;
	const char *s;

	c->bw_mib = c->iops = c->ios = c->p50_us = c->p99_us = c->p999_us = NAN;
	c->started = c->secs = c->span_s = NAN;
	c->boot = -1;
	if (kv_load(pmeta, &meta)) {
		problem(pmeta, "missing");
		from_id(c);
		c->mode = xstrdup("?");
		c->status = CELL_BROKEN;
		c->reason = xasprintf("missing %s", pmeta + strlen(run->dir) + 1);
		goto out;
	}
	c->config = xstrdup(kv_get(&meta, "config"));
	c->mode = xstrdup(kv_get(&meta, "mode"));
	c->guest = xstrdup(kv_get(&meta, "guest"));
	c->modules = xstrdup(kv_get(&meta, "modules"));
	c->workload = xstrdup(kv_get(&meta, "workload"));
	c->job = xstrdup(kv_get(&meta, "job"));
	c->engine = xstrdup(kv_get(&meta, "engine"));
	/* Runs from before these were recorded: cache=none, the manifest's kernel. */
	s = kv_get(&meta, "cache");
	c->cache = xstrdup(s ? s : "none");
	s = kv_get(&meta, "kernel");
	c->kernel = xstrdup(s ? s : kv_get(&run->manifest, "kernel"));
	c->window = kv_ll(&meta, "window", 0);
	c->range = kv_ll(&meta, "range", 0);
	c->working_set = kv_ll(&meta, "working_set", 0);
	c->files = (int)kv_ll(&meta, "files", 1);
	c->repeat = (int)kv_ll(&meta, "repeat", 1);
	c->log_msec = (int)kv_ll(&meta, "log_msec", 100);
	c->daxstat = kv_ll(&meta, "daxstat", 0) == 1;
	c->boot = cell_boot(run, pmeta, &meta, c->guest[0] ? c->guest : c->config);
	kv_free(&meta);
	if (!c->config[0] || !c->workload[0] || !c->mode[0]) {
		problem(pmeta, "corrupt (no config, mode or workload)");
		free(c->config);
		free(c->workload);
		from_id(c);
		c->status = CELL_BROKEN;
		c->reason = xasprintf("corrupt %s", pmeta + strlen(run->dir) + 1);
		goto out;
	}

	if (kv_load(pstatus, &st)) {
		problem(pstatus, "missing");
		c->status = CELL_BROKEN;
		c->reason = xasprintf("missing %s", pstatus + strlen(run->dir) + 1);
		goto out;
	}
	s = kv_get(&st, "status");
	c->reason = xstrdup(kv_get(&st, "reason"));
	c->log = xstrdup(kv_get(&st, "log"));
	c->started = kv_double(&st, "started");
	c->secs = kv_double(&st, "secs");
	c->span_s = kv_double(&st, "cell_end") - kv_double(&st, "cell_begin");
	if (s && !strcmp(s, "ok")) {
		c->status = CELL_OK;
	} else if (s && !strcmp(s, "unsupported")) {
		c->status = CELL_UNSUPPORTED;
	} else if (s && !strcmp(s, "failed")) {
		c->status = CELL_FAILED;
	} else {
		problem(pstatus, "corrupt (no status=ok|failed|unsupported)");
		c->status = CELL_BROKEN;
		free(c->reason);
		c->reason = xasprintf("corrupt %s", pstatus + strlen(run->dir) + 1);
	}
	kv_free(&st);
	if (c->status != CELL_OK)
		goto out;

	if (fio_parse(pfio, c, &why)) {
		problem(pfio, "%s", why);
		c->status = CELL_BROKEN;
		free(c->reason);
		c->reason = xasprintf("%s %s", why, pfio + strlen(run->dir) + 1);
		free(why);
		goto out;
	}
	if (strcmp(c->mode, "tmpfs"))
		load_host(celldir, c);
	if (!strcmp(c->mode, "dax") && c->daxstat)
		daxstat_slice(guest_dax(run, c->guest), c);
out:
	free(celldir);
	free(pmeta);
	free(pstatus);
	free(pfio);
}

/* The share of the cells' time in measured I/O: fio's runtime of the
 * measured jobs against each cell's time in the guest from its first
 * handshake to its last, over the cells that have both. */
static void measured_io(struct run *run)
{
	int i;

	for (i = 0; i < run->ncells; i++) {
		const struct cell *c = &run->cells[i];

		if (c->runtime_ms > 0 && c->span_s > 0) {
			run->io_s += c->runtime_ms / 1000.0;
			run->cell_s += c->span_s;
		}
	}
}

int load_run(const char *dir, struct run *run)
{
	char *p = path_join(dir, "cells.list");
	FILE *f = fopen(p, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int i;

	memset(run, 0, sizeof(*run));
	run->dir = xstrdup(dir);
	if (!f) {
		problem(p, "missing (is %s a results directory?)", dir);
		free(p);
		return -1;
	}
	free(p);
	while ((len = getline(&line, &cap, f)) >= 0) {
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == ' '))
			line[--len] = '\0';
		if (!len)
			continue;
		run->cells = xrealloc(run->cells, (run->ncells + 1) * sizeof(*run->cells));
		memset(&run->cells[run->ncells], 0, sizeof(*run->cells));
		run->cells[run->ncells++].id = xstrdup(line);
	}
	free(line);
	fclose(f);

	p = path_join(dir, "manifest");
	if (kv_load(p, &run->manifest))
		problem(p, "missing");
	free(p);
	p = path_join(dir, "matrix");
	kv_load(p, &run->matrix);
	free(p);

	for (i = 0; i < run->ncells; i++)
		load_cell(run, &run->cells[i]);
	load_window_memory(run);
	measured_io(run);
	prediction_load(dir, &run->pred);
	return 0;
}
