/* The report's sections, rendered from the model (model.h): what is
 * measured, compared and recommended. The same document becomes summary.md
 * and report.html. Everything here is a function of the results directory
 * only (no clock, no host), so that a stored run always gives the same
 * report. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

#define N(v, d) fmt_num((char[32]){ 0 }, 32, (v), (d))
#define SZ(b) size_name((char[32]){ 0 }, 32, (b))

static const char *status_word(const struct group *g)
{
	if (g->n_ok)
		return NULL;
	if (g->n_unsupported)
		return "not supported";
	if (g->n_failed)
		return "failed";
	return "no result";
}

/* A run in which nothing was measured says why, before any empty table. */
static void no_cell_measured(const struct cell_tally *t, struct doc *d)
{
	const struct cell *c = t->first_not_run;

	if (c)
		doc_para(d, "**No cell was measured**: the tables and plots below are empty. "
			    "The first cell that did not run, %s, says: %s", c->id,
			 c->reason && *c->reason ? c->reason : "(no reason recorded)");
	else
		doc_para(d, "**No cell was measured**: the tables and plots below are empty.");
}

/* The QEMU and virtiofsd the guests ran on (runs before these were
 * recorded name only the suite's QEMU). */
static void host_stack(const struct run *run, struct doc *d)
{
	const char *q = kv_get(&run->manifest, "host_qemu");
	const char *v = kv_get(&run->manifest, "host_virtiofsd");

	if (q && v)
		doc_para(d, "Host stack: QEMU %s, virtiofsd %s.", q, v);
}

static void intro(const struct model *m, struct doc *d)
{
	const struct run *run = m->run;
	const struct cell_tally *t = &m->cells;
	const char *date = kv_get(&run->manifest, "date");

	doc_para(d, "Run of %s: %d cells (workload x mode x repeat): %d measured, %d not supported, "
		    "%d failed, %d with missing or corrupt result files.",
		 date ? date : "unknown date", run->ncells, t->ok, t->unsupported, t->failed, t->broken);
	if (!t->ok)
		no_cell_measured(t, d);
	if (run->cell_s > 0)
		doc_para(d, "Measured I/O: %.0f %% of the cells' %.1f s in the guests (fio's runtime "
			    "%.1f s); the rest is fio's start-up and the handshakes around each cell. "
			    "Longer cells (`DS_RUNTIME`) raise it.",
			 100 * run->io_s / run->cell_s, run->cell_s, run->io_s);
	host_stack(run, d);
	if (m->kvm)
		doc_para(d, "Accelerator: %s. The guests run with hardware virtualization.",
			 kv_get(&run->manifest, "accelerator"));
	else
		doc_para(d, "**These are TCG numbers, not KVM numbers.** The guests run under QEMU's "
			    "TCG emulator (no hardware virtualization), which makes every instruction, "
			    "and so every memory copy and FUSE round trip, many times slower than on "
			    "KVM, and not uniformly so. Compare the modes with each other; do not "
			    "compare the absolute numbers with a real machine.");
	doc_para(d, "Modes: `dax` mounts the share with dax=always on a DAX window of the given size "
		    "and range size; `none` is cache=none (every read and write is a FUSE request); "
		    "`tmpfs` is fio on the guest's own /tmp, the memory-copy limit that both are "
		    "measured against (%% of tmpfs).");
}

/* What each config label stands for: mode, virtiofsd cache mode, window,
 * range, modules and kernel. */
static void configs(const struct groups *gs, struct doc *d)
{
	struct table *t = table_new(7, "config", "mode", "cache", "window", "range", "modules",
				    "kernel");
	int c, k;

	for (c = 0; c < gs->nconfigs; c++) {
		for (k = 0; k < gs->n; k++) {
			const struct group *g = &gs->g[k];
			bool tmpfs = !strcmp(g->mode, "tmpfs");

			if (strcmp(g->config, gs->configs[c]))
				continue;
			table_row(t, g->config, g->mode, tmpfs ? "-" : g->cache,
				  g->window ? SZ(g->window) : "-", g->range ? SZ(g->range) : "-",
				  g->modules, g->kernel);
			break;
		}
	}
	doc_para(d, "Configs: the virtiofsd cache mode (`cache`) of each, with cache=none every "
		    "file is opened for direct I/O; with auto and always the guest's page cache "
		    "holds file data (dax=always bypasses it).");
	doc_table(d, t);
}

