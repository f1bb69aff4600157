/* Cells of one (config, workload) over the repeats: what each measured,
 * kept per metric with the boot it ran in, and its summary over boots
 * (stats.c): the mean of boot means, its interval and the variance
 * components. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dsreport.h"

const struct metric_info metric_info[M_COUNT] = {
	[M_BW] = { "bandwidth", "MiB/s", 1, true, false },
	[M_IOPS] = { "IOPS", "", 0, true, false },
	[M_P50] = { "p50 latency", "µs", 1, false, false },
	[M_P99] = { "p99 latency", "µs", 1, false, false },
	[M_P999] = { "p99.9 latency", "µs", 1, false, false },
	[M_HIT] = { "hit ratio", "", 3, true, true },
	[M_SETUPS] = { "setup requests", "per cell", 0, false, true },
	[M_SETUPS_PER_S] = { "setup requests", "per second", 1, false, true },
	[M_SETUP_LAT] = { "setup latency", "µs", 1, false, true },
	[M_REMOVED_PER_S] = { "removed ranges (host)", "per second", 1, false, true },
	[M_RECLAIMS_PER_S] = { "reclaims (daxstat)", "per second", 1, false, true },
};

static void samples_add(struct samples *s, double v, int boot)
{
	if (!isfinite(v))
		return;
	s->v = xrealloc(s->v, (s->n + 1) * sizeof(double));
	s->boot = xrealloc(s->boot, (s->n + 1) * sizeof(int));
	s->v[s->n] = v;
	s->boot[s->n++] = boot;
}

static int index_of(char **list, int n, const char *s)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(list[i], s))
			return i;
	return -1;
}

/* Hit ratio of one cell: daxstat's own count (fuse_iomap_begin calls
 * served by an existing mapping) when its calls track fio's I/Os (at least
 * one per two I/Os), else the host's estimate: one FUSE_SETUPMAPPING per
 * I/O that missed. mmap workloads touch mapped pages without any call and
 * appends bypass DAX: daxstat's calls say little about their I/Os. */
static double cell_hit(const struct cell *c, bool *from_daxstat)
{
	*from_daxstat = false;
	if (strcmp(c->mode, "dax"))
		return NAN;
	if (c->dax.ok) {
		double all = c->dax.hits + c->dax.new_mappings + c->dax.upgrades;

		if (all > 0 && all >= 0.5 * c->ios) {
			*from_daxstat = true;
			return c->dax.hits / all;
		}
	}
	if (c->host.ok && c->ios > 0) {
		double h = 1.0 - c->host.setup_requests / c->ios;

		return h < 0 ? 0 : h;
	}
	return NAN;
}

double cell_metric(const struct cell *c, enum metric m)
{
	double secs = c->runtime_ms / 1000.0;
	bool host = c->host.ok && strcmp(c->mode, "tmpfs");
	bool dx;

	if (c->status != CELL_OK)
		return NAN;
	switch (m) {
	case M_BW: return c->bw_mib;
	case M_IOPS: return c->iops;
	case M_P50: return c->p50_us;
	case M_P99: return c->p99_us;
	case M_P999: return c->p999_us;
	case M_HIT: return cell_hit(c, &dx);
	case M_SETUPS: return host ? c->host.setup_requests : NAN;
	case M_SETUPS_PER_S: return host && secs > 0 ? c->host.setup_requests / secs : NAN;
	case M_SETUP_LAT:
		return host && c->host.setup_requests > 0 ?
			       c->host.setup_time_ns / c->host.setup_requests / 1000.0 : NAN;
	case M_REMOVED_PER_S: return host && secs > 0 ? c->host.remove_ranges / secs : NAN;
	case M_RECLAIMS_PER_S: return c->dax.ok && secs > 0 ? c->dax.reclaims / secs : NAN;
	case M_COUNT: break;
	}
	return NAN;
}

static int mode_rank(const struct groups *gs, const char *config)
{
	int k;

	for (k = 0; k < gs->n; k++) {
		if (strcmp(gs->g[k].config, config))
			continue;
		if (!strcmp(gs->g[k].mode, "dax"))
			return 0;
		if (!strcmp(gs->g[k].mode, "none"))
			return 1;
		if (!strcmp(gs->g[k].mode, "tmpfs"))
			return 2;
	}
	return 3;
}

