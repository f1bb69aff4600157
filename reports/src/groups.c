/* Cells of one (config, workload) over the repeats: mean and standard
 * deviation of what they measured. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dsreport.h"

/* Running sums; NaN values (not measured) are left out. */
struct acc {
	int n;
	double sum, sumsq;
};

static void acc_add(struct acc *a, double v)
{
	if (isnan(v) || isinf(v))
		return;
	a->n++;
	a->sum += v;
	a->sumsq += v * v;
}

/* Sample standard deviation (n - 1); 0 for a single value. */
static struct summary acc_done(const struct acc *a)
{
	struct summary s = { a->n, NAN, NAN };
	double var;

	if (!a->n)
		return s;
	s.mean = a->sum / a->n;
	var = a->n > 1 ? (a->sumsq - a->sum * a->sum / a->n) / (a->n - 1) : 0;
	s.sd = var > 0 ? sqrt(var) : 0;
	return s;
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
	struct acc (*acc)[10];
	int i, k;

	memset(gs, 0, sizeof(*gs));
	gs->g = xcalloc(run->ncells, sizeof(*gs->g));
	acc = xcalloc(run->ncells, sizeof(*acc));
	for (i = 0; i < run->ncells; i++) {
		const struct cell *c = &run->cells[i];
		struct group *g = NULL;
		double secs = c->runtime_ms / 1000.0;
		bool dx;
		double hit;

		if (index_of(gs->workloads, gs->nworkloads, c->workload) < 0) {
			gs->workloads = xrealloc(gs->workloads, (gs->nworkloads + 1) * sizeof(char *));
			gs->workloads[gs->nworkloads++] = c->workload;
		}
		if (index_of(gs->configs, gs->nconfigs, c->config) < 0) {
			gs->configs = xrealloc(gs->configs, (gs->nconfigs + 1) * sizeof(char *));
			gs->configs[gs->nconfigs++] = c->config;
		}
		for (k = 0; k < gs->n; k++)
			if (!strcmp(gs->g[k].config, c->config) && !strcmp(gs->g[k].workload, c->workload))
				g = &gs->g[k];
		if (!g) {
			k = gs->n++;
			g = &gs->g[k];
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
		k = (int)(g - gs->g);
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
		acc_add(&acc[k][0], c->bw_mib);
		acc_add(&acc[k][1], c->iops);
		acc_add(&acc[k][2], c->p50_us);
		acc_add(&acc[k][3], c->p99_us);
		acc_add(&acc[k][4], c->p999_us);
		hit = cell_hit(c, &dx);
		acc_add(&acc[k][5], hit);
		if (dx)
			g->hit_from_daxstat = true;
		if (c->host.ok && strcmp(c->mode, "tmpfs")) {
			acc_add(&acc[k][6], c->host.setup_requests);
			if (c->host.setup_requests > 0)
				acc_add(&acc[k][7], c->host.setup_time_ns / c->host.setup_requests / 1000.0);
			if (secs > 0)
				acc_add(&acc[k][8], c->host.remove_ranges / secs);
		}
		if (c->dax.ok && secs > 0)
			acc_add(&acc[k][9], c->dax.reclaims / secs);
	}
	sort_configs(gs);
	for (k = 0; k < gs->n; k++) {
		struct group *g = &gs->g[k];

		g->bw = acc_done(&acc[k][0]);
		g->iops = acc_done(&acc[k][1]);
		g->p50 = acc_done(&acc[k][2]);
		g->p99 = acc_done(&acc[k][3]);
		g->p999 = acc_done(&acc[k][4]);
		g->hit = acc_done(&acc[k][5]);
		g->setups = acc_done(&acc[k][6]);
		g->setup_lat_us = acc_done(&acc[k][7]);
		g->removed_per_s = acc_done(&acc[k][8]);
		g->reclaims_per_s = acc_done(&acc[k][9]);
	}
	free(acc);
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