static void bandwidth(const struct model *m, const struct plots *p, struct doc *d)
{
	const struct groups *gs = &m->gs;
	struct table *t = table_new(9, "workload", "config", "MiB/s", "± 95% CI", "IOPS", "± 95% CI",
				    "% of tmpfs", "cells ok", "boots");
	int w, c;

	for (c = 2; c < 9; c++)
		table_right(t, c);
	doc_heading(d, "Bandwidth and IOPS");
	doc_para(d, "Mean of the boot means (each guest boot's repeats averaged, then the boots), "
		    "with the half-width of its 95 %% confidence interval (Student's t over the boot "
		    "means; n/a with one boot: repeats within a boot share its state and do not "
		    "show how much a second boot would differ), which the error bars show. "
		    "All workloads use 4 KiB blocks; *-1f run one job on one file, *-4f four jobs on "
		    "four files of a quarter of the size each. The plots have one panel per access "
		    "pattern.");
	if (p->made) {
		doc_figure(d, "bandwidth", "Bandwidth per access pattern, workload and config (log scale)");
		doc_figure(d, "iops", "IOPS per access pattern, workload and config (log scale)");
	}
	for (w = 0; w < gs->nworkloads; w++) {
		for (c = 0; c < gs->nconfigs; c++) {
			const struct group *g = find_group(gs, gs->configs[c], gs->workloads[w]);
			const char *st;
			char ok[32];

			if (!g)
				continue;
			snprintf(ok, sizeof(ok), "%d/%d", g->n_ok, g->n_cells);
			st = status_word(g);
			if (st) {
				table_row(t, g->workload, g->config, st, "", "", "", "", ok, "");
				continue;
			}
			table_row(t, g->workload, g->config, N(g->m[M_BW].mean, 1), N(g->m[M_BW].ci, 1),
				  N(g->m[M_IOPS].mean, 0), N(g->m[M_IOPS].ci, 0),
				  N(model_pct_of_tmpfs(m, g), 1), ok,
				  N(g->m[M_BW].n, 0));
		}
	}
	doc_table(d, t);
}

static void latency(const struct groups *gs, const struct plots *p, struct doc *d)
{
	struct table *t = table_new(5, "workload", "config", "p50 µs", "p99 µs", "p99.9 µs");
	int w, c;

	for (c = 2; c < 5; c++)
		table_right(t, c);
	doc_heading(d, "Latency percentiles");
	doc_para(d, "fio's completion latency (clat) percentiles, mean of the boot means, of the "
		    "direction with the most I/Os (reads for randrw, 75%% reads).");
	if (p->made)
		doc_figure(d, "latency", "p99 clat per access pattern, workload and config; the "
					 "whisker runs from p50 to p99.9 (log scale)");
	for (w = 0; w < gs->nworkloads; w++) {
		for (c = 0; c < gs->nconfigs; c++) {
			const struct group *g = find_group(gs, gs->configs[c], gs->workloads[w]);

			if (!g || !g->n_ok)
				continue;
			table_row(t, g->workload, g->config, N(g->m[M_P50].mean, 1), N(g->m[M_P99].mean, 1),
				  N(g->m[M_P999].mean, 1));
		}
	}
	doc_table(d, t);
}

static void window_memory(const struct run *run, struct doc *d)
{
	struct table *t;
	int i;

	if (!run->nwmem)
		return;
	t = table_new(2, "window", "guest memory it costs (MiB)");
	table_right(t, 1);
	doc_para(d, "What the window costs the guest: the kernel keeps a struct page for every "
		    "4 KiB of the window, taken from guest memory at boot. Measured per window as "
		    "the free memory (MemFree plus the per-CPU free lists) at the start of a guest "
		    "without a window minus that of the dax guest with that window (same memory, "
		    "kernel and modules).");
	for (i = 0; i < run->nwmem; i++)
		table_row(t, SZ(run->wmem_window[i]), N(run->wmem_kib[i] / 1024.0, 1));
	doc_table(d, t);
}