/* Configs in the order dax, none, tmpfs (the baseline last), each in the
 * order of the run: a stable insertion sort. */
static void sort_configs(struct groups *gs)
{
	int i, j;

	for (i = 1; i < gs->nconfigs; i++) {
		char *c = gs->configs[i];
		int r = mode_rank(gs, c);

		for (j = i; j > 0 && mode_rank(gs, gs->configs[j - 1]) > r; j--)
			gs->configs[j] = gs->configs[j - 1];
		gs->configs[j] = c;
	}
}

void build_groups(const struct run *run, struct groups *gs)
{
	int i, k;
	enum metric m;

	memset(gs, 0, sizeof(*gs));
	gs->g = xcalloc(run->ncells, sizeof(*gs->g));
	for (i = 0; i < run->ncells; i++) {
		const struct cell *c = &run->cells[i];
		struct group *g = NULL;
		bool dx;

		if (index_of(gs->workloads, gs->nworkloads, c->workload) < 0) {
			gs->workloads = xrealloc(gs->workloads, (gs->nworkloads + 1) * sizeof(char *));
			gs->workloads[gs->nworkloads++] = c->workload;
		}
		if (index_of(gs->configs, gs->nconfigs, c->config) < 0) {
			gs->configs = xrealloc(gs->configs, (gs->nconfigs + 1) * sizeof(char *));
			gs->configs[gs->nconfigs++] = c->config;
		}
		g = (struct group *)find_group(gs, c->config, c->workload);
		if (!g) {
			g = &gs->g[gs->n++];
			g->config = c->config;
			g->workload = c->workload;
			g->mode = c->mode;
			g->job = c->job ? c->job : "?";
			g->engine = c->engine ? c->engine : "?";
			g->modules = c->modules ? c->modules : "?";
			g->cache = c->cache ? c->cache : "none";
			g->kernel = c->kernel && c->kernel[0] ? c->kernel : "unknown";
			g->files = c->files;
			g->window = c->window;
			g->range = c->range;
			g->working_set = c->working_set;
		}
		g->n_cells++;
		switch (c->status) {
		case CELL_FAILED: g->n_failed++; continue;
		case CELL_BROKEN: g->n_broken++; continue;
		case CELL_UNSUPPORTED:
			g->n_unsupported++;
			g->unsupported_reason = c->reason;
			continue;
		case CELL_OK: g->n_ok++; break;
		}
		for (m = 0; m < M_COUNT; m++)
			samples_add(&g->s[m], cell_metric(c, m), c->boot);
		cell_hit(c, &dx);
		if (dx)
			g->hit_from_daxstat = true;
	}
	sort_configs(gs);
	for (k = 0; k < gs->n; k++) {
		for (m = 0; m < M_COUNT; m++) {
			struct group *g = &gs->g[k];
			struct level2 l = group_level2(g, m);

			g->bs[m] = boot_summarize(&l);
			g->m[m] = g->bs[m].means;
			g->vc[m] = variance_components(&l);
		}
	}
}

struct level2 group_level2(const struct group *g, enum metric m)
{
	return (struct level2){ g->s[m].v, g->s[m].boot, g->s[m].n };
}

struct boot_compare group_compare(const struct group *a, const struct group *b, enum metric m)
{
	struct level2 la = group_level2(a, m), lb = group_level2(b, m);

	return boot_compare(&la, &lb);
}

const char *too_few_boots(char *dst, size_t len, const struct boot_compare *c)
{
	if (c->tested)
		return NULL;
	snprintf(dst, len, "too few boots: %d and %d", c->a.means.n, c->b.means.n);
	return dst;
}

const struct group *find_group(const struct groups *gs, const char *config, const char *workload)
{
	int k;

	for (k = 0; k < gs->n; k++)
		if (!strcmp(gs->g[k].config, config) && !strcmp(gs->g[k].workload, workload))
			return &gs->g[k];
	return NULL;
}

char *group_family(const struct group *g)
{
	return xasprintf("%s %s %df", g->job, g->engine, g->files);
}

bool group_dax_ok(const struct group *g)
{
	return !strcmp(g->mode, "dax") && g->n_ok > 0;
}

double group_ws_ratio(const struct group *g)
{
	return g->window > 0 ? (double)g->working_set / (double)g->window : NAN;
}