static void window_sweep(const struct model *m, const struct plots *p, struct doc *d)
{
	const struct groups *gs = &m->gs;
	const struct group *lo = m->cliff_lo, *hi = m->cliff_hi;
	struct table *t = table_new(11, "config", "workload", "working set", "window", "ws/window",
				    "MiB/s", "hit ratio", "hits from", "setups/cell",
				    "removed ranges/s (host)", "reclaims/s (daxstat)");
	int k, c;

	for (c = 4; c < 11; c++)
		table_right(t, c);
	table_right(t, 2);
	table_right(t, 3);
	t->right[7] = false;
	doc_heading(d, "Window sweep");
	doc_para(d, "Each DAX cell against its working set divided by the window (ws/window). A "
		    "working set that fits (ratio below 1) is mapped once and then every access is a "
		    "hit. Past 1, ranges must be taken back to map others: the guest reclaims a range "
		    "(FUSE_REMOVEMAPPING; virtiofsd counts removed ranges) and sets up the next "
		    "(FUSE_SETUPMAPPING) on a large part of the accesses, so the hit ratio falls "
		    "towards window/working set and bandwidth falls off a cliff while the removed "
		    "ranges per second rise. The hit ratio is daxstat's (fuse_iomap_begin calls "
		    "served by an existing mapping) when its calls track fio's I/Os, else the host's "
		    "estimate (1 - setup requests / I/Os; mmap cells touch mapped pages without any "
		    "call). The counts are per cell: the runner samples virtiofsd's counters before "
		    "and after each cell. A few removed ranges in cells whose working set fits are "
		    "the other workloads' files giving their ranges back: one window serves every "
		    "file of the guest.");
	if (p->made)
		doc_figure(d, "window-sweep",
			   "Bandwidth, hit ratio and reclaims against working set / window");
	for (k = 0; k < gs->n; k++) {
		const struct group *g = &gs->g[k];

		if (!group_dax_ok(g))
			continue;
		table_row(t, g->config, g->workload, SZ(g->working_set), SZ(g->window), N(group_ws_ratio(g), 2),
			  N(g->m[M_BW].mean, 1), N(g->m[M_HIT].mean, 3),
			  isnan(g->m[M_HIT].mean) ? "-" : g->hit_from_daxstat ? "daxstat" : "host estimate",
			  N(g->m[M_SETUPS].mean, 0), N(g->m[M_REMOVED_PER_S].mean, 1),
			  N(g->m[M_RECLAIMS_PER_S].mean, 1));
	}
	doc_table(d, t);
	if (lo && hi) {
		doc_para(d, "In this run (%s): %s MiB/s with the working set at %s of the window, "
			    "%s MiB/s at %s of it; hit ratio %s -> %s; removed ranges/s %s -> %s.",
			 lo->job, N(lo->m[M_BW].mean, 1), N(group_ws_ratio(lo), 2), N(hi->m[M_BW].mean, 1), N(group_ws_ratio(hi), 2),
			 N(lo->m[M_HIT].mean, 3), N(hi->m[M_HIT].mean, 3), N(lo->m[M_REMOVED_PER_S].mean, 1),
			 N(hi->m[M_REMOVED_PER_S].mean, 1));
	}
	window_memory(m->run, d);
}

static void range_sweep(const struct model *m, const struct plots *p, struct doc *d)
{
	const struct groups *gs = &m->gs;
	struct table *t = table_new(7, "config", "workload", "range", "window", "MiB/s",
				    "setup requests/cell", "mean setup latency µs");
	const char *mods = kv_get(&m->run->manifest, "modules");
	int k, c;

	for (c = 2; c < 7; c++)
		table_right(t, c);
	doc_heading(d, "Range sweep");
	doc_para(d, "Bandwidth, FUSE_SETUPMAPPING requests per cell and their mean latency "
		    "(virtiofsd's setup_time_ns / setup_requests, including the round trip to QEMU) "
		    "against the DAX range size.");
	for (k = 0; k < gs->n; k++) {
		const struct group *g = &gs->g[k];

		if (!group_dax_ok(g))
			continue;
		table_row(t, g->config, g->workload, SZ(g->range), SZ(g->window), N(g->m[M_BW].mean, 1),
			  N(g->m[M_SETUPS].mean, 0), N(g->m[M_SETUP_LAT].mean, 1));
	}
	if (!m->range_varies)
		doc_para(d, "This run has one range size only (%s). Stock Linux 6.1 fuse/virtiofs "
			    "modules map 2M ranges and nothing else; other sizes need the patched "
			    "modules from kernel/build-modules.sh with their dax_range mount option "
			    "(`make tune` sweeps them when those modules have it). Modules here: %s.",
			 m->dax_range >= 0 ? SZ(m->dax_range) : "none", mods ? mods : "unknown");
	if (p->made)
		doc_figure(d, "range-sweep", "Bandwidth, setup requests and setup latency against range size");
	doc_table(d, t);
}

/* A prediction error: counts in %, the hit ratio in points. */
static const char *pred_err(char *b, size_t n, double e, bool points)
{
	if (isnan(e))
		snprintf(b, n, "-");
	else if (isinf(e))
		snprintf(b, n, "inf");
	else
		snprintf(b, n, "%+.1f%s", e, points ? " pp" : " %");
	return b;
}

#define PE(e, pts) pred_err((char[32]){ 0 }, 32, (e), (pts))

static void prediction(const struct run *run, const struct plots *p, struct doc *d)
{
	const struct prediction *pr = &run->pred;
	struct table *t;
	int i, c;

	if (!pr->present)
		return;
	doc_heading(d, "The model against the sweep");
	doc_para(d, "Every dax guest recorded its references (daxstat --record); daxsim replayed "
		    "each recording through its model of the 6.1 driver's allocation and reclaim "
		    "(sim/README.md) at the window and range that guest ran with, and counted over "
		    "exactly the daxstat intervals that measured each cell. Predicted beside "
		    "measured, summed over the repeats; errors of counts in %% of the measured, of "
		    "the hit ratio in percentage points. A line is over when an error exceeds its "
		    "tolerance: 15 %%, or the measured spread of its repeats when that is larger.");
	if (p->made && pr->ncurves)
		doc_figure(d, "prediction", "Predicted hit ratio over window size (lines), measured (points): "
			   "the window sweep's range, workloads that read the same bytes at every "
			   "window (not ws-*, whose working set follows the window)");
	t = table_new(14, "workload", "window", "range", "new maps predicted", "measured", "error",
		      "reclaims predicted", "measured", "error", "hit ratio predicted", "measured",
		      "error", "tolerance", "result");
	for (c = 1; c < 13; c++)
		table_right(t, c);
	for (i = 0; i < pr->nlines; i++) {
		const struct pred_line *l = &pr->lines[i];

		table_row(t, l->workload, SZ(l->window), SZ(l->range), N(l->pred[PRED_NEW], 0),
			  N(l->meas[PRED_NEW], 0), PE(l->err[PRED_NEW], false), N(l->pred[PRED_RECLAIMS], 0),
			  N(l->meas[PRED_RECLAIMS], 0), PE(l->err[PRED_RECLAIMS], false),
			  N(l->pred[PRED_HIT], 3), N(l->meas[PRED_HIT], 3), PE(l->err[PRED_HIT], true),
			  PE(l->tolerance, false) + 1, l->result);
	}
	doc_table(d, t);
	if (isinf(pr->max_error))
		doc_para(d, "Largest error: infinite (a count measured 0 that the model predicts).");
	else if (!isnan(pr->max_error))
		doc_para(d, "Largest error: %.1f %% (counts in %%, the hit ratio in points).", pr->max_error);
}

static void timeseries(const struct model *m, const struct plots *p, struct doc *d)
{
	doc_heading(d, "Time series");
	if (!m->timeseries) {
		doc_para(d, "No cell ran.");
		return;
	}
	doc_para(d, "Cell `%s` (the DAX cell with the most reclaims): fio's bandwidth log%s.",
		 m->timeseries->id,
		 p->timeseries_daxstat ?
			 " next to daxstat's free ranges and reclaims per second (daxstat ran for "
			 "the whole guest; its intervals are placed on the cell by the guest's clock)" :
			 ". Free ranges and reclaims per second: unavailable (no daxstat JSON lines "
			 "for this cell; collectors/daxstat was not built or did not run)");
	if (p->made)
		doc_figure(d, "timeseries", "Bandwidth, free ranges and reclaims per second over time");
}

static void not_measured(const struct run *run, struct doc *d)
{
	struct table *t = table_new(4, "cell", "status", "reason", "log");
	int i;

	for (i = 0; i < run->ncells; i++) {
		const struct cell *c = &run->cells[i];
		const char *st = c->status == CELL_FAILED ? "failed" :
				 c->status == CELL_UNSUPPORTED ? "not supported" :
				 c->status == CELL_BROKEN ? "result files missing or corrupt" : NULL;

		if (st)
			table_row(t, c->id, st, c->reason ? c->reason : "", c->log ? c->log : "");
	}
	doc_heading(d, "Cells not measured");
	if (!t->nrows) {
		doc_para(d, "None: every cell ran and its results were read.");
		return;
	}
	doc_para(d, "Not supported is a property of the mode, not a failure: Linux 6.1 refuses a "
		    "shared mmap of a file opened for direct I/O, which is what cache=none makes "
		    "every file. Log paths are relative to the results directory.");
	doc_table(d, t);
}

static void manifest(const struct run *run, struct doc *d)
{
	struct table *t = table_new(2, "key", "value");
	int i;

	doc_heading(d, "Manifest");
	for (i = 0; i < run->manifest.n; i++)
		table_row(t, run->manifest.keys[i], run->manifest.vals[i]);
	for (i = 0; i < run->matrix.n; i++) {
		char *k = xasprintf("matrix_%s", run->matrix.keys[i]);

		table_row(t, k, run->matrix.vals[i]);
		free(k);
	}
	doc_table(d, t);
}

void render_report(const struct model *m, const struct plots *p, struct doc *d)
{
	const struct run *run = m->run;

	render_summary(m, d);
	d->title = xasprintf("daxscope report: %s", run_name(run->dir));
	doc_heading(d, "This run");
	intro(m, d);
	configs(&m->gs, d);
	bandwidth(m, p, d);
	latency(&m->gs, p, d);
	render_noise(m, d);
	window_sweep(m, p, d);
	range_sweep(m, p, d);
	prediction(run, p, d);
	timeseries(m, p, d);
	not_measured(run, d);
	manifest(run, d);
}

void render_summary(const struct model *m, struct doc *d)
{
	memset(d, 0, sizeof(*d));
	render_opening(m, d);
	render_recommendation(m, d);
	d->opening = d->n;
}
